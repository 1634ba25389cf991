"""
The event card (timelines, search results, a person's events), written in Python.

A timeline page shows 50 cards; as an included template each cost dozens of variable
look-ups, filters and tags, most of the page's time. The card shows the same texts (each
object's ``localized``), dates and language attributes as the other templates, through
the same tags of the ``saga`` library; what is the same on every card of a page (the
language, the routes) is looked up once per page.
"""

from django import template
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext

from core.reversing import Route
from core.templatetags.saga import (
    distinct_people,
    event_date,
    event_time_of_day,
    lang_attribute,
    reader_time,
)
from core.text import render_markdown

register = template.Library()


class _Page:
    """What every card of one rendering shares."""

    def __init__(self):
        self.language = get_language()
        self.saga_url = Route("events:saga", "slug")
        self.event_url = Route("events:event", "saga_slug", "slug")
        self.person_url = Route("people:person", "slug")
        self.texts = {}

    def text(self, obj):
        """Return ``obj``'s text for readers of the page (as the ``localized`` filter)."""
        # Once per object: the same tags (and often people) recur on card after card.
        key = (type(obj), obj.pk)
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = obj.localized(self.language)
        return text

    def lang(self, text) -> str:
        """Return ` lang="xx"` when ``text`` is in another language than the page."""
        return lang_attribute(text.language_code, self.language)


@register.simple_tag(takes_context=True)
def event_card(context, event, heading="h3", show_date=False, show_saga=False, role_labels=()):
    """Return the card of ``event``: its date, headline, summary, people and tags."""
    page = context.render_context.get(_Page)
    if page is None:
        page = context.render_context[_Page] = _Page()
    text = page.text(event)
    texts = text.texts  # a missing text has none of its fields
    text_lang = page.lang(text)
    saga = event.saga
    saga_url = page.saga_url(slug=saga.slug)
    heading = escape(heading)
    parts = [
        f'<article class="event-card" id="event-{escape(event.slug)}">\n  <p class="event-when">\n',
        event_date(event) if show_date else event_time_of_day(event),
    ]
    if texts.get("display_date"):
        display_date = escape(texts["display_date"])
        parts.append(f'<span class="display-date"{text_lang}>{display_date}</span>')
    elsewhere = reader_time(event)
    if elsewhere:
        shown = gettext("(%(elsewhere)s)") % {"elsewhere": escape(elsewhere)}
        parts.append(f'<span class="elsewhere">{shown}</span>')
    parts.append(
        f'\n  </p>\n  <{heading} class="event-headline"{text_lang}>'
        f'<a href="{escape(page.event_url(saga_slug=saga.slug, slug=event.slug))}">'
        f"{escape(texts.get('headline') or event.slug)}</a></{heading}>\n"
    )
    if show_saga:
        saga_text = page.text(saga)
        parts.append(
            f'<p class="event-saga"><a href="{escape(saga_url)}"{page.lang(saga_text)}>'
            f"{escape(saga_text.texts.get('title') or saga.slug)}</a></p>\n"
        )
    if text.is_fallback:
        language = get_language_info(text.language_code)["name_translated"]
        label = gettext("Not yet translated: shown in %(language)s") % {
            "language": escape(language)
        }
        parts.append(f'<p class="fallback-label">{label}</p>\n')
    if texts.get("summary"):
        summary = render_markdown(texts["summary"])
        parts.append(f'<div class="event-summary"{text_lang}>{summary}</div>\n')
    if role_labels:
        labels = ", ".join(escape(label) for label in role_labels)
        parts.append(f'<p class="event-role">{labels}</p>\n')
    chips = [
        _chip(page, person, page.person_url(slug=person.slug), "chip", "")
        for person in distinct_people(_related(event, "involvements"))
    ]
    chips += [
        _chip(page, tag, f"{saga_url}?tag={tag.slug}", "chip chip-tag", "#")
        for tag in _related(event, "tags")
    ]
    if chips:
        parts.append('<ul class="chips">\n' + "\n".join(chips) + "\n</ul>")
    parts.append("\n</article>\n")
    return mark_safe("".join(parts))


def _related(obj, name: str):
    """Return ``obj``'s related objects, read from the prefetch cache when there is one."""
    # A related manager is built on each access, which costs more than a card's chips.
    prefetched = getattr(obj, "_prefetched_objects_cache", {}).get(name)
    return prefetched if prefetched is not None else getattr(obj, name).all()


def _chip(page, obj, url: str, css_class: str, prefix: str) -> str:
    """Return a link to a person or a tag, named in the page's language."""
    name = page.text(obj)
    return (
        f'<li><a class="{css_class}" href="{escape(url)}"{page.lang(name)}>'
        f"{prefix}{escape(name.texts.get('name') or obj.slug)}</a></li>"
    )
