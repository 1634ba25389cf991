"""Search over the published text readers of a language see."""

import pytest

from tests.factories import EventFactory, add_text
from tests.scenarios import utc
from tests.site.helpers import page

pytestmark = pytest.mark.django_db


def found(client, language, query) -> str:
    return page(client.get(f"/{language}/search/", {"q": query}))


def test_a_japanese_substring_finds_events(client, story):
    html = found(client, "ja", "解任")

    assert 'id="event-altman-fired"' in html
    assert "1 件の出来事が見つかりました。" in html


def test_english_readers_search_the_english_text(client, story):
    assert 'id="event-altman-fired"' in found(client, "en", "fires altman")
    assert 'id="event-altman-fired"' not in found(client, "en", "解任")


def test_english_readers_also_search_the_fallback_text_they_are_shown(client, story):
    assert 'id="event-altman-posts"' in found(client, "en", "投稿")


def test_search_never_finds_drafts_or_unapproved_text(client, story):
    english = story.fired.translation("en")
    english.headline, english.status = "Secret wording", "in_review"
    english.save()

    assert 'id="event-draft-event"' not in found(client, "ja", "下書き")
    assert "Secret wording" not in found(client, "en", "Secret")
    assert 'id="event-scheduled-event"' not in found(client, "ja", "予約公開")


def test_search_results_are_paginated(client, story):
    for number in range(25):
        event = EventFactory(saga=story.saga, slug=f"many-{number}", start_at=utc(2023, 11, 22))
        add_text(event, "ja", headline=f"多数の出来事 {number}")

    first = found(client, "ja", "多数の出来事")
    second = page(client.get("/ja/search/", {"q": "多数の出来事", "page": 2}))

    assert first.count('class="event-card"') == 20
    assert second.count('class="event-card"') == 5
    assert 'rel="next" href="?q=' in first


def test_an_empty_search_explains_what_it_searches(client, story):
    html = page(client.get("/en/search/"))

    assert "event-card" not in html
    assert "Search the headlines" in html


def test_a_too_long_query_is_refused_with_a_message(client, story):
    html = page(client.get("/en/search/", {"q": "x" * 201}))

    assert 'class="error"' in html
