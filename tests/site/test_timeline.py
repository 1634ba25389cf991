"""A saga's timeline: chapters, days in the saga's zone, precision, reader zone, filters."""

import re

import pytest

from tests.factories import EventFactory, add_text
from tests.scenarios import utc
from tests.site.helpers import page

pytestmark = pytest.mark.django_db

TIMELINE = "/{}/sagas/openai-2023/"


def headings(html: str, level: int) -> list[str]:
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    return [re.sub(r"<[^>]+>", "", h).strip() for h in found]


def test_the_timeline_is_grouped_by_chapter_then_by_day_in_the_saga_zone(client, story):
    html = page(client.get(TIMELINE.format("en")))

    assert headings(html, 2)[1:] == ["Other events", "Friday: fired", "Microsoft Monday"]
    # 01:00 UTC on the 18th is still Friday the 17th in California.
    assert headings(html, 3) == ["2015", "Nov. 17, 2023", "Nov. 20, 2023"]
    assert '<time datetime="2023-11-17">Nov. 17, 2023</time>' in html


def test_a_year_precision_event_prints_only_its_year(client, story):
    html = page(client.get(TIMELINE.format("ja")))

    assert '<time datetime="2015">2015年</time>' in html
    assert "2015年12月" not in html


def test_a_time_precision_event_also_shows_the_reader_zone_time_where_the_day_differs(
    client, story
):
    html = page(client.get(TIMELINE.format("ja")))

    assert '<time datetime="2023-11-17T12:23-08:00">12:23 PST</time>' in html
    assert '<time datetime="2023-11-18T05:23+09:00">2023年11月18日 5:23 JST</time>' in html


def test_a_day_precision_event_shows_its_display_date_but_never_a_time(client, story):
    html = page(client.get(TIMELINE.format("ja")))
    card = html[html.index('id="event-altman-posts"') :]
    card = card[: card.index("</article>")]

    assert "金曜日の夕方" in card
    assert "<time" not in card
    assert "JST" not in card and "PST" not in card


def test_no_reader_zone_time_is_shown_where_the_zones_agree(client, story, settings):
    settings.READER_TIME_ZONES = {"en": "America/Los_Angeles", "ja": "Asia/Tokyo"}
    html = page(client.get(TIMELINE.format("en")))

    assert "elsewhere" not in html


def test_drafts_and_scheduled_events_never_reach_the_timeline(client, story):
    for language in ("ja", "en"):
        html = page(client.get(TIMELINE.format(language)))
        assert "draft-event" not in html and "下書き" not in html
        assert "scheduled-event" not in html and "予約公開" not in html


def test_english_readers_are_told_which_events_are_shown_untranslated(client, story):
    html = page(client.get(TIMELINE.format("en")))

    assert "1 event below is not translated yet" in html
    assert "Not yet translated: shown in Japanese" in html
    assert "not translated yet" not in page(client.get(TIMELINE.format("ja")))


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("person=mira-murati", {"altman-fired", "staff-letter"}, {"founding", "altman-posts"}),
        ("organization=forbes", {"staff-letter"}, {"altman-fired", "founding"}),
        (
            "organization=openai",
            {"altman-fired", "altman-posts", "founding", "staff-letter"},
            set(),
        ),
        ("tag=board", {"altman-fired"}, {"altman-posts", "staff-letter"}),
        ("chapter=monday", {"staff-letter"}, {"altman-fired", "founding"}),
        ("person=sam-altman&chapter=friday", {"altman-fired", "altman-posts"}, {"founding"}),
    ],
)
def test_the_timeline_filters_by_person_organisation_tag_and_chapter(
    client, story, query, shown, hidden
):
    html = page(client.get(f"{TIMELINE.format('en')}?{query}"))

    for slug in shown:
        assert f'id="event-{slug}"' in html
    for slug in hidden:
        assert f'id="event-{slug}"' not in html


def test_an_unknown_filter_value_is_reported_and_every_event_shown(client, story):
    html = page(client.get(f"{TIMELINE.format('en')}?person=nobody"))

    assert 'class="error"' in html
    assert 'id="event-founding"' in html and 'id="event-staff-letter"' in html


def test_the_filter_form_offers_only_what_appears_in_published_events(client, story):
    other = EventFactory(saga=story.saga, slug="hidden", state="draft", start_at=utc(2023, 11, 21))
    add_text(other, "ja", headline="下書き")
    html = page(client.get(TIMELINE.format("ja")))

    assert '<option value="sam-altman">サム・アルトマン</option>' in html
    assert '<option value="forbes">フォーブス</option>' in html
    assert '<option value="board">取締役会</option>' in html


def test_an_unpublished_saga_has_no_timeline(client, story):
    story.saga.state = "draft"
    story.saga.save()

    assert client.get(TIMELINE.format("en")).status_code == 404
    assert client.get("/en/sagas/openai-2023/altman-fired/").status_code == 404


def test_the_saga_index_lists_published_sagas_with_their_public_event_count(client, story):
    html = page(client.get("/en/"))

    assert '<a href="/en/sagas/openai-2023/">Five days at OpenAI</a>' in html
    assert "4 events" in html


def test_an_approximate_time_keeps_its_known_day_and_says_around(client, story):
    noon = EventFactory(
        saga=story.saga,
        chapter=story.fired.chapter,
        slug="around-noon",
        start_at=utc(2023, 11, 17, 20),
        is_approximate=True,
    )
    add_text(noon, "en", headline="Around noon", status="approved")
    add_text(noon, "ja", headline="正午ごろ")
    html = page(client.get(TIMELINE.format("en")))

    assert headings(html, 3) == ["2015", "Nov. 17, 2023", "Nov. 20, 2023"]
    assert '<time datetime="2023-11-17T12:00-08:00">around noon PST</time>' in html
