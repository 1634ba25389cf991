"""The history of an object: who changed what and when, and a diff between any two revisions."""

from __future__ import annotations

import json
from contextlib import nullcontext

from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from editorial.display import moment_label
from editorial.pickers import picker_label
from editorial.revisions import object_versions, previous_version, revision_changes


def _saved(version) -> dict | None:
    if version is None:
        return None
    user = version.revision.user
    who = (user.get_full_name() or user.get_username()) if user else "—"
    return {"when": moment_label(version.revision.date_created), "who": who}


class RevisionHistoryMixin:
    """History page with per-revision changes, revert links and a compare view (VersionAdmin)."""

    object_history_template = "admin/editorial/object_history.html"
    compare_template = "admin/editorial/revision_compare.html"

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def _admin_url(self, name, *args):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}",
            args=args,
        )

    def history_view(self, request, object_id, extra_context=None):
        zone = self.time_zone_for(request, object_id)
        with timezone.override(zone) if zone else nullcontext():
            versions = list(object_versions(self.model, unquote(object_id)))
            can_revert = self.can_restore(request)
            labels = self._field_labels(request)
            entries = []
            for index, version in enumerate(versions):
                earlier = versions[index + 1] if index + 1 < len(versions) else None
                compare_url = self._admin_url("compare", quote(version.object_id))
                entries.append(
                    {
                        "version": version,
                        "revision": version.revision,
                        "saved_at": moment_label(version.revision.date_created),
                        "what_changed": self._what_changed(version.revision, labels),
                        "changes_url": f"{compare_url}?to={version.pk}"
                        + (f"&from={earlier.pk}" if earlier else ""),
                        "revert_url": (
                            self._admin_url("revision", quote(version.object_id), version.pk)
                            if can_revert and index > 0
                            else None
                        ),
                    }
                )
            obj = self.get_object(request, unquote(object_id))
            context = {
                "entries": entries,
                "compare_url": self._admin_url("compare", object_id),
                **({"title": _("Change history: %s") % self._label(obj)} if obj else {}),
                **({"desk_label": self._label(obj)} if obj else {}),
                **(extra_context or {}),
            }
            response = super().history_view(request, object_id, context)
            if hasattr(response, "render"):
                response.render()
            return response

    def _field_labels(self, request) -> dict[str, str]:
        """
        Map field labels as change messages store them (in the source language: Django
        writes them untranslated) to the interface's: "Body" → "本文".
        """
        models = [self.model]
        models += [inline.model for inline in self.get_inline_instances(request)]
        fields = [
            f for model in models for f in model._meta.get_fields() if hasattr(f, "verbose_name")
        ]
        names = [f.verbose_name for f in fields] + [m._meta.verbose_name for m in models]
        with translation.override(None):
            stored = [capfirst(str(name)) for name in names] + [str(name) for name in names]
        shown = [capfirst(str(name)) for name in names] + [str(name) for name in names]
        return dict(zip(stored, shown, strict=True))

    @staticmethod
    def _what_changed(revision, labels: dict[str, str]) -> str:
        """Return the revision's comment in the interface's language, fields named in it."""
        try:
            message = json.loads(revision.comment)
        except ValueError:
            return revision.get_comment()
        if not isinstance(message, list):
            return revision.get_comment()
        for part in message:
            for detail in part.values() if isinstance(part, dict) else ():
                if not isinstance(detail, dict):
                    continue
                if "fields" in detail:
                    detail["fields"] = [labels.get(name, name) for name in detail["fields"]]
                if "name" in detail:
                    detail["name"] = labels.get(detail["name"], detail["name"])
        return LogEntry(change_message=json.dumps(message)).get_change_message()

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = object_versions(self.model, obj.pk)
        chosen = {
            key: versions.filter(pk=request.GET[key]).first()
            for key in ("from", "to")
            if request.GET.get(key, "").isdigit()
        }
        new = chosen.get("to") or versions.first()
        if new is None:
            return redirect(self._admin_url("history", object_id))
        old = chosen.get("from") if "from" in request.GET else previous_version(new)
        if old is not None and old.pk > new.pk:
            old, new = new, old
        zone = self.time_zone_for(request, object_id)
        with timezone.override(zone) if zone else nullcontext():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Changes to %(object)s") % {"object": self._label(obj)},
                "desk_label": self._label(obj),
                "subtitle": None,
                "opts": self.model._meta,
                "object": obj,
                "old": old,
                "new": new,
                "old_saved": _saved(old),
                "new_saved": _saved(new),
                "changes": revision_changes(old, new),
                "history_url": self._admin_url("history", object_id),
            }
            request.current_app = self.admin_site.name
            response = TemplateResponse(request, self.compare_template, context)
            response.render()
            return response

    def _label(self, obj) -> str:
        """The object as the desk names it: its headline or name, else its picker label."""
        return self.localized_label(obj) if hasattr(self, "localized_label") else picker_label(obj)

    def conflict_changes(self, conflict, obj):
        """Return what the other person changed since the form was opened (or None)."""
        if conflict is None or obj is None or obj.pk is None:
            return None
        versions = object_versions(type(obj), obj.pk)
        new = versions.first()
        if new is None:
            return []
        old = None
        if conflict.opened_revision:
            old = versions.filter(pk=conflict.opened_revision).first()
        if old is None:
            old = previous_version(new)
        if old is not None and old.pk == new.pk:
            return []
        return revision_changes(old, new)
