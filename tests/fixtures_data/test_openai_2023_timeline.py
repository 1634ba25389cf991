"""The OpenAI 2023 timeline: dates inside their chapters, honest precision, cited disputes."""

import pytest
from django.utils import translation

from core.dates import local_day
from events.models import Chapter, Event
from sources.models import Source

from .conftest import SAGA_SLUG

pytestmark = pytest.mark.django_db

NAMED_IN_THE_SEED = {
    "Sam Altman",
    "Greg Brockman",
    "Ilya Sutskever",
    "Mira Murati",
    "Emmett Shear",
    "Satya Nadella",
    "Kara Swisher",
    "Jakub Pachocki",
    "Aleksander Madry",
    "Szymon Sidor",
    "Peter Thiel",
    "Elon Musk",
    "Bret Taylor",
    "Larry Summers",
    "Adam D'Angelo",
}
ORGANISATIONS_IN_THE_SEED = {
    "OpenAI",
    "Microsoft",
    "Twitch",
    "X",
    "Forbes",
    "The Verge",
    "The Information",
    "CNBC",
    "Mashable",
}


def saga_events():
    return Event.objects.filter(saga__slug=SAGA_SLUG).select_related("chapter", "saga")


def test_each_event_falls_inside_its_chapter():
    for event in saga_events():
        assert event.chapter is not None, event.slug
        assert event.chapter.saga_id == event.saga_id
        assert event.chapter.contains(event.start_at), (event.slug, event.chapter.slug)


def test_chapters_follow_each_other_without_overlapping():
    chapters = list(Chapter.objects.filter(saga__slug=SAGA_SLUG).order_by("position"))

    for earlier, later in zip(chapters, chapters[1:], strict=False):
        assert earlier.end_at < later.start_at, (earlier.slug, later.slug)


def test_the_week_runs_from_thursday_night_to_the_agreement_on_tuesday_in_california():
    week = saga_events().exclude(chapter__slug__in=("background", "epilogue"))
    days = {local_day(event.start_at, "America/Los_Angeles").isoformat() for event in week}

    assert min(days) == "2023-11-16"
    assert max(days) == "2023-11-21"
    assert {event.slug for event in week[:1]} == {"sutskever-texts-altman"}
    assert week.filter(start_at__lt=event_at("agreement-for-altmans-return")).count() == (
        week.count() - 4
    )


def event_at(slug):
    return saga_events().get(slug=slug).start_at


def test_the_story_ends_with_the_formal_return_on_29_november():
    epilogue = saga_events().filter(chapter__slug="epilogue")

    assert [event.slug for event in epilogue] == ["altman-formally-returns"]
    assert saga_events().last().slug == "altman-formally-returns"
    assert local_day(epilogue.get().start_at, "America/Los_Angeles").isoformat() == "2023-11-29"


def test_background_events_say_no_finer_date_than_is_known():
    background = saga_events().filter(chapter__slug="background")

    assert [event.slug for event in background] == [
        "openai-founded",
        "altman-becomes-ceo",
        "openai-lp-capped-profit",
        "microsoft-invests-1-billion",
        "microsoft-extends-partnership",
    ]
    assert background.get(slug="altman-becomes-ceo").precision == "year"
    with translation.override("en"):
        assert background.get(slug="altman-becomes-ceo").formatted_date() == "2019"
        founded = background.get(slug="openai-founded").formatted_date()
    assert "11" in founded and "2015" in founded and ":" not in founded


def test_only_times_stated_by_a_source_are_shown_to_the_minute():
    timed = saga_events().filter(precision="time")

    assert {event.slug for event in timed} == {
        "altman-fired-in-video-call",
        "brockman-removed-as-chairman",
    }
    for event in timed:
        assert event.citations.filter(source__slug="x-brockman-what-we-know").exists()
    with translation.override("en"):
        called = timed.get(slug="brockman-removed-as-chairman").formatted_date()
    assert "12:23" in called and "PST" in called


def test_every_vague_time_in_the_week_is_said_in_words_in_both_languages():
    for event in saga_events().exclude(chapter__slug="background").prefetch_related("translations"):
        for language in ("ja", "en"):
            assert event.translation(language).display_date.strip(), (event.slug, language)


def test_late_night_pacific_announcements_say_so_in_their_display_dates():
    nadella = saga_events().get(slug="nadella-announces-altman-and-brockman-join-microsoft")
    agreement = saga_events().get(slug="agreement-for-altmans-return")

    assert nadella.chapter.slug == "monday"
    assert local_day(nadella.start_at, "America/Los_Angeles").isoformat() == "2023-11-19"
    assert "early Monday" in nadella.translation("en").display_date
    assert "月曜日の未明" in nadella.translation("ja").display_date
    assert local_day(agreement.start_at, "America/Los_Angeles").isoformat() == "2023-11-21"
    assert "early Wednesday" in agreement.translation("en").display_date
    assert "水曜日の未明" in agreement.translation("ja").display_date


@pytest.mark.parametrize(
    ("event_slug", "disputing_source"),
    [
        ("employees-threaten-to-quit", "sfstandard-staff-threaten-to-quit"),
        ("sutskever-texts-altman", "wsj-altman-firing-inside-story"),
        ("deadline-passes-without-a-deal", "mashable-openai-crisis-recap"),
    ],
)
def test_facts_reported_differently_cite_both_sides(event_slug, disputing_source):
    citations = saga_events().get(slug=event_slug).citations.all()

    disputes = citations.filter(stance="disputes")
    assert list(disputes.values_list("source__slug", flat=True)) == [disputing_source]
    assert citations.filter(stance="supports").exclude(note="").exists()
    assert disputes.get().note


def test_every_disputing_citation_says_what_its_source_reports_beside_a_supporting_one():
    disputed = saga_events().filter(citations__stance="disputes").distinct()

    assert disputed.count() >= 3
    for event in disputed:
        for citation in event.citations.filter(stance="disputes"):
            assert citation.note, (event.slug, citation.source.slug)
        assert event.citations.filter(stance="supports").exists(), event.slug


def test_every_person_and_organisation_the_seed_names_is_in_the_saga():
    from people.models import OrganizationTranslation, PersonTranslation

    people = set(
        PersonTranslation.objects.filter(language_code="en").values_list("name", flat=True)
    )
    organisations = set(
        OrganizationTranslation.objects.filter(language_code="en").values_list("name", flat=True)
    )

    assert people >= NAMED_IN_THE_SEED
    assert organisations >= ORGANISATIONS_IN_THE_SEED


def test_every_source_is_cited_and_every_missing_url_is_explained():
    sources = Source.objects.all()

    assert sources.count() >= 20
    for source in sources:
        assert source.citations.exists(), source.slug
        assert source.published_at is not None, source.slug
        if not source.url:
            assert "URL" in source.note or "address" in source.note, source.slug


def test_posts_shown_as_deleted_in_the_seed_are_marked_removed_with_a_note():
    removed = Source.objects.filter(availability="removed")

    assert set(removed.values_list("kind", flat=True)) == {"social_post"}
    assert set(removed.values_list("author", flat=True)) >= {
        "Sam Altman (@sama)",
        "Greg Brockman (@gdb)",
        "Ilya Sutskever (@ilyasut)",
        "Satya Nadella (@satyanadella)",
        "Kara Swisher (@karaswisher)",
        "OpenAI (@OpenAI)",
    }
    assert removed.filter(author="Greg Brockman (@gdb)").count() == 2
    for source in removed:
        assert "removed" in source.note or "deleted" in source.note, source.slug


def test_the_seed_article_is_a_mashable_source_noting_our_copy_is_a_machine_translation():
    mashable = Source.objects.get(slug="mashable-openai-crisis-recap")

    assert mashable.publisher.slug == "mashable"
    assert mashable.language == "en"
    assert "machine translation" in mashable.note
    assert mashable.url is None
    assert saga_events().filter(citations__source=mashable).distinct().count() >= 20
