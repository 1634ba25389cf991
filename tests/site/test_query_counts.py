"""Timeline, event and person pages use a constant number of queries, whatever the size."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Citation, CitationTranslation, Event, EventTranslation, Involvement
from tests.scenarios import openai_story
from tests.site.helpers import page
from translations.machinery import TranslationStatus

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def add_events(story, count: int, prefix: str = "bulk") -> None:
    """Add ``count`` published events, each translated, with people, a quote and a tag."""
    start = dt.datetime(2023, 11, 1, tzinfo=dt.UTC)
    chapters = list(story.saga.chapters.all())
    source = story.removed_source
    events = Event.objects.bulk_create(
        Event(
            saga=story.saga,
            chapter=chapters[number % len(chapters)],
            slug=f"{prefix}-{number:04d}",
            start_at=start + dt.timedelta(hours=7 * number),
            precision=["time", "day", "month"][number % 3],
            original_language="ja",
            state="published",
        )
        for number in range(count)
    )
    EventTranslation.objects.bulk_create(
        EventTranslation(
            event=event,
            language_code=language,
            headline=f"{language} {event.slug}",
            summary="**要約** summary",
            status=TranslationStatus.APPROVED,
        )
        for event in events
        for language in (["ja", "en"] if event.pk % 2 else ["ja"])
    )
    Involvement.objects.bulk_create(
        Involvement(event=event, person=person, role=role)
        for event in events
        for person, role in [(story.altman, "quoted"), (story.murati, "actor")]
    )
    citations = Citation.objects.bulk_create(
        Citation(event=event, source=source, quote=f"quote {event.slug}") for event in events
    )
    CitationTranslation.objects.bulk_create(
        CitationTranslation(
            citation=citation, language_code="ja", quote="引用", status=TranslationStatus.APPROVED
        )
        for citation in citations
    )
    tag = story.fired.tags.get()
    Event.tags.through.objects.bulk_create(
        Event.tags.through(event=event, tag=tag) for event in events
    )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


PAGES = [
    "/{}/sagas/openai-2023/",
    "/{}/sagas/openai-2023/altman-fired/",
    "/{}/people/sam-altman/",
    "/{}/sagas/openai-2023/?person=mira-murati&tag=board",
]


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("count", [10, 300])
def test_a_page_stays_within_its_query_budget(
    client, django_assert_max_num_queries, url, language, count
):
    story = openai_story()
    add_events(story, count)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url.format(language))

    assert response.status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_the_query_count_does_not_grow_with_the_number_of_events(client, url):
    story = openai_story()
    add_events(story, 10, prefix="first")
    cache.clear()  # every measured request is a first render
    with_ten = queries_for(client, url.format("ja"))

    add_events(story, 290, prefix="more")
    cache.clear()
    with_three_hundred = queries_for(client, url.format("ja"))

    assert with_ten == with_three_hundred


def event_cards(html: str) -> list[str]:
    return re.findall(r'<article class="event-card" id="event-([^"]+)"', html)


def test_the_timeline_shows_its_events_fifty_to_a_page_each_once_in_order(client):
    story = openai_story()
    add_events(story, 300)  # and the story's own 4: 304 events, 7 pages

    pages = [page(client.get(f"/en/sagas/openai-2023/?page={n}")) for n in range(1, 8)]

    shown = [slug for html in pages for slug in event_cards(html)]
    assert [len(event_cards(html)) for html in pages] == [50] * 6 + [4]
    assert shown == list(story.saga.events.published().values_list("slug", flat=True))
    assert event_cards(page(client.get("/en/sagas/openai-2023/"))) == event_cards(pages[0])


def test_each_timeline_page_heads_its_chapters_and_days_itself(client):
    story = openai_story()
    add_events(story, 300)

    html = page(client.get("/en/sagas/openai-2023/?page=3"))

    timeline = html[html.index('<div class="timeline">') :]
    first_card = timeline.index('class="event-card"')
    assert '<h2 id="chapter-' in timeline[:first_card]
    assert '<h3 class="day-heading">' in timeline[:first_card]


def test_the_pager_links_keep_the_filters_and_say_where_they_lead(client):
    story = openai_story()
    add_events(story, 300)

    html = page(client.get("/en/sagas/openai-2023/?tag=board&page=2"))

    assert '<nav class="pagination" aria-label="Pages">' in html
    assert 'rel="prev" href="?tag=board&amp;page=1">Previous page</a>' in html
    assert 'rel="next" href="?tag=board&amp;page=3">Next page</a>' in html
    assert 'aria-current="page">Page 2 of 7</span>' in html


@pytest.mark.parametrize("number", ["8", "0", "x"])
def test_a_timeline_page_past_the_end_is_not_found(client, number):
    story = openai_story()
    add_events(story, 300)

    assert client.get(f"/en/sagas/openai-2023/?page={number}").status_code == 404
