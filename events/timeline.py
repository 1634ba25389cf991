"""A saga's events arranged as readers see them: by chapter, then by day where it happened."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator

from core.dates import DatePrecision, coarser_precision, iso_at_precision
from events.models import TIMELINE_UNSHOWN
from translations.machinery import join_texts


@dataclass
class Day:
    """Events on one calendar day (or, for vaguer dates, one month or year) in the saga's zone."""

    key: str
    moment: datetime
    precision: str
    is_approximate: bool
    events: list = field(default_factory=list)


@dataclass
class ChapterSpan:
    """A run of consecutive events in the same chapter (``chapter`` is None outside any)."""

    chapter: object
    anchor: str = ""
    days: list[Day] = field(default_factory=list)

    @property
    def event_count(self) -> int:
        return sum(len(day.events) for day in self.days)


# Events per timeline page: a page stays quick to build, to send and to read on a phone.
TIMELINE_PAGE_SIZE = 50


def arranged(events, language_code: str):
    """
    Fetch only what arranges ``events`` (a saga's, in timeline order) on a page: their
    dates, and their chapters with the chapters' texts, not what their cards show (the
    timeline keeps each card on its own: ``events.views.saga_timeline``).
    """
    events = events.select_related("chapter").defer(*TIMELINE_UNSHOWN)
    return join_texts(events, language_code, "chapter", states=False)


def timeline_page(events, *, number, saga, count=None) -> tuple[Page, list[ChapterSpan]]:
    """
    Return page ``number`` of ``events`` (a queryset of ``saga``'s events in timeline order,
    such as ``for_saga_timeline``) and its events grouped by chapter and day, each event
    and chapter given ``saga``. A page past the end (or not a number) raises InvalidPage.
    ``count``, when the caller knows how many ``events`` there are, saves counting them.

    A chapter or a day that runs across pages is headed again on the next page, so each
    page reads on its own.
    """
    paginator = Paginator(events, TIMELINE_PAGE_SIZE)
    if count is not None:
        paginator.count = count
    page = paginator.page(number)
    page.object_list = list(page.object_list)
    for event in page.object_list:
        event.saga = saga
        # A chapter of another saga (which validation refuses) is left to load its own.
        if event.chapter is not None and event.chapter.saga_id == saga.pk:
            event.chapter.saga = saga
    return page, group_timeline(page.object_list, saga.time_zone)


def group_timeline(events, time_zone: str) -> list[ChapterSpan]:
    """
    Group ``events`` (in timeline order) by chapter, then by day in ``time_zone``.

    An event known only to the month or year is grouped under that month or year, never
    under a day that is not known. An approximate time still has a known day, so only
    events whose approximate part is the day (or coarser) share an "around" heading.
    """
    spans: list[ChapterSpan] = []
    anchors: set[str] = set()
    for event in events:
        if not spans or spans[-1].chapter != event.chapter:
            spans.append(ChapterSpan(chapter=event.chapter, anchor=_unique_anchor(event, anchors)))
        precision = coarser_precision(event.precision, DatePrecision.DAY)
        key = iso_at_precision(event.start_at, precision, time_zone)
        is_approximate = event.is_approximate and event.precision != DatePrecision.TIME
        if is_approximate:
            key = f"~{key}"
        days = spans[-1].days
        if not days or days[-1].key != key:
            days.append(
                Day(
                    key=key,
                    moment=event.start_at,
                    precision=precision,
                    is_approximate=is_approximate,
                )
            )
        days[-1].events.append(event)
    return spans


def _unique_anchor(event, taken: set[str]) -> str:
    """Return an id for a chapter's span, unique on the page even if the chapter recurs."""
    base = f"chapter-{event.chapter.slug}" if event.chapter else "events"
    anchor, number = base, 1
    while anchor in taken:
        number += 1
        anchor = f"{base}-{number}"
    taken.add(anchor)
    return anchor
