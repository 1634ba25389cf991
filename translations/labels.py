"""How the desk names objects and moments: by headline or name, times in the story's zone."""

from __future__ import annotations

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.dates import in_zone


def text_label(obj, language_code: str | None = None) -> str:
    """
    Return what a newsroom calls ``obj``: its headline, name or title in ``language_code``
    (the interface's language by default), else in its original language, else its slug.
    """
    translation_model = getattr(obj, "translation_model", None)
    if translation_model is None:
        return str(obj)
    label_field = translation_model().translated_fields[0]
    text = obj.localized(language_code or get_language() or "", public=False)
    return text.text(label_field) or str(obj)


def row_label(row, language_code: str | None = None) -> str:
    """Return a text row as “headline [en]”."""
    return f"{text_label(row.parent, language_code)} [{row.language_code}]"


def time_zone_of(obj) -> str:
    """Return the time zone of the story ``obj`` belongs to (the site's when it has none)."""
    for candidate in (obj, getattr(obj, "saga", None)):
        zone = getattr(candidate, "time_zone", None)
        if isinstance(zone, str) and zone:
            return zone
    return settings.TIME_ZONE


def moment_in_zone(moment, time_zone: str) -> str:
    """Return a saved-at time in ``time_zone``, the zone named (“2023年11月17日 12:23 PST”)."""
    if moment is None:
        return ""
    local = in_zone(moment, time_zone)
    return _("%(date)s %(zone)s") % {
        "date": formats.date_format(local, "DATETIME_FORMAT"),
        "zone": local.tzname(),
    }
