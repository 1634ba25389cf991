"""
The event card (timelines, search results, a person's events).

The markup is one template, ``events/event_card.html``; this tag builds the card's data in
Python: each object's text for readers (``localized``), the dates and the ``lang``
attributes, through the same helpers of the ``saga`` library as the other templates. What
is the same on every card of a page (the language, the routes, the texts of tags and
people that recur from card to card) is looked up once per page. ``render_cards`` renders
the same cards outside a page, for pages that keep each card on its own (a timeline's).
"""

from django import template
from django.template.loader import get_template
from django.utils.translation import get_language, get_language_info

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

    def chip(self, obj, url: str, css_class: str, prefix: str = "") -> dict:
        """Return a link to a person or a tag, named in the page's language."""
        name = self.text(obj)
        return {
            "url": url,
            "css_class": css_class,
            "prefix": prefix,
            "lang": self.lang(name),
            "name": name.texts.get("name") or obj.slug,
        }

    def card(self, event, *, show_date: bool, show_saga: bool) -> dict:
        """Return what the card of ``event`` shows."""
        text = self.text(event)
        texts = text.texts  # a missing text has none of its fields
        saga = event.saga
        saga_url = self.saga_url(slug=saga.slug)
        card = {
            "slug": event.slug,
            "when": event_date(event) if show_date else event_time_of_day(event),
            "display_date": texts.get("display_date", ""),
            "elsewhere": reader_time(event),
            "lang": self.lang(text),
            "url": self.event_url(saga_slug=saga.slug, slug=event.slug),
            "headline": texts.get("headline") or event.slug,
            "saga": None,
            "fallback_language": "",
            "summary": render_markdown(texts["summary"]) if texts.get("summary") else "",
        }
        if show_saga:
            saga_text = self.text(saga)
            card["saga"] = {
                "url": saga_url,
                "lang": self.lang(saga_text),
                "title": saga_text.texts.get("title") or saga.slug,
            }
        if text.is_fallback:
            card["fallback_language"] = get_language_info(text.language_code)["name_translated"]
        card["chips"] = [
            self.chip(person, self.person_url(slug=person.slug), "chip")
            for person in distinct_people(_related(event, "involvements"))
        ] + [
            self.chip(tag, f"{saga_url}?tag={tag.slug}", "chip chip-tag", "#")
            for tag in _related(event, "tags")
        ]
        return card


CARD_TEMPLATE = "events/event_card.html"


@register.inclusion_tag(CARD_TEMPLATE, takes_context=True)
def event_card(context, event, heading="h3", show_date=False, show_saga=False, role_labels=()):
    """Render the card of ``event``: its date, headline, summary, people and tags."""
    page = context.render_context.get(_Page)
    if page is None:
        page = context.render_context[_Page] = _Page()
    return {
        "card": page.card(event, show_date=show_date, show_saga=show_saga),
        "heading": heading,
        "role_labels": role_labels,
    }


def render_cards(events, *, heading="h3", show_date=False, show_saga=False) -> dict:
    """
    Render the card of each of ``events`` as ``event_card`` does, in the active language:
    ``{event id: (its HTML, whether its text is shown in another language than asked)}``.
    """
    page = _Page()
    card_template = get_template(CARD_TEMPLATE)
    rendered = {}
    for event in events:
        card = page.card(event, show_date=show_date, show_saga=show_saga)
        html = card_template.render({"card": card, "heading": heading, "role_labels": ()})
        rendered[event.pk] = (str(html), page.text(event).is_fallback)
    return rendered


def _related(obj, name: str):
    """Return ``obj``'s related objects, read from the prefetch cache when there is one."""
    # A related manager is built on each access, which costs more than a card's chips.
    prefetched = getattr(obj, "_prefetched_objects_cache", {}).get(name)
    return prefetched if prefetched is not None else getattr(obj, name).all()
