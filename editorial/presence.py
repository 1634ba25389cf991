"""
Presence: opening an object that someone else has open, or saved a few minutes ago, says so.

Opening a change form records the editor as present; the page's heartbeat (a small script
posting to ``<object>/presence/``) keeps the record fresh and answers who else is there, and
leaving the page removes it. Records older than ``PRESENCE_WINDOW`` count as gone, so a
closed laptop stops showing after a few minutes. Nothing here refuses a save: the edit
conflict check does that; presence only warns before any work is at stake.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editorial.display import moment_label
from editorial.models import Presence

# How long a heartbeat counts; the page beats every HEARTBEAT_SECONDS, well within it.
PRESENCE_WINDOW = datetime.timedelta(minutes=3)
HEARTBEAT_SECONDS = 30


@dataclass(frozen=True)
class Notice:
    """One line of the presence notice: who, doing what, since when."""

    name: str
    text: str


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("someone")


def presence_record(*, user, obj, now=None) -> None:
    """Record ``user`` as having ``obj`` open now (since when they opened it, if still fresh)."""
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(obj)
    lookup = {"user": user, "content_type": content_type, "object_id": str(obj.pk)}
    fresh = Presence.objects.filter(**lookup, seen_at__gte=now - PRESENCE_WINDOW)
    if fresh.update(seen_at=now):
        return
    try:
        with transaction.atomic():
            Presence.objects.update_or_create(**lookup, defaults={"opened_at": now, "seen_at": now})
    except IntegrityError:  # the same editor's other tab recorded it meanwhile
        pass


def presence_leave(*, user, obj) -> None:
    """Forget that ``user`` has ``obj`` open (they left the page)."""
    Presence.objects.filter(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
    ).delete()


def presence_notices(*, user, obj, owner=None, now=None) -> list[Notice]:
    """
    Say who else has ``obj`` open and who else saved it (``owner``'s last save, for a part
    of another object) within the last few minutes.
    """
    now = now or timezone.now()
    others = (
        Presence.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            seen_at__gte=now - PRESENCE_WINDOW,
        )
        .exclude(user=user)
        .select_related("user")
    )
    notices = [
        Notice(
            _name(other.user),
            _("%(name)s has had this page open since %(since)s.")
            % {"name": _name(other.user), "since": moment_label(other.opened_at)},
        )
        for other in others
    ]
    owner = owner if owner is not None else obj
    saved_by, saved_at = getattr(owner, "updated_by", None), getattr(owner, "updated_at", None)
    recent = saved_at is not None and saved_at >= now - PRESENCE_WINDOW
    if recent and saved_by is not None and saved_by.pk != user.pk:
        notices.append(
            Notice(
                _name(saved_by),
                _("%(name)s saved it at %(when)s, a few minutes ago.")
                % {"name": _name(saved_by), "when": moment_label(saved_at)},
            )
        )
    return notices


class PresenceAdminMixin:
    """Mixed into EditorialAdmin: the heartbeat endpoint and the notice on the change form."""

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}_presence"
        heartbeat = self.admin_site.admin_view(require_POST(self.presence_view))
        return [path("<path:object_id>/presence/", heartbeat, name=name), *super().get_urls()]

    def presence_view(self, request, object_id):
        """Record a heartbeat (or a departure, ``leave=1``) and answer who else is here."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.POST.get("leave") == "1":
            presence_leave(user=request.user, obj=obj)
            return JsonResponse({"notices": []})
        presence_record(user=request.user, obj=obj)
        return JsonResponse({"notices": self._notice_texts(request, obj)})

    def presence_context(self, request, obj) -> dict:
        if obj is None or obj.pk is None:
            return {}
        if request.method == "GET":
            presence_record(user=request.user, obj=obj)
        opts = self.opts
        return {
            # The object was read for this very page: its last save is the one to tell.
            "presence_notices": self._notice_texts(request, obj, reload=False),
            "presence_url_name": f"admin:{opts.app_label}_{opts.model_name}_presence",
            "presence_heartbeat": HEARTBEAT_SECONDS,
        }

    def _notice_texts(self, request, obj, *, reload=True) -> list[str]:
        owner = self.version_owner(obj)
        if reload and owner is not None and owner.pk is not None:
            owner = type(owner)._default_manager.select_related("updated_by").get(pk=owner.pk)
        notices = presence_notices(user=request.user, obj=obj, owner=owner)
        return [notice.text for notice in notices]
