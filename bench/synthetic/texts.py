"""
Compose the texts of a synthetic event in both languages from one set of random choices.

The choices (which headline, which sentences, whether to quote or link) are drawn once and
rendered in Japanese and in English, so the two texts say the same thing. ``cast`` maps a
language to the values of the placeholders in that language (names, organisation, role).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.synthetic.vocabulary import HEADLINES, SECTION_HEADINGS, SENTENCES, SOURCE_LINK

PAIR_INDEX = {"ja": 0, "en": 1}
SENTENCE_JOINER = {"ja": "", "en": " "}


def in_language(pair: tuple[str, str], language: str) -> str:
    return pair[PAIR_INDEX[language]]


@dataclass(frozen=True)
class EventWording:
    """Which patterns an event's text is made of (language-neutral)."""

    headline: int
    summary: tuple[int, ...]
    paragraphs: tuple[tuple[int, ...], ...]
    heading: int | None
    quote: dict[str, str] | None  # language -> the quoted words
    link: dict[str, dict[str, str]] | None  # language -> publisher name and URL

    @classmethod
    def draw(cls, rng: random.Random, quote, link) -> EventWording:
        summary_count = rng.randint(2, 3)
        paragraph_sizes = [rng.randint(2, 4) for _ in range(rng.randint(3, 5))]
        sentences = rng.sample(range(len(SENTENCES)), summary_count + sum(paragraph_sizes))
        body, start = [], summary_count
        for size in paragraph_sizes:
            body.append(tuple(sentences[start : start + size]))
            start += size
        heading = rng.randrange(len(SECTION_HEADINGS)) if rng.random() < 0.3 else None
        return cls(
            headline=rng.randrange(len(HEADLINES)),
            summary=tuple(sentences[:summary_count]),
            paragraphs=tuple(body),
            heading=heading,
            quote=quote if quote is not None and rng.random() < 0.4 else None,
            link=link if rng.random() < 0.3 else None,
        )

    def earlier_version(self) -> EventWording:
        """Return the wording before an editor added the summary's last sentence."""
        return EventWording(
            self.headline, self.summary[:-1], self.paragraphs, self.heading, self.quote, self.link
        )

    def render(self, language: str, cast: dict[str, str]) -> dict[str, str]:
        """Return the headline, summary and Markdown body in ``language``."""
        return {
            "headline": in_language(HEADLINES[self.headline], language).format(**cast),
            "summary": self.sentences(self.summary, language, cast),
            "body": "\n\n".join(self.body_blocks(language, cast)),
        }

    def sentences(self, indexes, language: str, cast: dict[str, str]) -> str:
        rendered = (in_language(SENTENCES[i], language).format(**cast) for i in indexes)
        return SENTENCE_JOINER[language].join(rendered)

    def body_blocks(self, language: str, cast: dict[str, str]) -> list[str]:
        blocks = [self.sentences(self.paragraphs[0], language, cast)]
        if self.quote:
            blocks.append(f"> {self.quote[language]}")
        if self.heading is not None:
            blocks.append(f"## {in_language(SECTION_HEADINGS[self.heading], language)}")
        blocks.extend(self.sentences(p, language, cast) for p in self.paragraphs[1:])
        if self.link:
            blocks.append(in_language(SOURCE_LINK, language).format(**self.link[language]))
        return blocks
