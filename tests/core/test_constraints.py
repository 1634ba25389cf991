"""Integrity rules hold in the database, and model validation explains each one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Chapter, Event, EventTranslation
from people.models import Affiliation, Person
from sources.models import Source
from tests.factories import (
    ChapterFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

FRIDAY = dt.datetime(2023, 11, 17, 20, 0, tzinfo=dt.UTC)
THURSDAY = FRIDAY - dt.timedelta(days=1)


def refused_by_database(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()
    return True


def validation_messages(obj) -> dict:
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    return error.value.message_dict


def test_event_slugs_are_unique_within_a_saga_only():
    first = EventFactory(slug="fired")
    EventFactory(slug="fired")  # another saga: fine
    duplicate = Event(saga=first.saga, slug="fired", start_at=FRIDAY, original_language="ja")

    assert validation_messages(duplicate)["__all__"] == [
        "This saga already has an event with this slug."
    ]
    assert refused_by_database(duplicate)


def test_chapter_slugs_are_unique_within_a_saga_only():
    first = ChapterFactory(slug="friday")
    ChapterFactory(slug="friday")
    duplicate = Chapter(saga=first.saga, slug="friday", start_at=FRIDAY)

    assert validation_messages(duplicate)["__all__"] == [
        "This saga already has a chapter with this slug."
    ]
    assert refused_by_database(duplicate)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Event(
                saga=SagaFactory(),
                slug="x",
                start_at=FRIDAY,
                end_at=THURSDAY,
                original_language="ja",
            ),
            "An event cannot end before it starts.",
        ),
        (
            lambda: Chapter(saga=SagaFactory(), slug="x", start_at=FRIDAY, end_at=THURSDAY),
            "A chapter cannot end before it starts.",
        ),
        (
            lambda: Affiliation(
                person=PersonFactory(),
                organization=OrganizationFactory(),
                start_at=FRIDAY,
                end_at=THURSDAY,
            ),
            "An affiliation cannot end before it starts.",
        ),
    ],
)
def test_nothing_ends_before_it_starts(build, message):
    obj = build()

    assert message in validation_messages(obj)["__all__"]
    assert refused_by_database(obj)


def test_an_event_may_end_when_it_starts():
    EventFactory(start_at=FRIDAY, end_at=FRIDAY).full_clean()


@pytest.mark.parametrize("qid", ["Q7407093", "Q1"])
def test_wikidata_ids_of_the_right_shape_are_accepted(qid):
    PersonFactory(wikidata_qid=qid).full_clean()


@pytest.mark.parametrize("qid", ["7407093", "q7407093", "Q", "Q01", "Q12 ", "P31"])
def test_malformed_wikidata_ids_are_refused(qid):
    person = Person(slug="someone", original_language="en", wikidata_qid=qid)

    assert validation_messages(person)["wikidata_qid"] == [
        "A Wikidata id is a Q followed by digits, such as Q7407093."
    ]
    assert refused_by_database(person)


def test_source_urls_are_unique():
    SourceFactory(url="https://openai.com/blog/openai-announces-leadership-transition")
    duplicate = Source(
        slug="again",
        url="https://openai.com/blog/openai-announces-leadership-transition",
        kind="article",
        language="en",
        title="Again",
    )

    expected = ["Source document with this URL already exists."]
    assert validation_messages(duplicate)["url"] == expected
    assert refused_by_database(duplicate)


def test_several_sources_may_have_no_known_url():
    SourceFactory(url=None)
    SourceFactory(url=None).full_clean()


def test_a_malformed_language_code_is_refused_by_the_database():
    event = EventFactory()
    row = EventTranslation(event=event, language_code="Japanese!", headline="x")

    assert refused_by_database(row)


def test_a_saga_time_zone_must_be_an_iana_name():
    saga = SagaFactory.build(slug="ok", time_zone="PST")

    assert "time_zone" in validation_messages(saga)


def test_a_chapter_of_another_saga_is_refused():
    chapter = ChapterFactory()
    event = EventFactory.build(saga=SagaFactory(), chapter=chapter, slug="x")

    assert validation_messages(event)["chapter"] == ["This chapter belongs to another saga."]
