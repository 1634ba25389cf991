"""A saga as a TimelineJS 3 timeline: title slide, event slides, eras from chapters."""

import datetime
import html
import io
import re
from collections.abc import Callable, Iterator

import nh3

from core.dates import DatePrecision, date_parts, in_zone, local_day
from events.models import (
    Event,
)
from people.models import Organization
from translations.machinery import attach_translations


def text_to_html(text: str) -> str:
    """Return plain text as HTML paragraphs (blank lines) and line breaks."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def line_to_html(text: str) -> str:
    """
    Return one line of plain text as HTML, escaped: TimelineJS shows headlines, dates,
    groups, captions and credits as HTML, so text must never become markup there.
    """
    return html.escape(text or "", quote=False)


def html_to_text(markup: str) -> str:
    """Return the plain text of TimelineJS HTML: paragraphs and line breaks kept, tags gone."""
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup or "")
    markup = re.sub(r"(?i)</p>\s*<p[^>]*>", "\n\n", markup)
    return html.unescape(nh3.clean(markup, tags=set())).strip()


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
        "url": build_url(renditions[-1].url),
        "thumbnail": build_url(renditions[0].url),
        "credit": line_to_html(" · ".join(part for part in (image.credit, image.licence) if part)),
        "caption": line_to_html(text.texts.get("caption") or alt_text),
        "alt": alt_text,
    }


def event_media(
    event, source=None, *, language: str, public: bool, build_url: Callable[[str], str] = str
) -> dict | None:
    """
    Return a slide's media: the event's image, else its first source (``source``: its
    address, publisher and title).
    """
    if event.image and event.image.fallback_renditions():
        return image_media(event.image, language=language, public=public, build_url=build_url)
    if source is None:
        return None
    url = source.archived_url if source.is_removed and source.archived_url else source.url
    url = url or source.archived_url
    if not url:
        return None
    publisher = source.publisher.localized(language, public=public) if source.publisher else None
    credit = (publisher.texts.get("name") if publisher else "") or source.author
    return {"url": url, "credit": line_to_html(credit), "caption": line_to_html(source.title)}


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
        "display_date": line_to_html(text.display_date or event.formatted_date()),
        "text": {"headline": line_to_html(text.headline), "text": text_to_html(text.summary)},
    }
    if event.end_at:
        slide["end_date"] = date_parts(event.end_at, event.precision, zone)
    media = event_media(event, source, language=language, public=public, build_url=build_url)
    if media:
        slide["media"] = media
    if event.chapter_id and headings.get(event.chapter_id):
        slide["group"] = line_to_html(headings[event.chapter_id])
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
        }
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
