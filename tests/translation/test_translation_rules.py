"""The shared translation rules: staleness, fallback, status and language validation."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from events.models import Event, EventTranslation
from tests.factories import CitationFactory, EventFactory, add_text
from translations.machinery import TranslationState, TranslationStatus, text_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(original_language="ja")
    add_text(event, "ja", headline="アルトマン氏を解任", summary="取締役会が発表した。")
    return event


def test_a_translation_made_from_the_current_source_is_not_stale(event):
    english = add_text(event, "en", headline="Altman fired", summary="The board announced it.")

    assert not english.is_stale
    assert english.state == TranslationState.APPROVED
    assert english.source_snapshot == {
        "headline": "アルトマン氏を解任",
        "display_date": "",
        "summary": "取締役会が発表した。",
        "body": "",
    }


def test_changing_the_source_text_makes_translations_stale(event):
    english = add_text(event, "en", headline="Altman fired")
    source = event.translation("ja")
    source.summary = "取締役会が金曜日に発表した。"
    source.save()

    english = EventTranslation.objects.get(pk=english.pk)
    assert english.is_stale
    assert english.state == TranslationState.STALE
    assert event.translation_state("en") == TranslationState.STALE


def test_retranslating_from_the_new_source_clears_staleness(event):
    english = add_text(event, "en", headline="Altman fired")
    source = event.translation("ja")
    source.headline = "アルトマン氏を突然解任"
    source.save()
    english = EventTranslation.objects.get(pk=english.pk)

    english.headline = "Altman suddenly fired"
    english.record_source()
    english.save()

    assert not EventTranslation.objects.get(pk=english.pk).is_stale


def test_the_source_row_is_never_stale(event):
    source = event.translation("ja")
    source.headline = "別の見出し"
    source.save()

    assert source.is_source
    assert not source.is_stale


def test_digest_ignores_field_order():
    assert text_digest({"a": "1", "b": "2"}) == text_digest({"b": "2", "a": "1"})
    assert text_digest({"a": "1"}) != text_digest({"a": "2"})


def test_readers_get_the_approved_translation_in_their_language(event):
    add_text(event, "en", headline="Altman fired")

    text = event.localized("en")

    assert text.headline == "Altman fired"
    assert text.language_code == "en"
    assert not text.is_fallback


def test_readers_get_the_source_text_marked_as_fallback_when_the_translation_is_a_draft(event):
    add_text(event, "en", status=TranslationStatus.DRAFT, headline="Altman fired (draft)")

    text = event.localized("en")

    assert text.headline == "アルトマン氏を解任"
    assert text.language_code == "ja"
    assert text.is_fallback


def test_readers_never_get_an_unapproved_source_text():
    event = EventFactory(original_language="ja")
    add_text(event, "ja", status=TranslationStatus.IN_REVIEW, headline="未承認")

    text = event.localized("ja")

    assert not text.exists
    assert text.status == TranslationState.MISSING
    assert text.texts == {}


def test_editors_see_drafts(event):
    add_text(event, "en", status=TranslationStatus.MACHINE, headline="Firing CEO Sam Altman")

    assert event.localized("en", public=False).headline == "Firing CEO Sam Altman"


def test_badges_report_every_language(event, settings):
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("de", "German")]
    add_text(event, "en", status=TranslationStatus.IN_REVIEW, headline="Altman fired")

    assert event.translation_states() == {
        "ja": TranslationState.APPROVED,
        "en": TranslationState.IN_REVIEW,
        "de": TranslationState.MISSING,
    }


def test_a_quote_falls_back_to_the_words_of_the_source():
    citation = CitationFactory(quote="I love the openai team so much")

    text = citation.localized("ja")

    assert text.quote == "I love the openai team so much"
    assert text.language_code == "en"
    assert text.is_fallback


def test_a_quote_translation_goes_stale_when_the_quote_is_corrected():
    citation = CitationFactory(quote="i love the openai team so much")
    japanese = add_text(citation, "ja", quote="OpenAIのチームを心から愛している")
    assert citation.localized("ja").quote == "OpenAIのチームを心から愛している"

    citation.quote = "i love the openai team so much."
    citation.save()

    japanese.refresh_from_db()
    assert japanese.is_stale


def test_a_quote_cannot_be_translated_into_its_own_language():
    citation = CitationFactory(quote="We are back.")
    row = citation.translation_model()(citation=citation, language_code="en", quote="We are back.")

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert "The quote itself is in this language" in str(error.value)


def test_a_language_outside_languages_is_refused_with_a_clear_message(event):
    row = EventTranslation(event=event, language_code="de", headline="Altman entlassen")

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert "language_code" in error.value.message_dict


def test_adding_a_language_is_a_settings_change_only(event, settings):
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("de", "German")]
    row = EventTranslation(
        event=event, language_code="de", headline="Altman entlassen", status="approved"
    )

    row.full_clean()
    row.save()
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 on changes

    assert event.localized("de").headline == "Altman entlassen"


def test_one_text_per_object_and_language(event):
    duplicate = EventTranslation(event=event, language_code="ja", headline="二つ目")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "There is already a text in this language." in str(error.value)

    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_an_empty_required_text_is_refused(event):
    row = EventTranslation(event=event, language_code="en", headline="   ")

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert error.value.message_dict["headline"] == ["This text may not be empty."]


def test_for_language_keeps_queries_constant(django_assert_max_num_queries):
    for number in range(12):
        event = EventFactory()
        add_text(event, "ja", headline=f"見出し{number}")
        add_text(event, "en", headline=f"Headline {number}")

    with django_assert_max_num_queries(2):
        headlines = [e.localized("en").headline for e in Event.objects.for_language("en")]

    assert len(headlines) == 12
    assert all(h.startswith("Headline") for h in headlines)
