"""
Quality checks for translations: one function per check, all run by ``check_translation``.

Each check takes plain texts ({field name: text}) so that the admin, the API and imports
can run it on anything; ``check_translation(row)`` runs them all on one translation row:

    for warning in check_translation(row):
        warning.code     # stable, for programs: "name_missing", "number_missing", ...
        warning.field    # the text field concerned ("" when it is the whole row)
        warning.message  # for people, in the active language

Warnings never block a save: a translator may have a good reason, a reviewer decides.
Texts are compared after NFKC normalisation, so full-width digits and letters (５００,
ＯｐｅｎＡＩ) count as their ordinary forms.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache, reduce

from django.apps import apps
from django.utils.translation import gettext as _

from translations.machinery import Translation, language_name

Texts = Mapping[str, str]


@dataclass(frozen=True)
class QualityWarning:
    """One thing a reviewer should look at in a translation."""

    code: str
    message: str
    field: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "message": self.message}


# A form's checks compare each text with every name of the glossary (hundreds of people at
# newsroom scale): the same texts and names are normalised and matched over and over.
@lru_cache(maxsize=4096)
def normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


_CJK_CHARS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_HAS_CJK = re.compile(f"[{_CJK_CHARS}]")
_WORD_CHAR = rf"[^\W_{_CJK_CHARS}]"


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # a plain mapping, not a model field
        return name


# ------------------------------------------------------------------------------
# Glossary: the names of people and organisations, in every language
# ------------------------------------------------------------------------------


def mentions(text: str, name: str, *, ignore_case: bool = False) -> bool:
    """Whether ``text`` names ``name``: a whole word in Latin scripts, anywhere in CJK."""
    text, name = normalized(text), normalized(name).strip()
    if not name:
        return False
    if _HAS_CJK.search(name):
        return name in text
    folded = text.casefold() if ignore_case else text
    if (name.casefold() if ignore_case else name) not in folded:
        return False  # cheaper than the pattern, and most names are not in most texts
    return _whole_word(name, ignore_case).search(text) is not None


@lru_cache(maxsize=8192)
def _whole_word(name: str, ignore_case: bool) -> re.Pattern:
    pattern = rf"(?<!{_WORD_CHAR}){re.escape(name)}(?!{_WORD_CHAR})"
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


@dataclass
class GlossaryEntry:
    """The names (and other names) of one person or organisation, per language."""

    key: tuple[str, int]
    names: dict[str, list[str]] = field(default_factory=dict)

    def named_in(self, text: str, language_code: str, *, ignore_case=False) -> str | None:
        """Return the first of its names in ``language_code`` that ``text`` mentions."""
        names = self.names.get(language_code, [])
        return next((n for n in names if mentions(text, n, ignore_case=ignore_case)), None)


class Glossary:
    """
    The glossary is the names: every translation row model with a ``names()`` method
    (people, organisations) contributes its rows, so it needs no list of its own.
    """

    def __init__(self, entries: Iterable[GlossaryEntry]):
        self.entries = list(entries)

    @staticmethod
    def row_models() -> list[type[Translation]]:
        return [
            model
            for model in apps.get_models()
            if issubclass(model, Translation) and callable(getattr(model, "names", None))
        ]

    @classmethod
    def load(cls) -> Glossary:
        """Read the glossary from the database (one query per name model)."""
        entries: dict[tuple[str, int], GlossaryEntry] = {}
        for model in cls.row_models():
            label = model._meta.get_field(model.parent_field).related_model._meta.label_lower
            # The names are texts of the rows: the rest of each row is not read.
            fields = [model.parent_field, "language_code", *model.translated_fields]
            for row in model.objects.only(*fields):
                key = (label, getattr(row, f"{model.parent_field}_id"))
                entry = entries.setdefault(key, GlossaryEntry(key))
                entry.names.setdefault(row.language_code, []).extend(row.names())
        return cls(entries.values())

    def all_names(self) -> set[str]:
        return {
            normalized(name)
            for entry in self.entries
            for names in entry.names.values()
            for name in names
        }


def check_names(
    source: Texts,
    target: Texts,
    *,
    source_language: str,
    target_language: str,
    glossary: Glossary,
    model=None,
    exclude: tuple[str, int] | None = None,
) -> list[QualityWarning]:
    """
    Each person or organisation the source names is named in the target, by one of its
    names in the target language.

    The whole text counts, not field by field: a translator may write “he” in the body
    once the summary has named him. Case is ignored in the target (a quoted post may
    write “openai”), not in the source, where it tells a name from a word.
    """
    target_text = "\n".join(t for t in target.values() if t)
    if not target_text.strip():
        return []
    warnings = []
    for entry in glossary.entries:
        if entry.key == exclude:
            continue
        found = next(
            (
                (name, named)
                for name, text in source.items()
                if (named := entry.named_in(text, source_language))
            ),
            None,
        )
        if found is None:
            continue
        field_name, source_name = found
        expected = entry.names.get(target_language, [])
        params = {"field": _field_label(model, field_name), "name": source_name}
        if not expected:
            message = _(
                "%(field)s: the source names “%(name)s”, who has no name in %(language)s in "
                "the glossary yet; add it to their page."
            )
            params["language"] = language_name(target_language)
            warnings.append(QualityWarning("name_not_in_glossary", message % params, field_name))
        elif entry.named_in(target_text, target_language, ignore_case=True) is None:
            message = _(
                "%(field)s: the source names “%(name)s”; the translation should name them as "
                "%(expected)s."
            )
            params["expected"] = " / ".join(f"“{n}”" for n in expected)
            warnings.append(QualityWarning("name_missing", message % params, field_name))
    return warnings


# ------------------------------------------------------------------------------
# Numbers
# ------------------------------------------------------------------------------

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_JA_UNITS = {"千": 10**3, "万": 10**4, "億": 10**8, "兆": 10**12}
_JA_AMOUNT = re.compile(rf"(?:{_DIGITS}[千万億兆]+)+(?:{_DIGITS}(?![千万億兆]))?")
_JA_PART = re.compile(rf"({_DIGITS})([千万億兆]*)")
_DIGITS_ONLY = re.compile(_DIGITS)
_SCALES = {
    "thousand": 10**3,
    "tausend": 10**3,
    "mille": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "millionen": 10**6,
    "mio": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "milliard": 10**9,
    "milliards": 10**9,
    "milliarde": 10**9,
    "milliarden": 10**9,
    "mrd": 10**9,
    "trillion": 10**12,
    "trillions": 10**12,
    "tn": 10**12,
}
# German "Billion" is a million million.
_SCALES_BY_LANGUAGE = {"de": {"billion": 10**12, "billionen": 10**12}}
_AMOUNT = re.compile(
    rf"(?<![\d.,])({_DIGITS})(?:\s*({'|'.join(sorted(_SCALES, key=len, reverse=True))})\b)?",
    re.IGNORECASE,
)
# Clock times: 12:23, 9.40 a.m., 午後0時23分, 8時 (minutes optional in Japanese).
_TIME = re.compile(
    r"(?<![\d:.])([01]?\d|2[0-3])(?::([0-5]\d)(?![\d:])|\.([0-5]\d)(?=\s?[ap]\.?m\b))"
    r"|(?<![\d.])(\d{1,2})時(?:([0-5]?\d)分|(半))?",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"'「」『』（）()、。]+")
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{1,30}")

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_NUMBER_WORDS |= {"eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12}
_MONTHS = [
    ("january", "januar", "janvier", "jan"),
    ("february", "februar", "février", "feb"),
    ("march", "märz", "mars", "mar"),
    ("april", "avril", "apr"),
    ("may", "mai"),
    ("june", "juni", "juin", "jun"),
    ("july", "juli", "juillet", "jul"),
    ("august", "août", "aug"),
    ("september", "septembre", "sept", "sep"),
    ("october", "oktober", "octobre", "oct", "okt"),
    ("november", "novembre", "nov"),
    ("december", "dezember", "décembre", "dec", "dez"),
]
_MONTH_NUMBERS = {name: number for number, names in enumerate(_MONTHS, 1) for name in names}
_WORD = re.compile(r"[^\W\d_]+")
_KANJI_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")}
# Kanji numerals (五, 二十): a run with at least one digit or 十百千, not a unit after digits.
_KANJI_NUMERAL = re.compile(
    r"(?<![\d.,])[〇一二三四五六七八九十百千万億兆]*[〇一二三四五六七八九十百千][〇一二三四五六七八九十百千万億兆]*"
)


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


@dataclass(frozen=True)
class Amount:
    """A number as written (“130億”) and its value (13000000000)."""

    written: str
    value: Decimal


def _without_links(text: str) -> str:
    """Blank out URLs and handles: their digits are checked with the links, not as numbers."""
    return _HANDLE.sub(" ", _URL.sub(" ", text))


def amounts_in(text: str, language_code: str = "") -> list[Amount]:
    """Return the numbers written in digits in ``text``, with Japanese and English scales."""
    text = _TIME.sub(" ", _without_links(normalized(text)))
    found = []

    def japanese(match):
        total = Decimal(0)
        for digits, units in _JA_PART.findall(match.group(0)):
            value = _decimal(digits)
            for unit in units:
                value *= _JA_UNITS[unit]
            total += value
        found.append(Amount(match.group(0), total))
        return " "

    text = _JA_AMOUNT.sub(japanese, text)
    scales = _SCALES | _SCALES_BY_LANGUAGE.get(language_code.split("-")[0], {})
    for match in _AMOUNT.finditer(text):
        try:
            value = _decimal(match.group(1))
        except InvalidOperation:
            continue
        if match.group(2):
            value *= scales[match.group(2).lower()]
        found.append(Amount(match.group(0), value))
    return found


def times_in(text: str) -> list[tuple[int, int, str]]:
    """Return the clock times in ``text`` as (hour, minute, as written)."""
    found = []
    for match in _TIME.finditer(_without_links(normalized(text))):
        hour, colon, dot, ja_hour, ja_minute, half = match.groups()
        minute = 30 if half else int(colon or dot or ja_minute or 0)
        found.append((int(hour or ja_hour), minute, match.group(0)))
    return found


def _kanji_value(numeral: str) -> int:
    total, section, digit = 0, 0, 0
    for char in numeral:
        if char in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[char]
        elif char in "十百千":
            section += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = 0
        else:
            total += (section + digit or 1) * _JA_UNITS[char]
            section = digit = 0
    return total + section + digit


def numbers_accepted_in(text: str, language_code: str = "") -> set[Decimal]:
    """
    Return every number a reader of ``text`` could take from it: digits (and their bare
    figure, “500” in “500 million”), clock times, number words, month names, kanji numerals.
    """
    text = normalized(text)
    accepted = set()
    for amount in amounts_in(text, language_code):
        accepted.add(amount.value)
        accepted.add(_decimal(_DIGITS_ONLY.match(amount.written).group(0)))
    for hour, minute, _written in times_in(text):
        accepted.update({Decimal(hour), Decimal(minute)})
    for word in _WORD.findall(text.lower()):
        word = word.rstrip(".")
        if word in _NUMBER_WORDS:
            accepted.add(Decimal(_NUMBER_WORDS[word]))
        if word in _MONTH_NUMBERS:
            accepted.add(Decimal(_MONTH_NUMBERS[word]))
    for numeral in _KANJI_NUMERAL.findall(text):
        accepted.add(Decimal(_kanji_value(numeral)))
    return accepted


def _plain(value: Decimal) -> str:
    return f"{value:,f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:,}"


def check_numbers(
    source: Texts,
    target: Texts,
    *,
    source_language: str = "",
    target_language: str = "",
    model=None,
) -> list[QualityWarning]:
    """Every number written in digits in the source is in the target (by value)."""
    warnings = []
    for name, source_text in source.items():
        target_text = target.get(name) or ""
        if not target_text.strip():
            continue
        accepted = numbers_accepted_in(target_text, target_language)
        for amount in amounts_in(source_text, source_language):
            if amount.value not in accepted:
                shown = amount.written.strip()
                if _decimal(_DIGITS_ONLY.match(shown).group(0)) != amount.value:
                    shown = f"{shown} ({_plain(amount.value)})"
                warnings.append(_number_missing(model, name, shown))
        for hour, minute, written in times_in(source_text):
            # 0:23 is 午前0時23分 and 12:23 a.m.; 12:23 is 午後0時23分; 17:00 is 5 p.m.
            hours = {Decimal(h) for h in (hour, hour % 12, hour % 12 or 12, (hour + 12) % 24)}
            if not (hours & accepted) or (minute and minute not in accepted):
                warnings.append(_number_missing(model, name, written))
    return warnings


def _number_missing(model, name: str, shown: str) -> QualityWarning:
    return QualityWarning(
        "number_missing",
        _("%(field)s: the number %(number)s in the source is not in the translation.")
        % {"field": _field_label(model, name), "number": shown},
        name,
    )


# ------------------------------------------------------------------------------
# Links and handles
# ------------------------------------------------------------------------------


def links_in(text: str) -> list[str]:
    """Return the URLs and @handles in ``text``, as they must appear in a translation."""
    text = normalized(text)
    urls = [url.rstrip(".,;:!?") for url in _URL.findall(text)]
    return urls + _HANDLE.findall(_URL.sub(" ", text))


def check_links(source: Texts, target: Texts, *, model=None) -> list[QualityWarning]:
    """Every URL and quoted @handle in the source survives unchanged in the target."""
    warnings = []
    for name, source_text in source.items():
        target_text = normalized(target.get(name) or "")
        if not target_text.strip():
            continue
        for link in links_in(source_text):
            present = (
                link.lower() in target_text.lower() if link.startswith("@") else link in target_text
            )
            if not present:
                warnings.append(
                    QualityWarning(
                        "link_missing",
                        _("%(field)s: “%(link)s” in the source is missing from the translation.")
                        % {"field": _field_label(model, name), "link": link},
                        name,
                    )
                )
    return warnings


# ------------------------------------------------------------------------------
# Machine-translation debris
# ------------------------------------------------------------------------------


def check_debris(texts: Texts, *, entries: Iterable, model=None) -> list[QualityWarning]:
    """No known machine-translation debris (``DebrisPhrase`` entries) is in the texts."""
    warnings = []
    entries = list(entries)
    for name, text in texts.items():
        text = normalized(text)
        for entry in entries:
            found = entry.find_in(text)
            if found is None:
                continue
            message = _("%(field)s: “%(found)s” is machine-translation debris (%(what)s).") % {
                "field": _field_label(model, name),
                "found": found,
                "what": entry.what_happened,
            }
            if entry.meaning:
                message += " " + _("Meaning: %(meaning)s.") % {"meaning": entry.meaning}
            warnings.append(QualityWarning("debris", message, name))
    return warnings


def debris_entries(language_code: str) -> list:
    return debris_by_language([language_code])[language_code]


def debris_by_language(language_codes: Iterable[str]) -> dict[str, list]:
    """{language: the debris entries that apply to its texts}, read in one query."""
    from translations.models import DebrisPhrase

    language_codes = list(language_codes)
    if not language_codes:
        return {}
    each = [DebrisPhrase.objects.for_language(code) for code in language_codes]
    entries = list(reduce(operator.or_, each))
    # An entry of no language ("") applies to every language (``for_language``).
    return {
        code: [entry for entry in entries if entry.language_code in ("", code)]
        for code in language_codes
    }


# ------------------------------------------------------------------------------
# Empty fields and untranslated copies
# ------------------------------------------------------------------------------


def check_empty(
    source: Texts, target: Texts, *, required_fields: Iterable[str] = (), model=None
) -> list[QualityWarning]:
    """No required field is empty, and no field the source fills is left empty."""
    warnings = []
    for name in target:
        if (target.get(name) or "").strip():
            continue
        if name in required_fields:
            message = _("%(field)s is required and empty.")
            code = "required_empty"
        elif (source.get(name) or "").strip():
            message = _("%(field)s is empty, but the source has text.")
            code = "field_untranslated"
        else:
            continue
        warnings.append(QualityWarning(code, message % {"field": _field_label(model, name)}, name))
    return warnings


def _is_acronym(text: str) -> bool:
    """Whether ``text`` is one Latin word without lower case (CEO, AI), the same everywhere."""
    return len(text.split()) == 1 and text.isascii() and text == text.upper()


def _squeezed(text: str) -> str:
    return " ".join(normalized(text).split())


def check_copy(
    source: Texts, target: Texts, *, glossary: Glossary | None = None, model=None
) -> list[QualityWarning]:
    """No field is an unchanged copy of its source (names may legitimately be identical)."""
    names = glossary.all_names() if glossary else set()
    warnings = []
    for name, source_text in source.items():
        text = _squeezed(target.get(name) or "")
        if not text or text != _squeezed(source_text) or not re.search(r"[^\W\d_]", text):
            continue
        lines = [line.strip() for line in normalized(target[name]).splitlines() if line.strip()]
        if all(line in names or _is_acronym(line) for line in lines):
            continue
        warnings.append(
            QualityWarning(
                "unchanged_copy",
                _("%(field)s is the source text unchanged: it has not been translated.")
                % {"field": _field_label(model, name)},
                name,
            )
        )
    return warnings


# ------------------------------------------------------------------------------
# All checks on one row
# ------------------------------------------------------------------------------


def check_translation(
    row: Translation, *, glossary: Glossary | None = None, debris: Iterable | None = None
) -> list[QualityWarning]:
    """
    Return the quality warnings for one translation row, in field order.

    A source row (the original language) is only checked for empty required fields and
    debris; a translation also against its source text. Pass ``glossary`` and ``debris``
    (``Glossary.load()``, ``debris_entries(language)``) when checking many rows at once.
    """
    model = type(row)
    target = row.texts()
    debris = debris_entries(row.language_code) if debris is None else debris
    source = {} if row.is_source else (row.parent.source_texts() or {})
    warnings = check_empty(source, target, required_fields=row.required_fields, model=model)
    warnings += check_debris(target, entries=debris, model=model)
    if source:
        glossary = glossary or Glossary.load()
        parent = row.parent
        languages = {
            "source_language": parent.original_language,
            "target_language": row.language_code,
        }
        warnings += check_names(
            source,
            target,
            **languages,
            glossary=glossary,
            model=model,
            exclude=(parent._meta.label_lower, parent.pk),
        )
        warnings += check_numbers(source, target, **languages, model=model)
        warnings += check_links(source, target, model=model)
        warnings += check_copy(source, target, glossary=glossary, model=model)
    order = {name: index for index, name in enumerate(row.translated_fields)}
    return sorted(warnings, key=lambda w: order.get(w.field, -1))
