"""Small pieces of HTML the editorial lists show: language badges and publication states."""

from __future__ import annotations

from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.dates import in_zone
from core.publishing import PublicationState, Publishable


def moment_label(value) -> str:
    """A saved-at time as people read it, with its zone (the form's zone may not be theirs)."""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def language_badges(obj) -> SafeString:
    """One badge per site language: approved, in review, draft, machine, stale or missing."""
    return format_html(
        '<span class="editorial-badges">{}</span>',
        format_html_join(
            "",
            '<span class="editorial-badge is-{}" title="{}: {}"><b>{}</b> {}</span>',
            (
                (state.value, name, state.label, code.upper(), state.label)
                for code, name, state in (
                    (code, name, obj.translation_state(code)) for code, name in settings.LANGUAGES
                )
            ),
        ),
    )


def publication_badge(obj: Publishable, *, time_zone: str, note: str = "") -> SafeString:
    """The state as a desk reads it: draft, in review, scheduled, published (until), expired."""
    now = timezone.now()

    def at(moment):
        return formats.date_format(in_zone(moment, time_zone), "SHORT_DATETIME_FORMAT")

    details = []
    if obj.state != PublicationState.PUBLISHED:
        label, css = obj.get_state_display(), obj.state
    elif obj.is_expired(now):
        label, css = _("expired"), "expired"
        details.append(_("since %(when)s") % {"when": at(obj.unpublish_at)})
    elif obj.publish_at and obj.publish_at > now:
        label, css = _("scheduled"), "scheduled"
        details.append(at(obj.publish_at))
    else:
        label, css = obj.get_state_display(), obj.state
    if obj.state == PublicationState.PUBLISHED and obj.unpublish_at and obj.unpublish_at > now:
        details.append(_("until %(when)s") % {"when": at(obj.unpublish_at)})
    if note:
        details.append(note)
    return format_html(
        '<span class="editorial-state is-{}">{}</span>{}',
        css,
        label,
        format_html_join("", ' <span class="editorial-detail">{}</span>', ((d,) for d in details)),
    )
