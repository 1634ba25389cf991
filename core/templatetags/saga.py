"""Template filters and tags for the public pages: texts, languages, dates, metadata."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext, to_locale

from core.dates import (
    DatePrecision,
    format_at_precision,
    format_time_elsewhere,
    format_time_of_day,
    in_zone,
    iso_at_precision,
)
from core.text import render_markdown

register = template.Library()

# The characters json_script escapes, so that data can never close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def localized(obj, preview=False):
    """Return ``obj``'s text in the page's language (``preview``: unpublished text too)."""
    if obj is None:
        return None
    return obj.localized(get_language(), public=not preview)


@register.filter
def lang_attr(value):
    """Return ` lang="xx"` when a text (or a language code) differs from the page's language."""
    return lang_attribute(getattr(value, "language_code", value), get_language())


def lang_attribute(code, page_language: str) -> str:
    """Return ` lang="xx"` when ``code`` is a language other than ``page_language``."""
    if not code or not isinstance(code, str) or code == page_language:
        return ""
    return format_html(' lang="{}"', code)


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.filter
def json_ld(data):
    """Return ``data`` as a JSON-LD <script>, escaped so that no text can end the element."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.simple_tag
def moment(value, precision, time_zone, approximate=False):
    """Return a <time> element printing ``value`` only to the precision known."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        iso_at_precision(value, precision, time_zone),
        format_at_precision(value, precision, time_zone, approximate=approximate),
    )


@register.simple_tag
def event_date(event):
    """Return the event's date in its saga's zone, to the precision known."""
    return moment(event.start_at, event.precision, event.saga.time_zone, event.is_approximate)


@register.simple_tag
def event_time_of_day(event):
    """Return the event's time of day in its saga's zone, or nothing when no time is known."""
    text = format_time_of_day(
        event.start_at, event.precision, event.saga.time_zone, approximate=event.is_approximate
    )
    if not text:
        return ""
    iso = iso_at_precision(event.start_at, DatePrecision.TIME, event.saga.time_zone)
    return format_html('<time datetime="{}">{}</time>', iso, text)


@register.simple_tag
def reader_time(event):
    """Return the event's moment in the reader zone of the page's language, where it differs."""
    reader_zone = settings.READER_TIME_ZONES.get(get_language(), "")
    text = format_time_elsewhere(
        event.start_at,
        event.precision,
        event.saga.time_zone,
        reader_zone,
        approximate=event.is_approximate,
    )
    if not text:
        return ""
    iso = in_zone(event.start_at, reader_zone).isoformat(timespec="minutes")
    return format_html('<time datetime="{}">{}</time>', iso, text)


@register.simple_tag
def site_date(value, precision, time_zone=""):
    """
    Return a date entered without a saga (a source's publication, a role's start or end).

    Shown beside a saga (a citation on an event page) it is dated in the saga's zone, like
    everything else on the page, so a Friday-night post in California reads as Friday;
    elsewhere it is dated in the site's zone, the one editors enter it in.
    """
    return moment(value, precision, time_zone or settings.TIME_ZONE)


@register.filter
def og_locale(language_code: str) -> str:
    """Return the OpenGraph form of a language code ("ja", "zh_Hans")."""
    return to_locale(language_code)


@register.filter
def distinct_people(involvements):
    """Return the people of some involvements, each once, in order."""
    people = {}
    for involvement in involvements:
        people.setdefault(involvement.person_id, involvement.person)
    return list(people.values())


@register.filter
def role_labels(involvements) -> list[str]:
    """Return the labels of the roles in some involvements ("subject", "quoted")."""
    return [involvement.get_role_display() for involvement in involvements]


@register.simple_tag
def roles_then(involvement, preview=False):
    """
    Return the person's titles as of the event, each with its organisation, written the way
    the page's language writes them ("chief scientist, OpenAI" / "OpenAI チーフサイエンティスト").
    """
    parts = []
    for affiliation in involvement.affiliations_then():
        # A title or a name with no approved text is left out (the organisation's slug
        # stands in for its name): a draft role must never break the reader's page.
        title = localized(affiliation, preview)
        organization = localized(affiliation.organization, preview)
        organization_link = format_html(
            '<a href="{}"{}>{}</a>',
            affiliation.organization.get_absolute_url(),
            lang_attr(organization),
            organization.text("name", affiliation.organization.slug),
        )
        if not title.text("title"):
            parts.append(organization_link)
            continue
        parts.append(
            format_html(
                pgettext("a title held in an organisation", "{title}, {organization}"),
                title=format_html("<span{}>{}</span>", lang_attr(title), title.text("title")),
                organization=organization_link,
            )
        )
    return mark_safe(pgettext("between items of a list", "; ").join(parts))
