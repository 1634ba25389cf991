"""
The side-by-side editor of one translation row: where translators and reviewers work.

Each text field sits beside its source text (or, for a stale translation, the word diff
of the source since the translation was made), with the quality warnings, the row's
provenance and the statuses the user's role allows. Every save carries the version the
edit started from, goes through ``translation_save`` and is one revision of the object.
"""

from __future__ import annotations

from copy import copy

import reversion
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import allowed_statuses, can_edit_text, can_review, is_editor
from core.concurrency import StaleEdit
from translations.diff import source_changes
from translations.labels import moment_in_zone, row_label, text_label, time_zone_of
from translations.machinery import (
    TranslationOrigin,
    TranslationStatus,
    language_codes,
    language_name,
)
from translations.models import ReviewDecision
from translations.quality import check_translation
from translations.review import open_request, review_notes, translation_review
from translations.services import Provenance, translation_save, translation_save_problems
from translations.widgets import minor_change_field, put_sources_beside

PROVENANCE_FIELDS = ("origin", "origin_detail", "origin_language")
# People choose among these; "imported" is set by imports only.
CHOSEN_ORIGINS = (TranslationOrigin.HUMAN, TranslationOrigin.MACHINE, TranslationOrigin.PIVOT)


class TranslationForm(forms.Form):
    """The texts, status and provenance of one row, limited to what the user may set."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, row, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.row, self.user = row, user
        model = type(row)
        for name in row.translated_fields:
            self.fields[name] = model._meta.get_field(name).formfield()
            self.initial.setdefault(name, getattr(row, name))
        statuses = allowed_statuses(user, row.language_code)
        initial_status = row.status if row.pk else TranslationStatus.DRAFT
        if row.pk and row.status not in statuses:
            statuses = [row.status, *statuses]  # keeping the current status is always allowed
            if row.status == TranslationStatus.APPROVED:
                # Not theirs to choose: their save sends the text to review, so say that.
                initial_status = TranslationStatus.IN_REVIEW
        self.fields["status"] = forms.ChoiceField(
            label=gettext_lazy("status"),
            choices=[
                (s, TranslationStatus(s).label) for s in TranslationStatus.values if s in statuses
            ],
            widget=forms.RadioSelect,
        )
        origins = [o for o in TranslationOrigin if o in CHOSEN_ORIGINS or o == row.origin]
        self.fields["origin"] = forms.ChoiceField(
            label=gettext_lazy("origin"), choices=[(o.value, o.label) for o in origins]
        )
        self.fields["origin_detail"] = model._meta.get_field("origin_detail").formfield()
        self.fields["origin_language"] = forms.ChoiceField(
            label=gettext_lazy("translated via"),
            required=False,
            choices=[("", "—")]
            + [(c, language_name(c)) for c in language_codes() if c != row.language_code],
        )
        if row.pk and row.is_source and is_editor(user):
            self.fields["minor_change"] = minor_change_field()
        if self.offers_review():
            self.fields["review_comment"] = forms.CharField(
                label=gettext_lazy("Comment for the translator"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=gettext_lazy(
                    "Required to request changes: say what to change. Optional when approving."
                ),
            )
        self.initial.update(
            {
                "version": row.version,
                "status": initial_status,
                "origin": row.origin,
                "origin_detail": row.origin_detail,
                "origin_language": row.origin_language,
            }
        )
        if not row.is_source:
            put_sources_beside(
                self,
                source=row.parent.source_texts(),
                language=row.parent.original_language,
                changes=source_changes(row) if row.pk else None,
            )

    def offers_review(self) -> bool:
        """Whether the Approve and Request changes buttons are shown (a text in review)."""
        row = self.row
        return (
            row.pk is not None
            and row.status == TranslationStatus.IN_REVIEW
            and can_review(self.user, row.language_code)
        )

    def text_fields(self):
        return [self[name] for name in self.row.translated_fields]

    def texts(self) -> dict[str, str]:
        return {n: self.cleaned_data.get(n) or "" for n in self.row.translated_fields}

    def provenance(self) -> Provenance | None:
        """Return the provenance the user set, or None when they left it as it was."""
        if not self.row.pk or set(self.changed_data) & set(PROVENANCE_FIELDS):
            data = self.cleaned_data
            return Provenance(
                data["origin"], data.get("origin_detail") or "", data["origin_language"]
            )
        return None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if self.row.pk and cleaned.get("version") is None:
            raise ValidationError(_("The form lost the version it was opened at; reload the page."))
        provenance = self.provenance()
        if provenance is not None:
            probe = copy(self.row)
            provenance.apply_to(probe)
            for name, error in probe.provenance_errors().items():
                self.add_error(name, error)
        problems = translation_save_problems(
            row=self.row,
            user=self.user,
            texts=self.texts(),
            status=cleaned.get("status"),
            minor_change=bool(cleaned.get("minor_change")),
        )
        if problems:
            raise ValidationError(problems)
        return cleaned


class TranslationEditor:
    """Show and save one translation row (new or existing) for a ``TranslationRowAdmin``."""

    def __init__(self, model_admin, request, row):
        self.admin, self.request = model_admin, request
        self.user = request.user
        self.row = row if row is not None else self.new_row()

    # -- the row -----------------------------------------------------------------

    def new_row(self):
        """Return an unsaved row for ``?<parent>=<pk>&language_code=<code>``."""
        model = self.admin.model
        parent_model = model._meta.get_field(model.parent_field).related_model
        language = self.request.GET.get("language_code", "")
        try:
            parent = parent_model._default_manager.get(pk=self.request.GET.get(model.parent_field))
        except (parent_model.DoesNotExist, ValueError, TypeError) as error:
            raise Http404(_("Choose the object to translate from its page.")) from error
        if language not in language_codes() or not can_edit_text(self.user, language):
            raise PermissionDenied(_("You may not write text in this language."))
        return model(**{model.parent_field: parent}, language_code=language)

    @property
    def existing(self):
        if self.row.pk is not None:
            return None
        return self.row.parent.translations.filter(language_code=self.row.language_code).first()

    @property
    def editable(self) -> bool:
        if self.row.pk is None:
            return True
        return self.admin.has_change_permission(self.request, self.row)

    # -- the request ---------------------------------------------------------------

    def response(self):
        if self.existing is not None:
            return redirect(self.change_url(self.existing) + self.next_query())
        data = self.request.POST if self.request.method == "POST" and self.editable else None
        form = TranslationForm(data, row=self.row, user=self.user)
        if not self.editable:
            for field in form.fields.values():
                field.disabled = True
        if data is not None and form.is_valid():
            saved = self.save(form)
            if saved is not None:
                return self.after_save(saved)
        return self.render(form)

    def save(self, form):
        data = form.cleaned_data
        minor = bool(data.get("minor_change"))
        try:
            with transaction.atomic(), reversion.create_revision():
                row = self.row
                if row.pk is not None:
                    row = type(row).objects.get(pk=row.pk)
                decision = self.decision(form)
                if decision:
                    note = translation_review(
                        row=row,
                        user=self.user,
                        decision=decision,
                        comment=data.get("review_comment") or "",
                        texts=form.texts(),
                        expected_version=data["version"],
                    )
                    saved = note.row
                else:
                    saved = translation_save(
                        row=row,
                        user=self.user,
                        texts=form.texts(),
                        status=data["status"],
                        provenance=form.provenance(),
                        minor_change=minor,
                        expected_version=data["version"] if row.pk is not None else None,
                    )
                comment = self.comment(saved, form, minor)
                if decision:
                    comment = f"{note.get_decision_display()}: {comment}"
                    self.decided = note
                reversion.set_user(self.user)
                reversion.set_comment(comment)
                for item in (saved.parent, saved):
                    if reversion.is_registered(type(item)):
                        reversion.add_to_revision(item)
        except StaleEdit as stale:
            form.add_error(
                None,
                _("%(problem)s Nothing was saved; your text is kept below. Copy it, then reload.")
                % {"problem": stale},
            )
            return None
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            return None
        except ValidationError as error:
            for name, problems in getattr(
                error, "message_dict", {"__all__": error.messages}
            ).items():
                form.add_error(name if name in form.fields else None, problems)
            return None
        if self.row.pk is None:
            self.admin.log_addition(self.request, saved, comment)
        else:
            self.admin.log_change(self.request, saved, comment)
        return saved

    def decision(self, form) -> str:
        """Return the review decision the button pressed asks for (empty for a plain save)."""
        if not form.offers_review():
            return ""
        if "_approve" in self.request.POST:
            return ReviewDecision.APPROVED
        if "_request_changes" in self.request.POST:
            return ReviewDecision.CHANGES_REQUESTED
        return ""

    def comment(self, row, form, minor: bool) -> str:
        changed = [
            str(form.fields[name].label)
            for name in row.translated_fields
            if name in form.changed_data
        ]
        if minor:
            return _("Minor change to the source text (%(fields)s); translations kept current.") % {
                "fields": ", ".join(changed) or "—"
            }
        return _("Text in %(language)s: %(fields)s; status: %(status)s.") % {
            "language": language_name(row.language_code),
            "fields": ", ".join(changed) or _("unchanged"),
            "status": TranslationStatus(row.status).label,
        }

    def after_save(self, saved):
        note = getattr(self, "decided", None)
        if note is not None:
            return self.after_decision(saved, note)
        messages.success(
            self.request,
            _("Saved “%(row)s” (%(state)s).")
            % {"row": row_label(saved), "state": saved.state.label},
        )
        if "_continue" in self.request.POST:
            return redirect(self.change_url(saved) + self.next_query())
        target = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return redirect(target)
        opts = self.admin.opts
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def after_decision(self, saved, note):
        if note.decision == ReviewDecision.APPROVED:
            message = _("Approved “%(row)s”.")
        else:
            message = _("Sent “%(row)s” back to its translator with your comment.")
        messages.success(self.request, message % {"row": row_label(saved)})
        target = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return redirect(target)
        return redirect(reverse("admin:index"))

    # -- the page ------------------------------------------------------------------

    def change_url(self, row) -> str:
        opts = self.admin.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])

    def next_query(self) -> str:
        target = self.request.GET.get("next", "")
        return f"?next={target}" if target else ""

    def parent_url(self) -> str | None:
        parent = self.row.parent
        opts = parent._meta
        if not self.admin.admin_site.is_registered(type(parent)):
            return None
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[parent.pk])
        except NoReverseMatch:
            return None

    def render(self, form):
        row, parent = self.row, self.row.parent
        opts = self.admin.opts
        zone = time_zone_of(parent)
        notes = review_notes(row)
        for note in notes:
            note.at = moment_in_zone(note.created_at, zone)
        if row.is_source:
            title = _("Source text of “%(object)s” (%(language)s)")
        else:
            title = _("Translation of “%(object)s” into %(language)s")
        context = {
            **self.admin.admin_site.each_context(self.request),
            "title": title
            % {"object": text_label(parent), "language": language_name(row.language_code)},
            "parent_label": text_label(parent),
            "opts": opts,
            "app_label": opts.app_label,
            "row": row,
            "parent": parent,
            "parent_url": self.parent_url(),
            "parent_verbose_name": parent._meta.verbose_name,
            "form": form,
            "editable": self.editable,
            "state": row.state if row.pk else None,
            "source_language_name": language_name(parent.original_language),
            "warnings": check_translation(row) if row.pk else [],
            "review_notes": notes,
            "open_request": open_request(row, notes),
            "time_zone": zone,
            "reviewed_at": moment_in_zone(row.reviewed_at, zone),
            "updated_at": moment_in_zone(row.updated_at, zone),
            "origin_at": moment_in_zone(row.origin_at, zone),
            "media": self.admin.media + form.media,
            "has_view_permission": True,
            "history_url": (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.pk])
                if row.pk
                else None
            ),
        }
        return TemplateResponse(self.request, "admin/translations/translation_form.html", context)
