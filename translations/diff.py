"""
Word-level diffs of source texts, rendered as escaped HTML with ``<ins>`` and ``<del>``.

Japanese and Chinese are written without spaces, so "words" are script runs: a Latin word
or number is one token, a katakana run (a transliterated name such as サム・アルトマン) is
one token, and each kanji or hiragana character is its own token. That keeps the diff of
a Japanese sentence as readable as the diff of an English one.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_CJK = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_TOKEN = re.compile(
    rf"\s+"  # whitespace, kept so that the text can be rebuilt exactly
    rf"|[{_KATAKANA}]+"  # a katakana run: one transliterated word
    rf"|[{_CJK}]"  # one kanji or hiragana character
    rf"|[^\W_{_CJK}{_KATAKANA}]+(?:['’][^\W_{_CJK}{_KATAKANA}]+)*"  # a word or number
    rf"|.",  # any other character (punctuation) on its own
    re.DOTALL,
)


def tokenize(text: str) -> list[str]:
    """Split ``text`` into diff tokens; joining them gives ``text`` back."""
    return _TOKEN.findall(text)


def diff_html(old: str, new: str) -> SafeString:
    """Return ``new`` as HTML marking what changed since ``old`` (every piece escaped)."""
    before, after = tokenize(old or ""), tokenize(new or "")
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    parts = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(before[a1:a2]), "".join(after[b1:b2])
        if operation == "equal" or not (removed.strip() or added.strip()):
            parts.append(escape(added))  # spacing alone is no change worth reading
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if removed and added and glued(removed, added, around(after, b1, b2)):
            # "<del>as</del><ins>OpenAI</ins>" reads "asOpenAI": words need a space between.
            parts.append(" ")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def glued(removed: str, added: str, around: str = " ") -> bool:
    """
    Whether the removed and the added words would read as one word side by side, in text
    written with spaces (``around``: the characters just before and after the change).
    """
    spaced = not around or any(c.isspace() for c in around)
    return spaced and _is_spaced_word(removed[-1]) and _is_spaced_word(added[0])


def around(tokens: list[str], start: int, end: int) -> str:
    before = tokens[start - 1][-1:] if start > 0 else " "
    after = tokens[end][:1] if end < len(tokens) else " "
    return before + after


def _is_spaced_word(character: str) -> bool:
    # Words of scripts written with spaces: kanji, kana and punctuation need none.
    return bool(re.match(rf"[^\W_{_CJK}{_KATAKANA}]", character))


def same_but_spacing(old: str, new: str) -> bool:
    """Whether two texts differ in spacing only (line endings, doubled or trailing spaces)."""
    return (old or "").split() == (new or "").split()


def source_changes(row) -> dict[str, SafeString]:
    """
    Return, per text field, the diff of the source text since ``row`` was made from it.

    Only fields whose source changed are returned; an up-to-date or source row gives ``{}``.
    """
    if row.is_source or not row.is_stale:
        return {}
    current = row.parent.source_texts() or {}
    before = row.source_snapshot or {}
    return {
        name: diff_html(before.get(name, ""), current.get(name, ""))
        for name in row.translated_fields
        if not same_but_spacing(before.get(name, ""), current.get(name, ""))
    }
