"""The word-level diff a translator sees when the source changed after their translation."""

import pytest

from events.models import EventTranslation
from tests.translation.helpers import edit_source, fresh
from translations.diff import diff_html, source_changes, tokenize

pytestmark = pytest.mark.django_db


def test_tokens_rebuild_the_text_exactly():
    text = "OpenAI取締役会は 11月17日、サム・アルトマン氏を解任した。It's done."

    assert "".join(tokenize(text)) == text


def test_japanese_is_split_into_katakana_runs_and_single_kanji_and_latin_words():
    assert tokenize("サム・アルトマン氏をOpenAIが解任") == [
        "サム・アルトマン",
        "氏",
        "を",
        "OpenAI",
        "が",
        "解",
        "任",
    ]


def test_an_english_change_is_marked_word_by_word():
    html = diff_html("The board fired Altman on Friday.", "The board fired Sam Altman on Friday.")

    assert html == "The board fired<ins> Sam</ins> Altman on Friday."


def test_a_japanese_change_marks_only_the_changed_characters():
    html = diff_html(
        "取締役会はアルトマン氏を解任した。", "取締役会は金曜日にアルトマン氏を解任した。"
    )

    assert html == "取締役会は<ins>金曜日に</ins>アルトマン氏を解任した。"


def test_a_replaced_number_shows_what_went_and_what_came():
    html = diff_html("従業員505人が署名", "従業員700人以上が署名")

    assert html == "従業員<del>505</del><ins>700</ins>人<ins>以上</ins>が署名"


def test_content_is_escaped_so_a_diff_cannot_inject_markup():
    html = diff_html("safe", "<script>alert(1)</script> & more")

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; more" in html


def test_a_stale_translation_gets_the_diff_of_each_changed_source_field(fired):
    english = EventTranslation.objects.get(event=fired, language_code="en")
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")

    changes = source_changes(fresh(english))

    assert list(changes) == ["headline"]
    assert changes["headline"] == "OpenAI取締役会、<ins>金曜日に</ins>アルトマン氏を解任"


def test_a_current_translation_and_the_source_text_have_no_diff(fired):
    assert source_changes(EventTranslation.objects.get(event=fired, language_code="en")) == {}
    assert source_changes(EventTranslation.objects.get(event=fired, language_code="ja")) == {}


def test_an_english_word_replaced_keeps_a_space_between_what_went_and_what_came():
    html = diff_html("Altman was fired by the board", "Altman was fired as OpenAI CEO")

    assert "<del>by</del> <ins>as</ins>" in html
    assert "asOpenAI" not in html.replace("<ins>", "").replace("</ins>", "")


def test_spacing_alone_is_not_marked_as_a_change():
    assert diff_html("The board  fired\r\nAltman", "The board fired\nAltman") == (
        "The board fired\nAltman"
    )
