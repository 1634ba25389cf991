"""
Which language an API request is answered in.

``?lang=`` wins and must be one of ``settings.LANGUAGES`` or ``all`` (every translation);
otherwise the best match for ``Accept-Language``; otherwise ``LANGUAGE_CODE``.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.exceptions import ValidationError

from translations.machinery import language_codes

ALL_LANGUAGES = "all"


def language_from_header(header: str) -> str:
    """Return the site language that best matches an ``Accept-Language`` header."""
    codes = language_codes()
    for requested, _quality in parse_accept_lang_header(header or ""):
        if requested == "*":
            break
        if requested in codes:
            return requested
        generic = requested.split("-")[0]
        match = next((c for c in codes if c == generic or c.split("-")[0] == generic), None)
        if match:
            return match
    return settings.LANGUAGE_CODE


def validate_language(value: str, *, allow_all: bool, parameter: str = "lang") -> str:
    """Return ``value`` if it names a site language (or ``all``); else raise a 400."""
    allowed = [*language_codes(), *([ALL_LANGUAGES] if allow_all else [])]
    if value in allowed:
        return value
    raise ValidationError(
        {
            parameter: [
                _("“%(value)s” is not a language of this site; use one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(allowed)}
            ]
        }
    )


def negotiate_language(request, *, allow_all: bool = True) -> tuple[str, bool]:
    """
    Return (the language texts are shown in, whether every translation was asked for).

    With ``?lang=all`` the texts shown directly on each object follow ``Accept-Language``,
    and the object lists every translation besides.
    """
    header_language = language_from_header(request.headers.get("Accept-Language", ""))
    requested = request.query_params.get("lang")
    if requested is None:
        return header_language, False
    requested = validate_language(requested, allow_all=allow_all)
    if requested == ALL_LANGUAGES:
        return header_language, True
    return requested, False
