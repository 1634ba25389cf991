"""An event page: text, people with their roles then, citations, removed and disputed sources."""

import pytest

from core.publishing import PublicationState
from tests.factories import EventFactory, SagaFactory, add_text
from tests.scenarios import utc
from tests.site.helpers import page

pytestmark = pytest.mark.django_db

FIRED = "/{}/sagas/openai-2023/altman-fired/"


def test_an_event_page_shows_the_text_in_the_readers_language(client, story):
    english = page(client.get(FIRED.format("en")))
    japanese = page(client.get(FIRED.format("ja")))

    assert "<h1>The board fires Altman</h1>" in english
    assert "<strong>Sam Altman</strong>" in english
    assert "<h1>取締役会がアルトマン氏を解任</h1>" in japanese
    assert "<h2>背景</h2>" in japanese  # the body's Markdown headings start below the h1
    assert japanese.count("<h1") == 1


def test_an_event_page_prints_the_date_to_its_precision_with_the_reader_zone(client, story):
    html = page(client.get(FIRED.format("en")))

    assert '<time datetime="2023-11-17T12:23-08:00">Nov. 17, 2023, 12:23 p.m. PST</time>' in html
    assert '<time datetime="2023-11-17T15:23-05:00">Nov. 17, 2023, 3:23 p.m. EST</time>' in html


def test_people_appear_with_their_role_in_the_event_and_their_title_then(client, story):
    html = page(client.get(FIRED.format("en")))

    assert '<a href="/en/people/mira-murati/">Mira Murati</a>' in html
    assert '<span class="role">actor</span>' in html
    # Murati was CTO until the firing and interim chief executive from then on.
    assert "interim chief executive" in html
    assert "chief technology officer" not in html


def test_titles_then_are_written_the_way_each_language_writes_them(client, story):
    english = page(client.get(FIRED.format("en")))
    japanese = page(client.get(FIRED.format("ja")))

    assert '<span>interim chief executive</span>, <a href="/en/organisations/openai/">' in english
    assert '/ja/organisations/openai/">OpenAI</a> <span>暫定最高経営責任者</span>' in japanese


def test_a_citation_shows_the_translated_quote_the_original_publisher_and_date(client, story):
    html = page(client.get(FIRED.format("ja")))

    assert '<blockquote class="quote"><p>アルトマン氏の退任は' in html
    assert "原文（英語）：" in html
    assert '<q lang="en">Mr. Altman&#x27;s departure' in html
    assert '<a href="/ja/organisations/openai/">OpenAI</a>' in html
    assert '<time datetime="2023-11-17T12:28-08:00">' in html  # in the saga's zone
    assert "paragraph 2" in html


def test_a_late_friday_post_is_dated_friday_beside_a_californian_saga(client, story):
    source = story.removed_source
    source.published_at, source.published_precision = utc(2023, 11, 18, 6, 0), "day"
    source.save()

    html = page(client.get("/en/sagas/openai-2023/altman-posts/"))

    assert '<time datetime="2023-11-17">Nov. 17, 2023</time>' in html


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("back at openai.", "back at openai"),  # (a title that is the quote: not repeated)
        ("what a week...", "what a week..."),
        ("what now?", "what now?"),
    ],
)
def test_a_post_cited_by_its_words_does_not_end_in_a_doubled_stop(client, story, title, shown):
    source = story.removed_source
    source.title = title
    source.save()

    html = page(client.get("/en/sagas/openai-2023/altman-posts/"))

    assert f"<cite>{shown}</cite>" in html


def test_an_untranslated_quote_is_shown_in_its_own_language_only(client, story):
    html = page(client.get(FIRED.format("ja")))

    assert '<blockquote class="quote" lang="en"><p>i loved my time at openai.</p>' in html


def test_a_removed_source_is_labelled_and_links_its_archived_copy(client, story):
    html = page(client.get(FIRED.format("en")))
    removed = html[html.index('class="citation is-removed"') :]
    removed = removed[: removed.index("</div>")]

    assert "No longer online" in removed
    assert 'href="https://web.archive.org/web/2023/https://x.com/sama/status/1"' in removed
    assert 'href="https://x.com/sama/' not in removed  # the dead link is not offered


def test_disputed_facts_show_both_sides(client, story):
    html = page(client.get("/en/sagas/openai-2023/staff-letter/"))
    dispute = html[html.index('class="dispute"') : html.index('id="people-heading"')]

    assert "Reports differ" in dispute
    assert "Forbes</strong>" in dispute
    assert "Nearly all OpenAI staff sign letter</cite>" in dispute
    assert "Disputes this account" in html
    # Citation notes are the newsroom's, in one language: the event's text tells readers.
    assert "505 signatures" not in html


def test_an_event_without_a_translation_falls_back_with_a_notice_and_a_link(client, story):
    html = page(client.get("/en/sagas/openai-2023/altman-posts/"))

    assert '<h1 lang="ja">アルトマン氏がX に投稿</h1>' in html
    assert "has not been translated into English yet" in html
    assert '<a href="/ja/sagas/openai-2023/altman-posts/" hreflang="ja">' in html


def test_a_translated_event_shows_no_fallback_notice(client, story):
    assert "fallback-notice" not in page(client.get(FIRED.format("en")))


def test_drafts_are_never_shown_even_as_a_fallback(client, story):
    # The English text of the draft event is a draft: an approved Japanese one exists,
    # but the event itself is unpublished, so readers get nothing at all.
    for language in ("ja", "en"):
        assert client.get(f"/{language}/sagas/openai-2023/draft-event/").status_code == 404


def test_a_draft_translation_of_a_published_event_is_not_shown(client, story):
    english = story.fired.translation("en")
    english.status = "draft"
    english.headline = "DRAFT HEADLINE"
    english.save()

    html = page(client.get(FIRED.format("en")))

    assert "DRAFT HEADLINE" not in html
    assert '<h1 lang="ja">取締役会がアルトマン氏を解任</h1>' in html


def test_an_event_scheduled_for_later_is_not_found_yet(client, story):
    assert client.get("/ja/sagas/openai-2023/scheduled-event/").status_code == 404


def test_neighbouring_events_are_linked_in_timeline_order(client, story):
    html = page(client.get(FIRED.format("en")))

    assert 'rel="prev" href="/en/sagas/openai-2023/founding/"' in html
    assert 'rel="next" href="/en/sagas/openai-2023/altman-posts/"' in html


def test_neighbours_of_events_at_the_same_moment_follow_position_then_slug(client):
    saga = SagaFactory(slug="ties", original_language="ja")
    add_text(saga, "ja", title="同時")
    moment = utc(2024, 1, 1, 9)
    # In timeline order: (start, position, slug).
    order = [
        EventFactory(saga=saga, slug="early", start_at=utc(2023, 12, 31, 9)),
        EventFactory(saga=saga, slug="b", start_at=moment, position=1),
        EventFactory(saga=saga, slug="c", start_at=moment, position=1),
        EventFactory(saga=saga, slug="a", start_at=moment, position=2),
        EventFactory(saga=saga, slug="late", start_at=utc(2024, 1, 2, 9)),
    ]
    # A draft between them is skipped.
    EventFactory(saga=saga, slug="bb", start_at=moment, position=1, state=PublicationState.DRAFT)
    for event in order:
        add_text(event, "ja", headline=event.slug)

    for index, event in enumerate(order):
        html = page(client.get(f"/ja/sagas/ties/{event.slug}/"))
        before = order[index - 1].slug if index else None
        after = order[index + 1].slug if index + 1 < len(order) else None
        assert ('rel="prev" href="/ja/sagas/ties/' + f'{before}/"' in html) == bool(before)
        assert ('rel="next" href="/ja/sagas/ties/' + f'{after}/"' in html) == bool(after)
