"""
The event card (timelines, search results, a person's events), written in Python.

A timeline page shows 50 cards; as an included template each cost dozens of variable
look-ups, filters and tags, most of the page's time. The card reads the same texts
(``localized``), dates and language attributes as the other templates, through the same
filters and tags of the ``saga`` library.
"""

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext

from saga_cms.reversing import cached_reverse
from saga_cms.templatetags.saga import (
    distinct_people,
    event_date,
    event_time_of_day,
    lang_attr,
    localized,
    reader_time,
)
from saga_cms.text import render_markdown

register = template.Library()


@register.simple_tag
def event_card(event, heading="h3", show_date=False, show_saga=False, role_labels=()):
    """Return the card of ``event``: its date, headline, summary, people and tags."""
    text = localized(event)
    texts = text.texts  # a missing text has none of its fields
    text_lang = lang_attr(text)
    saga = event.saga
    saga_url = cached_reverse("events:saga", slug=saga.slug)
    parts = [
        format_html(
            '<article class="event-card" id="event-{}">\n  <p class="event-when">\n', event.slug
        ),
        event_date(event) if show_date else event_time_of_day(event),
    ]
    if texts.get("display_date"):
        parts.append(
            format_html('<span class="display-date"{}>{}</span>', text_lang, texts["display_date"])
        )
    elsewhere = reader_time(event)
    if elsewhere:
        parts.append(
            format_html(
                '<span class="elsewhere">{}</span>',
                mark_safe(
                    gettext("(%(elsewhere)s)") % {"elsewhere": conditional_escape(elsewhere)}
                ),
            )
        )
    event_url = cached_reverse("events:event", saga_slug=saga.slug, slug=event.slug)
    parts.append(
        format_html(
            '\n  </p>\n  <{} class="event-headline"{}><a href="{}">{}</a></{}>\n',
            heading,
            text_lang,
            event_url,
            texts.get("headline") or event.slug,
            heading,
        )
    )
    if show_saga:
        saga_text = localized(saga)
        parts.append(
            format_html(
                '<p class="event-saga"><a href="{}"{}>{}</a></p>\n',
                saga_url,
                lang_attr(saga_text),
                saga_text.texts.get("title") or saga.slug,
            )
        )
    if text.is_fallback:
        language = get_language_info(text.language_code)["name_translated"]
        parts.append(
            format_html(
                '<p class="fallback-label">{}</p>\n',
                mark_safe(
                    gettext("Not yet translated: shown in %(language)s")
                    % {"language": conditional_escape(language)}
                ),
            )
        )
    if texts.get("summary"):
        parts.append(
            format_html(
                '<div class="event-summary"{}>{}</div>\n',
                text_lang,
                render_markdown(texts["summary"]),
            )
        )
    if role_labels:
        parts.append(
            format_html(
                '<p class="event-role">{}</p>\n', ", ".join(escape(label) for label in role_labels)
            )
        )
    chips = [_person_chip(person) for person in distinct_people(event.involvements.all())]
    chips += [_tag_chip(tag, saga_url) for tag in event.tags.all()]
    if chips:
        parts.append(mark_safe('<ul class="chips">\n' + "\n".join(chips) + "\n</ul>"))
    parts.append(mark_safe("\n</article>\n"))
    return mark_safe("".join(parts))


def _person_chip(person) -> str:
    name = localized(person)
    return format_html(
        '<li><a class="chip" href="{}"{}>{}</a></li>',
        cached_reverse("people:person", slug=person.slug),
        lang_attr(name),
        name.texts.get("name") or person.slug,
    )


def _tag_chip(tag, saga_url: str) -> str:
    name = localized(tag)
    return format_html(
        '<li><a class="chip chip-tag" href="{}?tag={}"{}>#{}</a></li>',
        saga_url,
        tag.slug,
        lang_attr(name),
        name.texts.get("name") or tag.slug,
    )
