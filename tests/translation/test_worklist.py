"""
The work lists and the dashboard at newsroom scale: states counted by the database, only
real work listed, pages, sorting, search, filters, CSP-safe progress bars, and query counts
that do not grow with the saga.
"""

import pytest
from django.urls import reverse

from events.models import Citation, Event
from sources.models import Source
from tests.factories import (
    CitationFactory,
    EventFactory,
    SagaFactory,
    SourceFactory,
    add_text,
)
from tests.translation.helpers import edit_source

pytestmark = pytest.mark.django_db

WORKLIST = "translations:worklist"


def listing(client, language="en", **query):
    url = reverse(WORKLIST, args=["openai-2023", language])
    return client.get(url, query)


def labels(response):
    return [item["label"] for item in response.context["items"]]


def test_a_changed_source_text_or_quote_lists_its_translation_as_stale(desk, saga, fired):
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")
    quoted = CitationFactory(event=fired, source=SourceFactory(language="ja"), quote="解任した")
    add_text(quoted, "en", quote="fired")
    quoted.quote = "解任を発表した"  # the quote changed after its translation
    quoted.save()

    stale = listing(desk, state="stale")

    assert sorted(str(item["kind"]) for item in stale.context["items"]) == [
        "event",
        "event citation",
    ]


def test_a_citation_with_no_quote_is_not_work(desk, saga, fired):
    english = Source.objects.filter(language="en").first()
    for _ in range(3):
        CitationFactory(event=fired, source=english, quote="")
    CitationFactory(event=fired, source=SourceFactory(language="ja"), quote="")

    missing = listing(desk, state="missing")
    everything = listing(desk)

    assert Citation.objects.filter(quote="").count() == 4
    assert all(str(item["kind"]) != "event citation" for item in missing.context["items"])
    kinds = [str(item["kind"]) for item in everything.context["items"]]
    assert kinds.count("event citation") == 1  # the quoted one only
    # saga, chapter, two events, the quote, Sam Altman: as before the empty quotes
    assert everything.context["page"].paginator.count == 6


def test_the_worklist_counts_match_the_dashboard(desk, saga, fired):
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")
    dashboard = desk.get(reverse("translations:dashboard"))
    line = next(
        line for line in dashboard.context["sagas"][0]["lines"] if line.language_code == "en"
    )

    for segment in line.segments:
        response = listing(desk, state=segment.state.value)
        assert response.context["page"].paginator.count == segment.number, segment.state
        assert f"({segment.number})" in response.content.decode()


def test_new_events_come_first_labelled_by_headline(desk, saga):
    newest = EventFactory(saga=saga, slug="zz-newest-slug")
    add_text(newest, "ja", headline="最新の出来事")

    response = listing(desk, state="missing")

    first = response.context["items"][0]
    assert first["label"] == "最新の出来事"  # no English yet: the Japanese headline
    assert str(first["kind"]) == "event"
    assert "zz-newest-slug" not in response.content.decode()  # no slugs on the list


def test_the_worklist_sorts_searches_and_filters_by_kind(desk, saga):
    by_label = labels(listing(desk, sort="label"))
    assert by_label == sorted(by_label)
    assert labels(listing(desk, sort="-label")) == list(reversed(by_label))

    found = listing(desk, q="505")
    assert labels(found) == ["従業員505人が書簡に署名"]
    # The source text is searched too: Sam Altman's name is English, read in English.
    assert "Sam Altman" in labels(listing(desk, "ja", q="altman"))
    assert {str(i["kind"]) for i in listing(desk, kind="events.event").context["items"]} == {
        "event"
    }
    # Nonsense parameters fall back to the defaults instead of failing.
    assert listing(desk, kind="nope", sort="nope", state="nope", page="x").status_code == 200


def test_the_worklist_is_paginated(desk, saga):
    for number in range(60):
        event = EventFactory(saga=saga, slug=f"more-{number}")
        add_text(event, "ja", headline=f"出来事{number:02}")

    first = listing(desk, kind="events.event")
    second = listing(desk, kind="events.event", page=2)

    assert first.context["page"].paginator.count == 62
    assert len(first.context["items"]) == 50
    assert len(second.context["items"]) == 12
    assert first.context["items"][0]["label"] == "出来事59"  # the newest first
    assert 'href="?kind=events.event&amp;page=2"' in first.content.decode()


def test_pages_read_from_either_end_make_up_the_whole_list_in_order(desk, saga):
    for number in range(120):
        event = EventFactory(saga=saga, slug=f"many-{number}")
        add_text(event, "ja", headline=f"出来事{(number * 37) % 120:03}")

    for sort in ("label", "-label", "new", "old", "state"):
        whole = labels(listing(desk, kind="events.event", sort=sort, q="出来事"))
        pages = [
            labels(listing(desk, kind="events.event", sort=sort, page=number))
            for number in (1, 2, 3)  # the last page is read from the end of the list
        ]
        assert [len(page) for page in pages] == [50, 50, 22]
        listed = [label for page in pages for label in page]
        assert len(set(listed)) == 122
        if sort == "label":
            assert listed == sorted(listed)
        if sort == "-label":
            assert listed == sorted(listed, reverse=True)
        if sort == "new":
            assert listed[:50] == whole  # a search lists its objects in the same order
    newest_first = [
        label
        for number in (1, 2, 3)
        for label in labels(listing(desk, kind="events.event", page=number))
    ]
    oldest_first = [
        label
        for number in (1, 2, 3)
        for label in labels(listing(desk, kind="events.event", sort="old", page=number))
    ]
    assert oldest_first == list(reversed(newest_first))


def test_progress_bars_work_under_the_sites_csp(desk, saga):
    page = desk.get(reverse("translations:dashboard")).content.decode()

    assert "style=" not in page.split('id="content-main"')[1]
    assert '<rect class="bar-approved" x="0.000" y="0" width="' in page


def grow(saga, events, start=0):
    for number in range(start, start + events):
        event = EventFactory(saga=saga, slug=f"grown-{number}")
        add_text(event, "ja", headline=f"出来事{number}")
        if number % 2:
            add_text(event, "en", headline=f"Event {number}")
        CitationFactory(event=event, quote="" if number % 3 else f"quote {number}")


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        (reverse("translations:dashboard"), 10),
        (reverse(WORKLIST, args=["openai-2023", "en"]), 8),
        (reverse(WORKLIST, args=["openai-2023", "en"]) + "?state=missing&sort=label&q=e", 8),
    ],
)
def test_desk_pages_cost_the_same_queries_at_two_sizes(
    desk, saga, url, queries, django_assert_num_queries
):
    other = SagaFactory(slug="zz-other", original_language="ja")
    add_text(other, "ja", title="別の物語")
    grow(saga, 5)
    desk.get(url)  # warm the caches a first request fills (sessions, content types)
    with django_assert_num_queries(queries):
        assert desk.get(url).status_code == 200
    grow(saga, 120, start=5)  # more than two pages of events, citations and texts
    grow(other, 30, start=500)

    with django_assert_num_queries(queries):
        assert desk.get(url).status_code == 200


def test_one_saga_does_not_pay_for_another(desk, saga):
    """The small saga's queries read only its own objects (by an indexed saga lookup)."""
    other = SagaFactory(slug="zz-other", original_language="ja")
    grow(other, 40)
    response = listing(desk)
    assert response.context["page"].paginator.count == 6
    assert Event.objects.filter(saga=other).count() == 40
