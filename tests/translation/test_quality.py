"""Quality checks: each one's true positives and the look-alikes it must leave alone."""

import pytest

from events.models import EventTranslation
from tests.factories import EventFactory, add_text
from translations.models import DebrisPhrase
from translations.quality import (
    Glossary,
    check_copy,
    check_debris,
    check_empty,
    check_links,
    check_names,
    check_numbers,
    check_translation,
    debris_entries,
)

pytestmark = pytest.mark.django_db


def codes(warnings):
    return [w.code for w in warnings]


# -- names (the glossary) -------------------------------------------------------


def names_warnings(source_text, target_text, source="ja", target="en"):
    return check_names(
        {"headline": source_text},
        {"headline": target_text},
        source_language=source,
        target_language=target,
        glossary=Glossary.load(),
    )


def test_a_person_named_in_the_source_but_not_in_the_translation_is_flagged(saga):
    warnings = names_warnings("アルトマン氏を解任", "The board fired its chief executive")

    assert codes(warnings) == ["name_missing"]
    assert "“Sam Altman” / “Altman”" in warnings[0].message


def test_any_alias_of_the_name_satisfies_the_glossary(saga):
    assert names_warnings("サム・アルトマン氏を解任", "Board fires Altman") == []
    assert names_warnings("Board fires Sam Altman", "アルトマン氏を解任", "en", "ja") == []


def test_a_name_is_matched_as_a_whole_word_in_latin_scripts(saga):
    # "Altmann" is another name; "Altman's" is his.
    assert codes(names_warnings("アルトマン氏", "Mr Altmann resigned")) == ["name_missing"]
    assert names_warnings("アルトマン氏の辞任", "Altman's resignation") == []


def test_organisations_are_in_the_glossary_too(saga):
    assert codes(names_warnings("OpenAIの取締役会", "The board of the company")) == ["name_missing"]
    assert names_warnings("OpenAIの取締役会", "OpenAI's board") == []


def test_a_text_naming_nobody_from_the_glossary_gets_no_name_warning(saga):
    assert names_warnings("取締役会が声明を発表", "The board issued a statement") == []


def test_a_name_missing_from_the_glossary_in_the_target_language_is_reported(saga, settings):
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("de", "German")]

    warnings = names_warnings("アルトマン氏を解任", "Altman entlassen", target="de")

    assert codes(warnings) == ["name_not_in_glossary"]


# -- numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("130億ドルを投資", "invested $13 billion"),
        ("130億ドルを投資", "invested 13,000,000,000 dollars"),
        ("$13 billion", "130億ドル"),
        ("1億2000万人", "120 million people"),
        ("５００人が署名", "500 signed"),
        ("500 signed", "５００人が署名"),
        ("11月17日に発表", "announced on November 17"),
        ("5日以内に", "within five days"),
        ("17:30に発表", "announced at 5:30 p.m."),
        ("2015年に設立", "founded in 2015"),
        ("GPT-4 を発表", "announced GPT-4"),
    ],
)
def test_numbers_that_survive_in_another_form_are_not_flagged(source, target):
    assert check_numbers({"summary": source}, {"summary": target}) == []


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        ("130億ドルを投資", "invested $130 billion", "130億 (13,000,000,000)"),
        ("従業員505人が署名", "500 employees signed", "505"),
        ("2015年に設立", "founded in 2016", "2015"),
        ("12:23に投稿", "posted at noon", "12:23"),
    ],
)
def test_a_number_lost_or_changed_in_translation_is_flagged(source, target, missing):
    warnings = check_numbers({"summary": source}, {"summary": target})

    assert codes(warnings) == ["number_missing"]
    assert missing in warnings[0].message


def test_digits_inside_links_are_left_to_the_link_check():
    source = {"summary": "https://x.com/sama/status/1725631621511184771 で発表"}
    target = {"summary": "announced at https://x.com/sama/status/1725631621511184771"}

    assert check_numbers(source, target) == []


# -- links and handles -----------------------------------------------------------


def test_urls_and_handles_that_survive_are_not_flagged():
    source = {"body": "@sama は https://x.com/sama/status/1 に「戻ってきた」と投稿した。"}
    target = {"body": "@sama posted “we are back” at https://x.com/sama/status/1."}

    assert check_links(source, target) == []


def test_a_changed_url_or_a_dropped_handle_is_flagged():
    source = {"body": "@sama は https://x.com/sama/status/1 に投稿した。@gdb も続いた。"}
    target = {"body": "@sama posted at https://x.com/sama/status/2."}

    warnings = check_links(source, target)

    assert [w.message.split("“")[1].split("”")[0] for w in warnings] == [
        "https://x.com/sama/status/1",
        "@gdb",
    ]


def test_an_email_address_is_not_mistaken_for_a_handle():
    assert (
        check_links({"body": "press@openai.com まで"}, {"body": "write to press@openai.com"}) == []
    )


# -- machine-translation debris ---------------------------------------------------

SEED_DEBRIS = [
    # Sentences of the seed article (shared/seed), each with the debris NOTES.md names.
    "午後遅くに突然 OpenAI 取締役会が同社の撤退を発表した。発砲CEOのサム・アルトマン氏。",
    "とOpenAI社は述べた。役職言った。 「取締役会はもはや、同氏が",
    "「位置ずれ」 アルトマン氏が代表を務める",
    "と一緒に仕事をするのが大好きでした」とアルトマン氏投稿されました。 「今後のことについては",
    "ロックマンはその後、その発表を別の投稿でフォローアップした。共有アルトマンの解雇が",
    "取締役会の支持を得ることができたという。懸念事項彼は、OpenAI が移行しつつある",
    "明らかだった。サポート多くの人が公の場でOpenAIの当時の元",
    "インタームの村戸最高経営責任者(CEO)もアルトマン氏の",
    "暫定CEOのアルトマン氏とOpenAIの資金提供者たちは",
    "オンになったOpenAI のボード",
    "サンデースタンナー",
    "ツイートは削除された可能性があります",
    "によるとによって発行されたレポートフォーブス",
    "マッシュ可能な光の速度",
]


@pytest.mark.parametrize("sentence", SEED_DEBRIS)
def test_the_seed_articles_debris_is_caught(sentence):
    warnings = check_debris({"body": sentence}, entries=debris_entries("ja"))

    assert "debris" in codes(warnings)


def test_a_debris_warning_says_what_happened_and_what_it_means():
    warnings = check_debris({"body": "発砲CEOのサム・アルトマン氏"}, entries=debris_entries("ja"))

    assert warnings[0].message == (
        "body: “発砲CEO” is machine-translation debris (“fired” translated as gunfire). "
        "Meaning: 解任した."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # Correct Japanese using the same ordinary words the machine tore out of links.
        "OpenAIの取締役会は、アルトマン氏との問題が何なのかを共有しなかった。",
        "新しい役員について、詳しく共有できることをうれしく思います。",
        "多くの社員がアルトマン氏をサポートした。サポートの声は広がった。",
        "取締役会は懸念事項を明らかにしなかった。",
        "アルトマン氏が X に投稿しました。",
        "同社はサポート体制を見直した。",
        "11月17日、OpenAIの取締役会はアルトマン氏を解任した。",
        "ミラ・ムラティ氏が暫定CEOに就任した。",
    ],
)
def test_correct_japanese_with_the_same_ordinary_words_is_not_debris(sentence):
    assert check_debris({"body": sentence}, entries=debris_entries("ja")) == []


def test_the_debris_list_is_editable_data():
    DebrisPhrase.objects.create(
        phrase="Firing CEO", language_code="en", what_happened="“解任” read as gunfire"
    )

    assert codes(check_debris({"headline": "Firing CEO Sam Altman"}, entries=debris_entries("en")))
    assert check_debris({"headline": "Firing CEO Sam Altman"}, entries=debris_entries("ja")) == []


def test_an_inactive_debris_entry_is_not_checked():
    DebrisPhrase.objects.filter(phrase="スタンナー").update(is_active=False)

    assert check_debris({"body": "サンデースタンナー"}, entries=debris_entries("ja")) == []


def test_spacing_does_not_hide_debris():
    assert codes(check_debris({"body": "発砲 CEO のサム"}, entries=debris_entries("ja")))


# -- empty fields and unchanged copies --------------------------------------------


def test_an_empty_required_field_and_a_dropped_field_are_flagged():
    warnings = check_empty(
        {"headline": "見出し", "summary": "要約", "body": ""},
        {"headline": " ", "summary": "", "body": ""},
        required_fields=("headline",),
    )

    assert [(w.code, w.field) for w in warnings] == [
        ("required_empty", "headline"),
        ("field_untranslated", "summary"),
    ]


def test_a_copy_of_the_source_is_flagged():
    warnings = check_copy({"headline": "アルトマン氏を解任"}, {"headline": "アルトマン氏を解任"})

    assert codes(warnings) == ["unchanged_copy"]


def test_a_full_width_copy_is_still_a_copy():
    assert codes(
        check_copy({"headline": "OpenAI fires CEO"}, {"headline": "ＯｐｅｎＡＩ fires CEO"})
    )


def test_names_and_figures_identical_in_both_languages_are_not_copies(saga):
    glossary = Glossary.load()

    assert check_copy({"name": "OpenAI"}, {"name": "OpenAI"}, glossary=glossary) == []
    assert check_copy({"display_date": "2023"}, {"display_date": "2023"}, glossary=glossary) == []


# -- every check on a row ----------------------------------------------------------


def test_a_good_translation_has_no_warnings(fired):
    english = EventTranslation.objects.get(event=fired, language_code="en")

    assert check_translation(english) == []


def test_a_bad_translation_gets_one_warning_per_problem_in_field_order(saga):
    event = EventFactory(saga=saga, original_language="ja")
    add_text(
        event,
        "ja",
        headline="アルトマン氏が復帰",
        summary="11月22日、770人の社員が https://x.com/openai の発表を歓迎した。",
    )
    english = add_text(
        event,
        "en",
        status="machine",
        headline="Firing CEO returns",
        summary="On the 21st, staff welcomed the news.",
    )

    warnings = check_translation(english)

    assert [(w.field, w.code) for w in warnings] == [
        ("headline", "name_missing"),
        ("summary", "number_missing"),
        ("summary", "number_missing"),
        ("summary", "number_missing"),
        ("summary", "link_missing"),
    ]
    assert warnings[0].as_dict()["code"] == "name_missing"


def test_the_source_text_itself_is_checked_for_debris_and_empty_fields(fired):
    source = EventTranslation.objects.get(event=fired, language_code="ja")
    source.summary = "発砲CEOのサム・アルトマン氏。"
    source.save()

    assert codes(check_translation(source)) == ["debris"]


def test_a_broken_or_empty_matching_debris_pattern_is_refused_in_the_admin(client, team):
    client.force_login(team["editor"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = "/admin/translation/debrisphrase/add/"

    broken = client.post(url, {"phrase": "(unclosed", "is_pattern": "on", "what_happened": "x"})
    empty = client.post(url, {"phrase": "a*", "is_pattern": "on", "what_happened": "x"})

    assert "not a valid regular expression" in broken.content.decode()
    assert "matches every text" in empty.content.decode()
    assert not DebrisPhrase.objects.filter(phrase__in=["(unclosed", "a*"]).exists()


# -- cases met in the OpenAI 2023 fixtures ------------------------------------------


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("金曜日の午後0時23分", "Friday, 12:23 p.m."),
        ("At 12:19pm, Greg got a text", "午後0時19分、グレッグは"),
        ("午前9時40分ごろには700人近く", "nearly 700 by about 9.40 a.m."),
        ("午前8時過ぎに約650人", "some 650 soon after 8 a.m."),
        ("0時23分にリンクが届いた", "at 12:23 a.m. a link arrived"),
    ],
)
def test_clock_times_written_the_other_languages_way_are_not_flagged(source, target):
    assert check_numbers({"body": source}, {"body": target}) == []


def test_a_pronoun_in_one_field_is_fine_once_another_field_names_the_person(saga):
    warnings = check_names(
        {"summary": "アルトマン氏が声明", "body": "アルトマン氏は社員に感謝した。"},
        {"summary": "Altman issues a statement", "body": "He thanked the staff."},
        source_language="ja",
        target_language="en",
        glossary=Glossary.load(),
    )

    assert warnings == []


def test_a_name_quoted_in_lower_case_still_counts(saga):
    assert names_warnings("「OpenAIのチームが大好きだ」", '"i love the openai team so much"') == []


def test_an_acronym_kept_as_it_is_is_not_an_untranslated_copy():
    assert check_copy({"title": "CEO"}, {"title": "CEO"}) == []
    assert codes(check_copy({"title": "chief executive"}, {"title": "chief executive"}))
