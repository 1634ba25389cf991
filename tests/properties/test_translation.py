"""Property-based tests: readers never get unapproved text; staleness follows the source."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Citation, CitationTranslation, Event, EventTranslation
from sources.models import Source
from tests.factories import (
    ChapterFactory,
    CitationFactory,
    EventFactory,
    SagaFactory,
    SourceFactory,
    add_text,
)
from translations.machinery import TranslationState, TranslationStatus, text_digest

LANGUAGES = ["ja", "en", "de"]
STATUSES = list(TranslationStatus)
APPROVED = TranslationStatus.APPROVED
EVENT_FIELDS = EventTranslation.translated_fields
examples = settings(max_examples=300, deadline=None)

texts = st.text(max_size=40)
event_texts = st.fixed_dictionaries(dict.fromkeys(EVENT_FIELDS, texts))
languages = st.sampled_from(LANGUAGES)
# Which languages have a row, and each row's status.
row_statuses = st.dictionaries(languages, st.sampled_from(STATUSES), max_size=len(LANGUAGES))


def with_rows(obj, rows):
    """Give an unsaved object its translation rows as if prefetched (no database needed)."""
    obj._prefetched_objects_cache = {"translations": rows}
    return obj


def event_with(original, statuses):
    event = Event(pk=1, original_language=original)
    rows = [
        # Every row's text names its language and status, so the one shown can be told apart.
        EventTranslation(
            event=event, language_code=code, status=status, headline=f"{code}:{status}"
        )
        for code, status in statuses.items()
    ]
    return with_rows(event, rows)


@examples
@given(original=languages, statuses=row_statuses, requested=languages)
def test_readers_only_ever_get_approved_text(original, statuses, requested):
    event = event_with(original, statuses)

    text = event.localized(requested)

    if statuses.get(requested) == APPROVED:
        expected = requested
    elif statuses.get(original) == APPROVED:
        expected = original
    else:
        expected = None
    if expected is None:
        assert not text.exists
        assert text.texts == {}
        assert text.status == TranslationState.MISSING
    else:
        assert text.language_code == expected
        assert text.headline == f"{expected}:{APPROVED}"
        assert text.translation.status == APPROVED
        assert text.is_fallback == (expected != requested)
    shown = text.texts.get("headline")
    assert all(
        shown != f"{code}:{status}" for code, status in statuses.items() if status != APPROVED
    )


@examples
@given(original=languages, statuses=row_statuses, requested=languages)
def test_editors_get_whatever_text_exists_in_their_language(original, statuses, requested):
    event = event_with(original, statuses)

    text = event.localized(requested, public=False)

    if requested in statuses:
        assert text.headline == f"{requested}:{statuses[requested]}"
        assert not text.is_fallback
    elif original in statuses:
        assert text.headline == f"{original}:{statuses[original]}"
        assert text.is_fallback
    else:
        assert not text.exists


@examples
@given(
    quote=texts,
    source_language=languages,
    statuses=row_statuses,
    requested=languages,
)
def test_a_quote_is_shown_translated_only_when_approved_else_as_said(
    quote, source_language, statuses, requested
):
    citation = Citation(pk=1, source=Source(language=source_language), quote=quote)
    rows = [
        CitationTranslation(
            citation=citation, language_code=code, status=status, quote=f"{code}:{status}"
        )
        for code, status in statuses.items()
        if code != source_language
    ]
    with_rows(citation, rows)

    text = citation.localized(requested)

    if requested != source_language and statuses.get(requested) == APPROVED:
        assert (text.language_code, text.quote) == (requested, f"{requested}:{APPROVED}")
    elif quote:
        assert (text.language_code, text.quote) == (source_language, quote)
    else:
        assert not text.exists


@st.composite
def changed_texts(draw, base, values=texts):
    """Draw texts that differ from ``base`` in at least one field."""
    name = draw(st.sampled_from(sorted(base)))
    value = draw(values.filter(lambda value: value != base[name]))
    return {**base, name: value}


# Staleness is worked out by the database (translations.state_rule): these examples are
# stored, each in a transaction rolled back after it.
stored = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# What a text column holds in every database (PostgreSQL refuses NUL).
stored_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40
)
stored_texts = st.fixed_dictionaries(dict.fromkeys(EVENT_FIELDS, stored_text))


def translated_event(source_texts, original="ja"):
    """Store an event whose source text is ``source_texts``, translated into every language."""
    event = EventFactory(original_language=original)
    source = add_text(event, original, **source_texts)
    translations = [add_text(event, code, headline=code) for code in LANGUAGES if code != original]
    return event, source, translations


def change_source(source, texts):
    for name, value in texts.items():
        setattr(source, name, value)
    source.save()


def stale(rows):
    return [type(row).objects.get(pk=row.pk).is_stale for row in rows]


@pytest.mark.django_db
@stored
@given(data=st.data(), source_texts=stored_texts)
def test_any_change_to_any_source_field_makes_every_translation_stale(data, source_texts):
    with transaction.atomic():
        event, source, translations = translated_event(source_texts)
        assert not any(stale(translations))

        change_source(source, data.draw(changed_texts(source_texts, stored_text)))

        assert all(stale(translations))
        assert all(
            event.translation_state(row.language_code) == TranslationState.STALE
            for row in translations
        )
        assert not source.is_stale
        transaction.set_rollback(True)


@pytest.mark.django_db
@stored
@given(data=st.data(), source_texts=stored_texts)
def test_recording_the_source_clears_staleness_of_that_translation_only(data, source_texts):
    with transaction.atomic():
        event, source, (first, *others) = translated_event(source_texts)
        change_source(source, data.draw(changed_texts(source_texts, stored_text)))

        first.record_source()
        first.save()

        assert stale([first]) == [False]
        assert all(stale(others))
        transaction.set_rollback(True)


@pytest.mark.django_db
@stored
@given(data=st.data(), source_texts=stored_texts)
def test_changing_the_source_back_makes_translations_current_again(data, source_texts):
    with transaction.atomic():
        event, source, translations = translated_event(source_texts)
        change_source(source, data.draw(changed_texts(source_texts, stored_text)))
        change_source(source, source_texts)

        assert not any(stale(translations))
        transaction.set_rollback(True)


@examples
@given(fields=st.dictionaries(st.text(max_size=10), texts, max_size=6), seed=st.randoms())
def test_the_digest_does_not_depend_on_key_order(fields, seed):
    items = list(fields.items())
    seed.shuffle(items)

    assert text_digest(dict(items)) == text_digest(fields)


@examples
@given(
    first=st.dictionaries(st.sampled_from(EVENT_FIELDS), texts),
    second=st.dictionaries(st.sampled_from(EVENT_FIELDS), texts),
)
def test_different_texts_have_different_digests(first, second):
    assert (text_digest(first) == text_digest(second)) == (first == second)


def build_event(original):
    return EventFactory(original_language=original)


def build_chapter(original):
    return ChapterFactory(saga=SagaFactory(original_language=original))


def build_citation(original):
    return CitationFactory(source=SourceFactory(language=original), quote=f"{original} quote")


@pytest.mark.django_db
@pytest.mark.parametrize("build", [build_event, build_chapter, build_citation])
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(original=languages, statuses=row_statuses, requested=languages)
def test_the_readers_prefetch_gives_the_same_text_as_all_rows(build, original, statuses, requested):
    """``for_language`` fetches only the rows a reader can see; the answer must not change."""
    with transaction.atomic():
        obj = build(original)
        model = type(obj)
        field = obj.translation_model().translated_fields[0]
        for code, status in statuses.items():
            if model is not Citation or code != original:
                add_text(obj, code, status=status, **{field: f"{code}:{status}"})

        narrow = model.objects.for_language(requested).get(pk=obj.pk).localized(requested)
        full = model.objects.with_translations().get(pk=obj.pk).localized(requested)

        assert (narrow.language_code, narrow.status, dict(narrow.texts)) == (
            full.language_code,
            full.status,
            dict(full.texts),
        )
        transaction.set_rollback(True)
