"""The synthetic saga's content: what `generate_saga` writes, checked on one 300-event saga."""

import statistics

import pytest

from bench.synthetic import synthetic_saga_delete
from core.publishing import PublicationState
from events.models import Chapter, Citation, Event
from events.services import event_publication_problems
from people.models import Affiliation, Person
from sources.models import Availability, Source
from tests.bench.test_generate_saga import generate
from translations.machinery import TranslationState, TranslationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def saga300(django_db_setup, django_db_blocker):
    """A 300-event saga, generated once for the tests that only read it."""
    with django_db_blocker.unblock():
        saga = generate(events=300, seed=11, slug="three-hundred", chapters=6)
    yield saga
    with django_db_blocker.unblock():
        synthetic_saga_delete(slug="three-hundred")


def events_of(saga):
    return Event.objects.filter(saga=saga).with_translations()


def test_the_saga_is_published_with_its_chapters_and_events(saga300):
    events = list(events_of(saga300).select_related("chapter"))

    assert saga300.is_public()
    assert saga300.localized("ja").status == TranslationState.APPROVED
    assert saga300.localized("en").status == TranslationState.APPROVED
    assert len(events) == 300
    assert Chapter.objects.filter(saga=saga300).count() == 6
    assert all(e.chapter.contains(e.start_at) for e in events)


def test_every_event_has_three_people_and_cites_two_sources(saga300):
    events = Event.objects.filter(saga=saga300).prefetch_related("involvements", "citations")

    for event in events:
        involvements = list(event.involvements.all())
        citations = list(event.citations.all())
        assert len(involvements) == 3
        assert len({i.person_id for i in involvements}) == 3
        assert len(citations) == 2
        assert len({c.source_id for c in citations}) == 2


def test_published_events_pass_the_publish_guard_with_approved_text_in_both_languages(saga300):
    published = [e for e in events_of(saga300) if e.state == PublicationState.PUBLISHED]

    assert len(published) > 280
    for event in published:
        assert event_publication_problems(event) == []
        assert event.translation("ja") is not None and event.translation("en") is not None
    approved_both = [
        e
        for e in published
        if {e.translation_state("ja"), e.translation_state("en")} == {TranslationState.APPROVED}
    ]
    assert len(approved_both) > 0.9 * len(published)


def test_a_few_events_are_drafts_or_in_review(saga300):
    states = [e.state for e in Event.objects.filter(saga=saga300)]

    assert 0 < states.count(PublicationState.DRAFT) < 20
    assert 0 < states.count(PublicationState.IN_REVIEW) < 20


def test_a_few_translations_await_review_are_machine_output_or_are_stale(saga300):
    states = [
        event.translation_state(language)
        for event in events_of(saga300)
        for language in ("ja", "en")
        if language != event.original_language
    ]

    assert 0 < states.count(TranslationState.STALE) < 15
    assert 0 < states.count(TranslationState.IN_REVIEW) < 20
    assert 0 < states.count(TranslationState.MACHINE) < 30


def test_a_stale_translation_snapshots_the_earlier_source_text(saga300):
    stale = next(
        row
        for event in events_of(saga300)
        for row in event.translation_rows()
        if row.state == TranslationState.STALE
    )
    source = stale.parent.translation(stale.parent.original_language)

    assert stale.status == TranslationStatus.APPROVED
    assert stale.source_snapshot["headline"] == source.headline
    assert source.summary.startswith(stale.source_snapshot["summary"])
    assert source.summary != stale.source_snapshot["summary"]


def test_texts_have_newsroom_lengths_in_both_languages(saga300):
    rows = [row for event in events_of(saga300) for row in event.translation_rows()]
    japanese = [row for row in rows if row.language_code == "ja"]
    english = [row for row in rows if row.language_code == "en"]

    assert 20 <= statistics.median(len(row.headline) for row in japanese) <= 40
    assert 60 <= statistics.median(len(row.headline) for row in english) <= 90
    assert all(2 <= row.summary.count("。") <= 3 for row in japanese)
    assert all(row.body.count("\n\n") >= 2 for row in rows)
    assert statistics.median(len(row.body) for row in english) > 600


def test_the_texts_name_the_people_involved_in_each_language(saga300):
    event = events_of(saga300).filter(state=PublicationState.PUBLISHED).first()
    subject = event.involvements.get(position=0).person

    for language in ("ja", "en"):
        assert subject.localized(language).name in event.localized(language).body


def test_people_hold_roles_in_organisations_in_both_languages(saga300):
    people = Person.objects.filter(slug__startswith="three-hundred--").with_translations()
    affiliations = Affiliation.objects.filter(person__in=people).with_translations()

    assert len(people) == 15
    assert 15 <= len(affiliations) <= 45
    for person in people:
        assert person.translation_states() == {"ja": "approved", "en": "approved"}
    for affiliation in affiliations:
        assert affiliation.translation_states() == {"ja": "approved", "en": "approved"}


def test_sources_have_publishers_and_some_are_no_longer_online(saga300):
    sources = Source.objects.filter(slug__startswith="three-hundred--")

    assert sources.count() == 75
    assert not sources.filter(publisher__isnull=True).exists()
    assert sources.filter(availability=Availability.REMOVED).exists()
    assert all(
        url.startswith("https://") and ".example/" in url
        for url in sources.values_list("url", flat=True)
    )


def test_quotes_are_translated_and_some_citations_dispute_the_event(saga300):
    citations = Citation.objects.filter(event__saga=saga300).select_related("source")
    quoted = [c for c in citations.prefetch_related("translations") if c.quote]

    assert len(quoted) > 0.7 * citations.count()
    for citation in quoted:
        other = "ja" if citation.source.language == "en" else "en"
        assert citation.translation(other) is not None
        assert citation.translation_state(other) != TranslationState.STALE
    assert citations.filter(stance="disputes").exclude(note="").exists()


def test_generated_objects_pass_model_validation(saga300):
    event = Event.objects.filter(saga=saga300).first()
    objects = [
        saga300,
        event,
        *event.translations.all(),
        *event.involvements.all(),
        *event.citations.all(),
        *Source.objects.filter(citations__event=event),
        *Affiliation.objects.filter(person__involvements__event=event),
        *Chapter.objects.filter(saga=saga300)[:2],
    ]

    for obj in objects:
        obj.full_clean()
