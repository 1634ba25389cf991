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
def changed_texts(draw, base):
    """Draw texts that differ from ``base`` in at least one field."""
    name = draw(st.sampled_from(sorted(base)))
    value = draw(texts.filter(lambda value: value != base[name]))
    return {**base, name: value}


def translated_event(source_texts, original="ja"):
    event = Event(pk=1, original_language=original)
    source = EventTranslation(event=event, language_code=original, status=APPROVED, **source_texts)
    with_rows(event, [source])
    rows = [source]
    for code in LANGUAGES:
        if code != original:
            row = EventTranslation(event=event, language_code=code, status=APPROVED, headline=code)
            row.record_source()
            rows.append(row)
    return with_rows(event, rows), source, rows[1:]


@examples
@given(data=st.data(), source_texts=event_texts)
def test_any_change_to_any_source_field_makes_every_translation_stale(data, source_texts):
    event, source, translations = translated_event(source_texts)
    assert not any(row.is_stale for row in translations)

    for name, value in data.draw(changed_texts(source_texts)).items():
        setattr(source, name, value)

    assert all(row.is_stale for row in translations)
    assert all(
        event.translation_state(row.language_code) == TranslationState.STALE for row in translations
    )
    assert not source.is_stale


@examples
@given(data=st.data(), source_texts=event_texts)
def test_recording_the_source_clears_staleness_of_that_translation_only(data, source_texts):
    event, source, (first, *others) = translated_event(source_texts)
    for name, value in data.draw(changed_texts(source_texts)).items():
        setattr(source, name, value)

    first.record_source()

    assert not first.is_stale
    assert all(row.is_stale for row in others)


@examples
@given(data=st.data(), source_texts=event_texts)
def test_changing_the_source_back_makes_translations_current_again(data, source_texts):
    event, source, translations = translated_event(source_texts)
    for name, value in data.draw(changed_texts(source_texts)).items():
        setattr(source, name, value)
    for name, value in source_texts.items():
        setattr(source, name, value)

    assert not any(row.is_stale for row in translations)


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
