"""The event list a desk works from: columns, filters, search, dates and its query count."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import EventTranslation
from tests.factories import (
    ChapterFactory,
    EventFactory,
    InvolvementFactory,
    PersonFactory,
    add_text,
)

pytestmark = pytest.mark.django_db


def listing(client, **params):
    return client.get(reverse("admin:events_event_changelist"), params).content.decode()


def rows(page):
    """Return the text of each result row, tags removed."""
    if '<table id="result_list">' not in page:
        return []
    body = page.split('<table id="result_list">')[1].split("</table>")[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr")[2:]
    ]


def test_each_row_shows_date_in_the_sagas_zone_headline_state_badges_and_people(clients, story):
    (row,) = rows(listing(clients["editor"]))

    assert "The board fires Sam Altman" in row
    assert "Nov. 17, 2023, noon PST" in row  # 20:00 UTC, in California
    assert "draft" in row
    assert "JA approved" in row and "EN draft" in row
    assert "Sam Altman" in row
    assert "Friday: fired" in row


def test_the_headline_and_names_follow_the_editors_language(clients, story):
    page = (
        clients["editor"]
        .get(reverse("admin:events_event_changelist"), HTTP_ACCEPT_LANGUAGE="ja")
        .content.decode()
    )

    assert "取締役会がアルトマン氏を解任" in page
    assert "サム・アルトマン" in page


def test_a_headline_missing_in_the_editors_language_shows_the_original_marked(clients, story):
    EventTranslation.objects.filter(event=story, language_code="en").delete()

    (row,) = rows(listing(clients["editor"]))

    assert "取締役会がアルトマン氏を解任 (ja)" in row
    assert "EN missing" in row


def test_a_stale_translation_shows_as_stale(clients, story):
    source = story.translation("ja")
    source.headline = "取締役会がアルトマン氏を突然解任"
    source.save()

    (row,) = rows(listing(clients["editor"]))

    assert "EN stale" in row


@pytest.fixture
def second_saga_event(story):
    other = EventFactory(slug="tokyo-reaction", state="published")
    add_text(other, "ja", headline="東京の反応")
    add_text(other, "en", status="machine", headline="Reaction in Tokyo")
    return other


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"publication": "draft"}, ["The board fires Sam Altman"]),
        ({"publication": "live"}, ["Reaction in Tokyo"]),
        ({"text_en": "machine"}, ["Reaction in Tokyo"]),
        ({"text_en": "draft"}, ["The board fires Sam Altman"]),
        ({"text_en": "approved"}, []),
        ({"text_ja": "approved"}, ["Reaction in Tokyo", "The board fires Sam Altman"]),
    ],
)
def test_filters_by_state_and_by_translation_state_per_language(
    clients, second_saga_event, params, expected
):
    found = sorted(
        name
        for name in ("The board fires Sam Altman", "Reaction in Tokyo")
        if name in "".join(rows(listing(clients["editor"], **params)))
    )
    assert found == sorted(expected)


def test_filters_by_saga_chapter_person_and_stale_or_missing_text(
    clients, story, second_saga_event
):
    person = story.involvements.get().person
    assert len(rows(listing(clients["editor"], saga=story.saga_id))) == 1
    assert len(rows(listing(clients["editor"], chapter=story.chapter_id))) == 1
    assert len(rows(listing(clients["editor"], person=person.pk))) == 1

    source = story.translation("ja")
    source.summary = "変更"
    source.save()
    EventTranslation.objects.filter(event=second_saga_event, language_code="en").delete()

    assert "The board fires" in "".join(rows(listing(clients["editor"], text_en="stale")))
    assert "東京の反応" in "".join(rows(listing(clients["editor"], text_en="missing")))
    assert len(rows(listing(clients["editor"], text_en="stale"))) == 1


def test_the_chapter_filter_lists_the_chapters_of_the_saga_in_view(clients, story):
    page = listing(clients["editor"], saga=story.saga_id)
    assert "Friday: fired" in page.split('id="changelist-filter"')[1]


@pytest.mark.parametrize("term", ["アルトマン", "ousts", "発表", "altman-fired"])
def test_search_finds_any_translation_including_japanese_substrings(clients, story, term):
    EventTranslation.objects.filter(event=story, language_code="en").update(
        summary="The board ousts its chief executive."
    )
    assert len(rows(listing(clients["editor"], q=term))) == 1


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("altman-fired board", 1),  # every word, each in any field: the slug, a headline
        ("board Microsoft", 0),  # one word in no text
        ('"board fires"', 1),  # quoted words, together
        ('"fires board"', 0),
    ],
)
def test_search_needs_every_word_and_keeps_quoted_words_together(clients, story, term, found):
    assert len(rows(listing(clients["editor"], q=term))) == found


def test_an_event_with_the_words_in_several_texts_is_listed_once(clients, story):
    EventTranslation.objects.filter(event=story).update(summary="Altman Altman")

    assert len(rows(listing(clients["editor"], q="Altman"))) == 1


def test_search_finds_nothing_for_words_in_no_text(clients, story):
    page = listing(clients["editor"], q="Microsoft")
    assert "0 events" in page


def test_the_date_hierarchy_groups_by_day_in_the_sagas_zone(clients, story):
    # 20:00 UTC on the 17th; an event at 06:00 UTC on the 18th is still the 17th in California.
    late = EventFactory(
        saga=story.saga, slug="late-night", start_at=dt.datetime(2023, 11, 18, 6, tzinfo=dt.UTC)
    )
    add_text(late, "ja", headline="深夜")

    page = listing(clients["editor"], start_at__year=2023, start_at__month=11)

    assert "November 17" in page
    assert "November 18" not in page
    assert (
        len(
            rows(
                listing(
                    clients["editor"], start_at__day=17, start_at__month=11, start_at__year=2023
                )
            )
        )
        == 2
    )


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "expected"),
    [
        ("involvement", "person", "アルトマン", "Sam Altman"),  # a name, never the slug
        ("citation", "source", "leadership", "OpenAI announces leadership transition"),
        ("affiliation", "organization", "Open", "openai"),
    ],
)
def test_people_organisations_and_sources_are_picked_by_autocomplete(
    clients, story, model_name, field_name, term, expected
):
    from tests.factories import OrganizationFactory

    OrganizationFactory(slug="openai")
    app_label = "people" if model_name == "affiliation" else "events"
    response = clients["editor"].get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )

    assert response.status_code == 200
    assert any(expected.lower() in item["text"].lower() for item in response.json()["results"])


@pytest.mark.parametrize("count", [10, 100])
def test_the_list_takes_the_same_number_of_queries_for_10_or_100_events(
    clients, story, count, django_assert_max_num_queries
):
    saga = story.saga
    chapters = [ChapterFactory(saga=saga) for _ in range(3)]
    for chapter in chapters:
        add_text(chapter, "ja", heading=f"章 {chapter.slug}")
    for number in range(count - 1):
        event = EventFactory(saga=saga, chapter=chapters[number % 3], slug=f"e-{number}")
        add_text(event, "ja", headline=f"出来事{number}")
        add_text(event, "en", status="machine", headline=f"Event {number}")
        person = PersonFactory()
        add_text(person, "en", name=f"Person {number}")
        InvolvementFactory(event=event, person=person)

    with django_assert_max_num_queries(21):
        page = listing(clients["editor"], all="")

    assert len(rows(page)) == count if count <= 50 else 50


def test_the_list_reads_in_japanese_with_japanese_dates(clients, story):
    with translation.override("ja"):
        page = (
            clients["editor"]
            .get(reverse("admin:events_event_changelist"), HTTP_ACCEPT_LANGUAGE="ja")
            .content.decode()
        )
    assert "2023年11月17日" in page
