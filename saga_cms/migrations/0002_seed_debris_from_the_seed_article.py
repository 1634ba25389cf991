"""
Seed the machine-translation debris list from the seed article's notes (shared/seed/NOTES.md).

Each entry says what the machine did and what the text should have said. Some of the words
the machine tore out of hyperlinks (共有, サポート) are ordinary Japanese, so they are
patterns: debris only where they stand glued to the next sentence without a particle.
"""

from django.db import migrations

ANCHOR_WORDS = "投稿されました|共有|サポート|懸念事項|役職"
LINK_TEXT = (
    "a hyperlink's text (“post”, “shared”, “support”, “concerns”) torn out of its sentence"
)
DEBRIS = [
    # (phrase, is_pattern, what happened, correct meaning)
    ("発砲CEO", False, "“fired” translated as gunfire", "解任した"),
    ("撤退を発表", False, "“departure” translated as “withdrawal”", "退任を発表"),
    ("役職言った", False, LINK_TEXT, "delete the link text spliced into the prose"),
    (
        rf"氏\s*(?:{ANCHOR_WORDS})",
        True,
        LINK_TEXT + ", right after the person it quotes",
        "delete the link text spliced into the prose",
    ),
    (
        rf"(?:^|[。！？」])\s*(?:{ANCHOR_WORDS})"
        r"(?![\u3040-\u309f、。」）)\s]|体制|財産|センター|チーム|スタッフ)",
        True,
        LINK_TEXT + ", glued to the next sentence without a particle",
        "delete the link text spliced into the prose",
    ),
    ("位置ずれ", False, "“misalignment” read as a physical misalignment", "方針の不一致"),
    (
        "マッシュ可能",
        False,
        "“Mashable” translated word by word; “Mashable Light Speed” is an advert block",
        "not part of the story: delete it",
    ),
    ("インターム", False, "“interim” transliterated", "暫定"),
    ("村戸", False, "“Murati” written with the wrong kanji", "ムラティ氏"),
    (
        "暫定CEOのアルトマン",
        False,
        "a list (“Altman, the interim CEO and backers”) read as apposition: "
        "Altman was never interim CEO",
        "アルトマン氏、暫定CEO、出資者たち (a factual error, not a wording problem)",
    ),
    (
        r"オンになった[^。]{0,30}ボード",
        True,
        "“turned on the board” read as switching something on",
        "取締役会に反旗を翻した",
    ),
    ("スタンナー", False, "“Sunday stunner” transliterated", "日曜日の急展開"),
    (
        "ツイートは削除された可能性があります",
        False,
        "the placeholder of an embedded post that is gone",
        "a removed source: cite it as no longer online, it is not text",
    ),
    ("によるとによって", False, "word salad around a link", "Forbes が報じたところによると"),
    (
        "によって発行されたレポート",
        False,
        "word salad around a link (“a report published by”)",
        "Forbes が報じたところによると",
    ),
]


def seed(apps, schema_editor):
    DebrisPhrase = apps.get_model("saga_cms", "DebrisPhrase")
    for phrase, is_pattern, what_happened, meaning in DEBRIS:
        DebrisPhrase.objects.get_or_create(
            phrase=phrase,
            language_code="ja",
            defaults={"is_pattern": is_pattern, "what_happened": what_happened, "meaning": meaning},
        )


def unseed(apps, schema_editor):
    DebrisPhrase = apps.get_model("saga_cms", "DebrisPhrase")
    DebrisPhrase.objects.filter(
        language_code="ja", phrase__in=[phrase for phrase, *_rest in DEBRIS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("saga_cms", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
