"""The events list's filters and ordering, and their bad input (always a 400)."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, SagaFactory, add_text
from tests.scenarios import november

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(anonymous):
    def get(query="", client=None):
        response = (client or anonymous).get(reverse("api:event-list") + "?" + query)
        assert response.status_code == 200, response.content
        return [item["slug"] for item in response.json()["results"]]

    return get


def test_saga_filters_by_slug(events, saga):
    other = SagaFactory(slug="other")
    add_text(EventFactory(saga=other, slug="elsewhere"), "ja", headline="別件")

    assert events("saga=other") == ["elsewhere"]
    assert events(f"saga={saga.slug}") == ["fired", "return"]


def test_chapter_filters_by_id(events, saga):
    assert events(f"chapter={saga.chapters.get(slug='return').pk}") == ["return"]


def test_date_range_counts_calendar_days_in_the_sagas_time_zone(events, saga):
    # "return" is at 06:00 UTC on the 22nd: the 21st in Los Angeles.
    assert events("date_after=2023-11-21&date_before=2023-11-21") == ["return"]
    assert events("date_after=2023-11-22") == []
    assert events("date_before=2023-11-17") == ["fired"]


def test_date_range_uses_each_sagas_own_time_zone(events, saga):
    tokyo = SagaFactory(slug="tokyo", time_zone="Asia/Tokyo")
    # 16:00 UTC on the 21st is already the 22nd in Tokyo.
    add_text(EventFactory(saga=tokyo, slug="late", start_at=november(21, 16)), "ja", headline="夜")

    assert events("date_after=2023-11-22") == ["late"]


def test_person_filters_to_the_events_they_are_involved_in(events, saga):
    assert events("person=mira-murati") == ["fired"]


def test_organization_filters_to_events_its_people_or_its_sources_touch(events, saga):
    assert events("organization=openai") == ["fired"]  # Murati, of OpenAI, takes part
    assert events("organization=the-verge") == ["fired", "return"]  # both cite its report


def test_tag_filters_by_slug(events, saga):
    assert events("tag=board") == ["return"]


def test_q_searches_the_text_in_the_chosen_language(events, saga):
    assert events("q=board&lang=en") == ["fired"]
    assert events("q=board&lang=ja") == []
    assert events("q=取締役会&lang=ja") == ["fired"]


def test_q_searches_the_original_where_the_language_has_no_text(events, saga):
    # "return" has no English text: readers of English see (and search) the Japanese.
    assert events("q=合意&lang=en") == ["return"]


def test_q_never_finds_words_readers_cannot_see(events, editor_api, saga):
    add_text(Event.objects.get(slug="return"), "en", status="draft", headline="Secret deal")

    assert events("q=Secret&lang=en") == []
    assert events("q=Secret&lang=en", client=editor_api) == ["return"]


def test_translation_status_filters_on_the_chosen_languages_text(events, saga):
    assert events("translation_status=approved&lang=en") == ["fired"]
    assert events("translation_status=missing&lang=en") == ["return"]
    original = Event.objects.get(slug="fired").translation("ja")
    original.headline = "アルトマン氏、解任"
    original.save()
    assert events("translation_status=stale&lang=en") == ["fired"]
    assert events("translation_status=approved&lang=ja") == ["fired", "return"]


def test_staff_filter_by_state(events, editor_api, saga):
    assert events("state=draft", client=editor_api) == ["draft-event"]
    assert events("state=draft") == []


def test_ordering_by_date_both_ways(events, saga):
    assert events("ordering=-date") == ["return", "fired"]
    assert events("ordering=date") == ["fired", "return"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("date_after=2023-13-45", "date_after"),
        ("date_before=yesterday", "date_before"),
        ("date_after=2023-11-22&date_before=2023-11-20", "date_before"),
        ("saga=no-such-saga", "saga"),
        ("chapter=999999", "chapter"),
        ("chapter=abc", "chapter"),
        ("person=nobody", "person"),
        ("organization=nobody", "organization"),
        ("tag=nothing", "tag"),
        ("translation_status=perfect", "translation_status"),
        ("state=gone", "state"),
        ("ordering=headline", "ordering"),
        ("page_size=101", "page_size"),
        ("page_size=0", "page_size"),
        ("page=abc", "page"),
        ("lang=klingon", "lang"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_field(anonymous, saga, query, field):
    response = anonymous.get(reverse("api:event-list") + "?" + query)

    assert response.status_code == 400
    assert field in response.json()


def test_a_draft_sagas_slug_is_not_a_valid_filter_for_readers(anonymous, editor_api, saga):
    SagaFactory(slug="secret", state="draft")
    url = reverse("api:event-list") + "?saga=secret"

    assert anonymous.get(url).status_code == 400
    assert editor_api.get(url).status_code == 200


def test_page_size_is_honoured_up_to_the_maximum(anonymous, saga):
    body = anonymous.get(reverse("api:event-list") + "?page_size=1").json()

    assert (len(body["results"]), body["count"]) == (1, 2)
    assert "page=2" in body["next"]


def test_a_page_past_the_last_is_a_404(anonymous, saga):
    assert anonymous.get(reverse("api:event-list") + "?page=9").status_code == 404


def test_chapters_filter_by_saga(anonymous, saga):
    SagaFactory(slug="empty")
    url = reverse("api:chapter-list")

    assert anonymous.get(url + "?saga=empty").json()["count"] == 0
    assert anonymous.get(url + f"?saga={saga.slug}").json()["count"] == 2
    assert anonymous.get(url + "?saga=nope").status_code == 400
