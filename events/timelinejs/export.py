"""A saga as a TimelineJS 3 timeline: title slide, event slides, eras from chapters."""

import datetime
import functools
import html
import io
import re
from collections.abc import Callable, Iterator

import nh3
from django.utils import translation
from django.utils.translation import gettext

from core.dates import DatePrecision, date_parts, in_zone, local_day
from events.models import (
    Event,
)
from people.models import Organization
from translations.machinery import attach_translations

# What TimelineJS 3.9 does with each field of a slide (read in its source, and checked in a
# browser by tests/browser/test_timelinejs_injection.py):
# - ``text.headline``, ``text.text``, media ``caption`` and ``credit``: cleaned by DOMPurify,
#   then inserted as HTML; with ``autolink`` (on unless a slide turns it off) a ``www.…``
#   run of non-blank characters in the text, caption or credit is then pasted into
#   ``<a href='…'>``, where a quote in it (DOMPurify writes quotes back as they are) starts
#   new attributes. Written as escaped HTML, and every slide says ``"autolink": false``.
# - ``display_date`` and ``group``: decoded to their text (DOMParser's ``textContent``,
#   which turns ``&lt;`` back into ``<``), then inserted as HTML. Escaped twice
#   (``decoded_line_to_html``), so that what is inserted is the text escaped once.
# - era headlines: inserted as HTML as they are. Escaped.
# - media ``alt`` and ``title``, ``unique_id``: set as DOM properties (plain text): left as
#   they are (escaping would show the entities).
# - media ``url`` and ``thumbnail``: an image's ``src``, but pasted into HTML between quotes
#   for embeds TimelineJS recognises in the address: percent-encoded (``safe_url``).


def text_to_html(text: str) -> str:
    """Return plain text as HTML paragraphs (blank lines) and line breaks, escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{line_to_html(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def line_to_html(text: str) -> str:
    """
    Return one line of plain text as HTML, escaped: TimelineJS shows headlines, dates,
    groups, captions and credits as HTML, so text must never become markup there.
    """
    return html.escape(text or "", quote=False)


def decoded_line_to_html(text: str) -> str:
    """
    Return one line of plain text for a field TimelineJS decodes to text and then inserts
    as HTML (``display_date``, ``group``): escaped twice. ``decoded_html_to_text`` reverses it.
    """
    return line_to_html(line_to_html(text))


# ASCII characters a URL may not hold as they are (RFC 3986), among them the quotes and
# angle brackets TimelineJS would read as the end of an attribute or the start of a tag
# where it pastes a media address into HTML (its iframe, document and map embeds).
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f\"'<>\\^`{|}]")


def safe_url(url: str) -> str:
    """
    Return ``url`` with every ASCII character a URL may not hold percent-encoded (quotes,
    angle brackets, spaces, backslashes...). Already valid addresses (and non-ASCII
    characters, which browsers encode themselves) are unchanged: encoding twice is a no-op.
    """
    return _UNSAFE_IN_URL.sub(lambda match: f"%{ord(match.group()):02X}", url or "")


# A cited source is not media TimelineJS can show: it would load the page's address as a
# picture (or a frame), which the site's Content-Security-Policy blocks. It is a link in
# the slide's text instead, in one paragraph of its own that ``source_from_html`` reads back.
SOURCE_CLASS = "saga-source"
_SOURCE_PARAGRAPH = re.compile(
    rf'\s*<p class="{SOURCE_CLASS}">(?P<label>[^<]*)<a href="(?P<url>[^"]*)"[^>]*>'
    r"(?P<caption>[^<]*)</a>(?:(?P<separator>[^<]*?)<span>(?P<credit>[^<]*)</span>)?</p>\s*$"
)


def source_to_html(*, url: str, caption: str, credit: str, label: str) -> str:
    """Return a cited source as the paragraph a slide's text ends with (a link, escaped)."""
    link = (
        f'<a href="{html.escape(safe_url(url))}" target="_blank" rel="noopener noreferrer">'
        f"{line_to_html(caption or url)}</a>"
    )
    byline = f" — <span>{line_to_html(credit)}</span>" if credit else ""
    return f'<p class="{SOURCE_CLASS}">{line_to_html(label)} {link}{byline}</p>'


def source_from_html(markup: str) -> tuple[str, dict[str, str] | None]:
    """
    Split a slide's text into the text before its source paragraph and that source (its
    ``url``, ``caption`` and ``credit``, as plain text), or None when it has none.
    """
    found = _SOURCE_PARAGRAPH.search(markup or "")
    if found is None:
        return markup, None
    source = {
        "url": html.unescape(found["url"]),
        "caption": html.unescape(found["caption"]),
        "credit": html.unescape(found["credit"] or ""),
    }
    return markup[: found.start()], source


def html_to_text(markup: str) -> str:
    """Return the plain text of TimelineJS HTML: paragraphs and line breaks kept, tags gone."""
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup or "")
    markup = re.sub(r"(?i)</p>\s*<p[^>]*>", "\n\n", markup)
    return html.unescape(nh3.clean(markup, tags=set())).strip()


def decoded_html_to_text(markup: str) -> str:
    """Return the text TimelineJS shows of a ``display_date`` or ``group``: decoded twice."""
    return html_to_text(html_to_text(markup))


def moment_parts(moment, time_zone: str) -> dict[str, int]:
    """Return a boundary's parts: to the minute, or to the day when it falls at midnight."""
    local = in_zone(moment, time_zone)
    precision = DatePrecision.DAY if (local.hour, local.minute) == (0, 0) else DatePrecision.TIME
    return date_parts(moment, precision, time_zone)


def image_media(image, *, language: str, public: bool, build_url: Callable[[str], str]) -> dict:
    """
    Return a slide's media for one of the site's images: its largest rendition every
    browser reads (and the smallest as the thumbnail), the credit with the licence, the
    caption (else the alt text) and the alt text, in ``language`` as readers get it.
    """
    renditions = image.fallback_renditions()
    text = image.localized(language, public=public)
    alt_text = text.texts.get("alt_text", "")
    return {
        "url": safe_url(build_url(renditions[-1].url)),
        "thumbnail": safe_url(build_url(renditions[0].url)),
        "credit": line_to_html(" · ".join(part for part in (image.credit, image.licence) if part)),
        "caption": line_to_html(text.texts.get("caption") or alt_text),
        "alt": alt_text,
    }


def event_media(
    event, *, language: str, public: bool, build_url: Callable[[str], str] = str
) -> dict | None:
    """Return a slide's media: the event's image, if it has one."""
    if event.image and event.image.fallback_renditions():
        return image_media(event.image, language=language, public=public, build_url=build_url)
    return None


def source_paragraph(source, *, language: str, public: bool) -> str:
    """
    Return the paragraph citing ``source`` (its address, title and publisher or author) at
    the end of a slide's text, or "" when it has no address.
    """
    if source is None:
        return ""
    url = source.archived_url if source.is_removed and source.archived_url else source.url
    url = url or source.archived_url
    if not url:
        return ""
    publisher = source.publisher.localized(language, public=public) if source.publisher else None
    credit = (publisher.texts.get("name") if publisher else "") or source.author
    return source_to_html(
        url=url, caption=source.title, credit=credit, label=source_label(language)
    )


@functools.cache
def source_label(language: str) -> str:
    """Return "Source:" in ``language`` (asked once per language: slides are thousands)."""
    with translation.override(language):
        return gettext("Source:")


def event_slide(
    event,
    *,
    language: str,
    public: bool,
    headings: dict,
    build_url: Callable[[str], str] = str,
    source=None,
) -> dict | None:
    text = event.localized(language, public=public)
    if not text.exists:
        return None
    zone = event.saga.time_zone
    slide = {
        "unique_id": event.slug,
        "start_date": date_parts(event.start_at, event.precision, zone),
        "display_date": decoded_line_to_html(text.display_date or event.formatted_date()),
        "text": {
            "headline": line_to_html(text.headline),
            "text": text_to_html(text.summary)
            + source_paragraph(source, language=language, public=public),
        },
    }
    slide["autolink"] = False  # see "What TimelineJS 3.9 does with each field" above
    if event.end_at:
        slide["end_date"] = date_parts(event.end_at, event.precision, zone)
    media = event_media(event, language=language, public=public, build_url=build_url)
    if media:
        slide["media"] = media
    if event.chapter_id and headings.get(event.chapter_id):
        slide["group"] = decoded_line_to_html(headings[event.chapter_id])
    return slide


def chapter_eras(chapters, events, *, headings: dict, time_zone: str) -> list[dict]:
    """
    Return the chapters as eras. An open-ended chapter runs to the next one, or for the
    last, to its last event (as precisely as that is known), or it is a single moment
    (see ``era_dates``).
    """
    last = max(events, key=lambda e: e.end_at or e.start_at, default=None)
    eras = []
    for index, chapter in enumerate(chapters):
        following = chapters[index + 1].start_at if index + 1 < len(chapters) else None
        boundary = chapter.end_at or following
        if boundary:
            end = moment_parts(boundary, time_zone) if boundary > chapter.start_at else None
        elif last and (last.end_at or last.start_at) > chapter.start_at:
            end = date_parts(last.end_at or last.start_at, last.precision, time_zone)
        else:
            end = None
        start, end = era_dates(chapter.start_at, end, time_zone)
        eras.append(
            {
                "start_date": start,
                "end_date": end,
                "text": {"headline": line_to_html(headings.get(chapter.pk, ""))},
            }
        )
    return eras


def era_dates(start_at, end: dict | None, time_zone: str) -> tuple[dict, dict]:
    """
    Return an era's start and end as TimelineJS keeps them.

    TimelineJS drops an end "the same as the start" (every part the start names is equal
    in the end) and then refuses the era ("All eras must have start and end dates"). So a
    chapter that is a single moment or a single day (no end, its end at its start, or an
    end known only to that day) spans the day it falls on, to the next midnight; and a
    start at midnight whose end is a time later that day names its hour and minute
    (0:00), which is the same moment.
    """
    start = moment_parts(start_at, time_zone)
    if end is None or (redundant_end(start, end) and ("hour" in start or "hour" not in end)):
        following_day = local_day(start_at, time_zone) + datetime.timedelta(days=1)
        end = {"year": following_day.year, "month": following_day.month, "day": following_day.day}
    if redundant_end(start, end):
        start = {**start, "hour": 0, "minute": 0}
    return start, end


def redundant_end(start: dict, end: dict) -> bool:
    """Return whether TimelineJS takes ``end`` for the same date as ``start`` and drops it."""
    return all(end.get(name) == value for name, value in start.items())


def saga_timeline(
    saga, *, language: str, public: bool, build_url: Callable[[str], str] = str
) -> dict:
    """
    Return ``saga`` as TimelineJS 3 JSON in ``language`` (readers: published, approved).

    ``build_url`` makes the site's own addresses (image renditions) absolute, such as
    ``request.build_absolute_uri``: a timeline is embedded on other sites.
    """
    title, slides, eras = timeline_parts(
        saga, language=language, public=public, build_url=build_url
    )
    return {"title": title, "events": list(slides), "eras": eras}


def saga_timeline_json(
    saga,
    *,
    language: str,
    public: bool,
    render: Callable[[object], bytes],
    build_url: Callable[[str], str] = str,
) -> bytes:
    """
    Return ``saga_timeline(...)`` as ``render`` (a JSON renderer) writes it, written slide
    by slide: the slides of ten thousand events are never all held as Python objects.
    """
    title, slides, eras = timeline_parts(
        saga, language=language, public=public, build_url=build_url
    )
    body = io.BytesIO()
    body.write(b'{"title":' + render(title) + b',"events":[')
    for number, slide in enumerate(slides):
        body.write(b"," + render(slide) if number else render(slide))
    body.write(b'],"eras":' + render(eras) + b"}")
    return body.getvalue()


def timeline_parts(
    saga, *, language: str, public: bool, build_url: Callable[[str], str]
) -> tuple[dict, Iterator[dict], list[dict]]:
    """Return the title slide, the event slides (made as they are read) and the eras."""
    events = Event.objects.filter(saga=saga)
    if public:
        events = events.published()
    shown = events
    events = list(shown.for_timelinejs().with_image(language))
    for event in events:
        event.saga = saga  # one saga for every slide, not one copy per event
    # A whole saga in a constant number of queries, each shared object fetched once and
    # nothing built per row but the rows: this export can hold ten thousand events.
    attach_translations(events, shown, language)
    sources = shown.first_sources()
    publishers = {
        source.publisher_id: source.publisher for source in sources.values() if source.publisher
    }
    for source in sources.values():
        if source.publisher_id:
            source.publisher = publishers[source.publisher_id]
    attach_translations(
        publishers.values(), Organization.objects.filter(pk__in=list(publishers)), language
    )
    chapters = sorted(saga.chapters.all(), key=lambda c: (c.start_at, c.position))
    headings = {
        chapter.pk: chapter.localized(language, public=public).texts.get("heading", "")
        for chapter in chapters
    }
    text = saga.localized(language, public=public)
    title = {
        "text": {
            "headline": line_to_html(text.texts.get("title", saga.slug)),
            "text": text_to_html(text.texts.get("standfirst", "")),
        },
        "autolink": False,
    }
    eras = chapter_eras(chapters, events, headings=headings, time_zone=saga.time_zone)

    def slides() -> Iterator[dict]:
        for event in events:
            slide = event_slide(
                event,
                language=language,
                public=public,
                headings=headings,
                build_url=build_url,
                source=sources.get(event.pk),
            )
            # Each text refers back to its event: drop the pair as soon as the slide is
            # made, so a worker does not keep the saga until the next full collection.
            event._prefetched_objects_cache.pop("translations", None)
            if slide:
                yield slide

    return title, slides(), eras
