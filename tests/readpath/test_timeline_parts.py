"""
A timeline keeps each event's card on its own (events.views, core.response_cache.cached_parts):
after an edit it builds only the cards that show what changed, and a kept card is never shown
where its markup would differ (another language, reader zone, saga zone or address, script
prefix). Every page here must read as the same page built from an empty cache.
"""

import pytest
from django.core.cache import cache
from django.template import engines
from django.test.utils import override_script_prefix

from core import freshness
from events.models import EventTranslation, TagTranslation
from events.templatetags.cards import render_cards
from people.models import PersonTranslation
from tests.factories import EventFactory, InvolvementFactory, PersonFactory, TagFactory, add_text
from tests.scenarios import saga, utc

pytestmark = pytest.mark.django_db

# An anonymous timeline rebuilt after one event's edit: the versions of the stored page, the
# global version, the saga and its texts, the filter options' versions and their four queries,
# the page's rows, the cards' versions, one card's event with its tags and people, and the
# versions of what the page shows.
REBUILD_QUERIES = 15


@pytest.fixture
def person():
    person = PersonFactory(slug="mira", original_language="en")
    add_text(person, "en", name="Mira Murati")
    return person


def timeline(slug, person, *, events=5):
    """A saga in California of ``events`` events in English, each with ``person`` and a tag."""
    story = saga(
        slug,
        en={"title": f"The {slug} saga"},
        time_zone="America/Los_Angeles",
        original_language="en",
    )
    tag = TagFactory(slug=f"{slug}-tag", original_language="en")
    add_text(tag, "en", name=f"{slug} tag")
    for number in range(events):
        event = EventFactory(
            saga=story,
            slug=f"{slug}-{number}",
            original_language="en",
            start_at=utc(2023, 11, 17, 18 + number),
        )
        add_text(event, "en", headline=f"{slug} headline {number}", summary="What *happened*.")
        InvolvementFactory(event=event, person=person)
        event.tags.add(tag)
    return story


@pytest.fixture
def alpha(person):
    return timeline("alpha", person)


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def built_afresh(client, url, **extra) -> str:
    """The page as built from an empty cache: nothing kept."""
    cache.clear()
    return page(client.get(url, **extra))


def edit(row, capture, **texts):
    for name, value in texts.items():
        setattr(row, name, value)
    with capture(execute=True):
        row.save()


def test_after_one_events_edit_the_timeline_builds_only_that_events_card(
    client, alpha, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    url = "/en/sagas/alpha/"
    client.get(url)
    # Changed behind the content keys' back: a card built again would show it.
    EventTranslation.objects.filter(event__slug="alpha-3").update(headline="Changed silently")

    edited = EventTranslation.objects.get(event__slug="alpha-1")
    edit(edited, django_capture_on_commit_callbacks, headline="Corrected headline")
    with django_assert_max_num_queries(REBUILD_QUERIES):
        html = page(client.get(url))

    assert "Corrected headline" in html and "alpha headline 1" not in html
    assert "alpha headline 3" in html and "Changed silently" not in html  # kept, not built
    assert "Changed silently" in built_afresh(client, url)


def test_the_cards_kept_by_one_page_serve_the_saga_s_other_pages_and_filters(
    client, alpha, django_assert_max_num_queries
):
    client.get("/en/sagas/alpha/")
    EventTranslation.objects.filter(event__slug="alpha-2").update(headline="Changed silently")

    html = page(client.get("/en/sagas/alpha/?tag=alpha-tag"))

    assert "alpha headline 2" in html and "Changed silently" not in html
    assert 'href="/en/sagas/alpha/?tag=alpha-tag">#alpha tag</a>' in html


def test_a_persons_rename_reaches_the_kept_cards_of_every_saga_showing_them(
    client, person, django_capture_on_commit_callbacks
):
    timeline("alpha", person, events=2)
    timeline("beta", person, events=2)
    for url in ("/en/sagas/alpha/", "/en/sagas/beta/"):
        assert "Mira Murati" in page(client.get(url))

    name = PersonTranslation.objects.get(person=person, language_code="en")
    edit(name, django_capture_on_commit_callbacks, name="Mira Murati (CTO)")

    for url in ("/en/sagas/alpha/", "/en/sagas/beta/"):
        html = page(client.get(url))
        assert html.count("Mira Murati (CTO)</a>") == 2, url  # on each card
        assert html == built_afresh(client, url)


def test_each_language_gets_its_own_cards(client, alpha):
    english = page(client.get("/en/sagas/alpha/"))
    japanese = page(client.get("/ja/sagas/alpha/"))

    assert 'href="/ja/sagas/alpha/alpha-0/"' in japanese and "/en/sagas/alpha/alpha" not in japanese
    # The English text, labelled as such, and the time in the Japanese reader's zone.
    assert "英語" in japanese and "JST" in japanese and "EST" not in japanese
    assert "Not yet translated" not in english and "EST" in english
    assert japanese == built_afresh(client, "/ja/sagas/alpha/")
    assert english == built_afresh(client, "/en/sagas/alpha/")


def test_a_change_of_the_reader_zone_is_not_answered_with_cards_kept_for_the_other(
    client, alpha, settings
):
    client.get("/en/sagas/alpha/")
    settings.READER_TIME_ZONES = {"en": "Europe/London", "ja": "Asia/Tokyo"}

    html = page(client.get("/en/sagas/alpha/?page=1"))  # another address: a page built anew

    assert "GMT" in html and "EST" not in html


def test_a_sagas_new_zone_or_address_shows_on_every_card(
    client, alpha, django_capture_on_commit_callbacks
):
    before = page(client.get("/en/sagas/alpha/"))
    assert "10 a.m. PST" in before

    edit(alpha, django_capture_on_commit_callbacks, time_zone="Asia/Tokyo", slug="alpha-news")
    html = page(client.get("/en/sagas/alpha-news/"))

    assert "3 a.m. JST" in html
    assert "PST" not in html
    assert 'href="/en/sagas/alpha-news/alpha-0/"' in html and "/en/sagas/alpha/" not in html
    assert html == built_afresh(client, "/en/sagas/alpha-news/")


def test_cards_kept_under_one_script_prefix_are_not_shown_under_another(client, alpha):
    with override_script_prefix("/news/"):
        prefixed = page(client.get("/en/sagas/alpha/"))
    # Another address: behind a server, the prefix is in the page's address too.
    plain = page(client.get("/en/sagas/alpha/?page=1"))

    assert 'href="/news/en/sagas/alpha/alpha-0/"' in prefixed
    assert 'href="/en/sagas/alpha/alpha-0/"' in plain and "/news/" not in plain


def test_the_timeline_reads_the_same_without_a_cache(client, alpha, settings):
    kept = page(client.get("/en/sagas/alpha/"))
    page(client.get("/en/sagas/alpha/?tag=alpha-tag"))

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }

    assert page(client.get("/en/sagas/alpha/")) == kept


def test_a_kept_card_is_the_card_the_event_card_tag_renders(alpha):
    events = list(alpha.events.for_saga_timeline("en"))
    tag = engines["django"].from_string(
        '{% load cards %}{% for event in events %}{% event_card event heading="h4" %}{% endfor %}'
    )

    rendered = render_cards(events, heading="h4")

    assert "".join(html for html, _fallback in rendered.values()) == tag.render({"events": events})
    assert "alpha headline 4" in rendered[events[4].pk][0]


def test_a_restore_that_moves_only_everything_reaches_the_kept_filter_options(client, alpha):
    # loaddata restores whole sites and moves the one key every answer depends on
    # (core.freshness.EVERYTHING); kept parts depend on it as every stored answer does.
    assert "alpha tag" in page(client.get("/en/sagas/alpha/"))
    TagTranslation.objects.filter(name="alpha tag").update(name="restored tag")
    freshness.touch({freshness.EVERYTHING})

    shown = page(client.get("/en/sagas/alpha/"))
    assert "restored tag" in shown and "alpha tag" not in shown
