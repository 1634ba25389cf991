"""The OpenAI 2023 saga's text: complete, approved, current, cited, and free of seed debris."""

import re
from pathlib import Path

import pytest
from django.apps import apps

from events.models import Chapter, Citation, Event, Saga, Tag
from people.models import Affiliation, Organization, Person
from translations.machinery import Translation, TranslationState, TranslationStatus

from .conftest import SAGA_SLUG

pytestmark = pytest.mark.django_db

SEED = Path("/work/shared/seed/000_8810ef121c04d1ea.txt")
LANGUAGES = ("ja", "en")

# The machine-translation debris listed in shared/seed/NOTES.md (and the seed's other
# literal renderings of link text), none of which may survive into our text.
DEBRIS = (
    "発砲",
    "撤退",
    "役職言った",
    "投稿されました",
    "共有",
    "サポート",
    "懸念事項",
    "位置ずれ",
    "マッシュ可能",
    "光の速度",
    "インターム",
    "村戸",
    "暫定CEOのアルトマン",
    "オンになった",
    "ボード",
    "サンデースタンナー",
    "ツイートは削除された可能性があります",
    "によるとによって",
    "レポートフォーブス",
    "サツケヴァー",
    "Mashable Light Speed",
    "Sunday stunner",
)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def events():
    return list(
        Event.objects.filter(saga__slug=SAGA_SLUG)
        .select_related("chapter")
        .prefetch_related(
            "translations", "citations__translations", "involvements__person__translations"
        )
    )


def all_translation_rows() -> list[Translation]:
    """Every text row the fixture wrote, of every translatable model."""
    models = [m for m in apps.get_models() if issubclass(m, Translation)]
    return [row for model in models for row in model.objects.all()]


def test_the_saga_has_its_chapters_and_at_least_45_events():
    saga = Saga.objects.get(slug=SAGA_SLUG)

    assert saga.time_zone == "America/Los_Angeles"
    assert saga.original_language == "ja"
    assert list(saga.chapters.values_list("slug", flat=True)) == [
        "background",
        "friday",
        "saturday",
        "sunday",
        "monday",
        "tuesday-wednesday",
        "epilogue",
    ]
    assert saga.events.count() >= 45


def test_every_event_cites_a_source_and_has_approved_current_japanese_and_english_text():
    for event in events():
        assert event.citations.all(), f"{event.slug} cites nothing"
        for language in LANGUAGES:
            row = event.translation(language)
            assert row is not None, f"{event.slug} has no {language} text"
            assert row.state == TranslationState.APPROVED, (event.slug, language, row.state)
            assert row.headline.strip() and row.summary.strip(), (event.slug, language)
            assert row.reviewed_at is not None


def test_every_text_of_every_object_is_approved_and_current_in_both_languages():
    objects = [
        *Saga.objects.all(),
        *Chapter.objects.all(),
        *Tag.objects.all(),
        *Person.objects.all(),
        *Organization.objects.all(),
        *Affiliation.objects.select_related("person"),
    ]
    for obj in objects:
        for language in LANGUAGES:
            assert obj.translation_state(language) == TranslationState.APPROVED, (obj, language)


def test_every_quote_is_kept_in_english_with_an_approved_current_japanese_translation():
    quoted = Citation.objects.exclude(quote="").select_related("source")

    assert quoted.count() >= 15
    for citation in quoted:
        assert citation.source.language == "en"
        assert not CJK.search(citation.quote), citation.quote
        assert citation.translation_state("ja") == TranslationState.APPROVED, citation
        assert CJK.search(citation.translation("ja").quote)


def test_citations_without_a_quote_have_no_quote_translations():
    for citation in Citation.objects.filter(quote="").prefetch_related("translations"):
        assert not citation.translations.all(), citation


def test_every_involved_persons_name_appears_in_each_translation_of_the_event():
    for event in events():
        for language in LANGUAGES:
            row = event.translation(language)
            text = " ".join((row.headline, row.summary, row.body))
            for involvement in event.involvements.all():
                names = involvement.person.translation(language).names()
                assert any(name in text for name in names), (event.slug, language, names)


def test_japanese_rows_are_japanese_and_english_rows_carry_no_japanese():
    # Titles and company names such as "CEO" or "OpenAI" are written alike in both languages.
    written_in_sentences = ("saga", "chapter", "tag", "event", "citation", "person")
    for row in all_translation_rows():
        text = " ".join(row.texts().values())
        if row.language_code != "ja":
            assert not CJK.search(text), (row, text)
        elif row.parent_field in written_in_sentences:
            assert CJK.search(text), row


def test_no_machine_translation_debris_appears_in_any_text():
    for row in all_translation_rows():
        text = " ".join(row.texts().values())
        found = [debris for debris in DEBRIS if debris in text]
        assert not found, (row, found)


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not on this machine")
def test_no_japanese_text_copies_a_sentence_fragment_of_the_seed():
    seed = re.sub(r"\s+", "", SEED.read_text(encoding="utf-8"))
    window = 16
    for row in all_translation_rows():
        if row.language_code != "ja":
            continue
        for text in row.texts().values():
            compact = re.sub(r"\s+", "", text)
            copied = {
                compact[i : i + window]
                for i in range(len(compact) - window + 1)
                if compact[i : i + window] in seed
            }
            assert not copied, (row, copied)


def test_every_translation_records_approval_and_no_user():
    for row in all_translation_rows():
        assert row.status == TranslationStatus.APPROVED, row
        assert row.reviewed_by_id is None and row.updated_by_id is None, row
