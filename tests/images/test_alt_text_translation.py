"""Alt text is translated text like any other: status, staleness and reader fallback."""

import pytest

from tests.factories import add_text
from translations.machinery import TranslationState
from translations.services import translation_save

pytestmark = pytest.mark.django_db


def test_a_translated_alt_text_goes_stale_when_the_original_changes(make_image, editor):
    image = make_image(alt_text="The board room")
    add_text(image, "ja", alt_text="取締役会の部屋")
    assert image.translation_state("ja") == TranslationState.APPROVED

    translation_save(row=image.translation("en"), user=editor, texts={"alt_text": "The office"})

    image.refresh_from_db()
    assert image.translation("ja").is_stale
    assert image.translation_state("ja") == TranslationState.STALE


def test_readers_never_get_a_draft_alt_text(make_image):
    image = make_image()
    add_text(image, "ja", status="draft", alt_text="下書き")

    text = image.localized("ja")

    assert (text.alt_text, text.language_code, text.is_fallback) == (
        "Two coloured halves",
        "en",
        True,
    )
    assert image.localized("ja", public=False).alt_text == "下書き"
