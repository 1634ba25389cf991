"""
Write a synthetic saga at any scale: deterministic for a seed, with bulk inserts.

Everything is drawn from ``random.Random(seed)`` in a fixed order, so the same seed gives
the same content (texts, dates, slugs, stable ids) on any machine and database. The stable
ids come from a second stream seeded with the saga's slug as well, so two sagas made from
one seed can live in the same database. Objects the saga needs outside itself (people,
organisations, sources, tags) get slugs starting with ``<saga slug>--``; that is how
``--replace`` finds them again.

About 3% of events are drafts or in review; of the published ones, about 2% have their
translation in review, 2% a machine translation and 1% a stale translation (made from an
earlier version of the source text).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from bench.synthetic import vocabulary as words
from bench.synthetic.cast import CastWriter, GeneratedPerson, GeneratedSource, generated_prefix
from bench.synthetic.rows import (
    APPROVED,
    DRAFT,
    IN_REVIEW,
    LANGUAGES,
    MACHINE,
    other_language,
    text_rows,
)
from bench.synthetic.texts import EventWording, in_language
from core.dates import DatePrecision
from core.publishing import PublicationState
from events.models import (
    Chapter,
    ChapterTranslation,
    Citation,
    CitationTranslation,
    Event,
    EventTranslation,
    Involvement,
    InvolvementRole,
    Saga,
    SagaTranslation,
    Stance,
    Tag,
)
from people.models import (
    Organization,
    Person,
)
from sources.models import Source, SourceKind

MAX_SLUG_LENGTH = 40
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EVENTS_PER_CHUNK = 1000
STORY_START = dt.datetime(2021, 1, 4, 9, 0, tzinfo=dt.UTC)
MEAN_MINUTES_BETWEEN_EVENTS = 180
PRECISION_WEIGHTS = {
    DatePrecision.YEAR: 1,
    DatePrecision.MONTH: 4,
    DatePrecision.DAY: 25,
    DatePrecision.TIME: 70,
}


def default_chapter_count(events: int) -> int:
    return max(1, min(events, max(3, events // 200)))


def synthetic_saga_problems(*, slug: str, events: int, chapters: int) -> list[str]:
    """Return what is wrong with the options (empty when they can be used)."""
    problems = []
    if not SLUG_PATTERN.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        problems.append(
            f"the slug “{slug}” must be lower-case letters, digits and single hyphens, "
            f"at most {MAX_SLUG_LENGTH} characters"
        )
    if events < 1:
        problems.append(f"the number of events must be at least 1 (got {events})")
    elif not 1 <= chapters <= events:
        problems.append(f"the number of chapters must be between 1 and {events} (got {chapters})")
    return problems


def synthetic_saga_exists(slug: str) -> bool:
    prefix = generated_prefix(slug)
    return Saga.objects.filter(slug=slug).exists() or any(
        model.objects.filter(slug__startswith=prefix).exists()
        for model in (Person, Organization, Source, Tag)
    )


@transaction.atomic
def synthetic_saga_delete(*, slug: str) -> None:
    """Delete a saga and the people, organisations, sources and tags generated for it."""
    Saga.objects.filter(slug=slug).delete()
    prefix = generated_prefix(slug)
    for model in (Source, Tag, Person, Organization):
        try:
            model.objects.filter(slug__startswith=prefix).delete()
        except ProtectedError as error:
            user = next(iter(error.protected_objects))
            raise ValidationError(
                f"cannot replace “{slug}”: something outside it uses its generated "
                f"{model._meta.verbose_name_plural} ({user._meta.verbose_name} “{user}”)"
            ) from error


@transaction.atomic
def synthetic_saga_create(
    *,
    slug: str = "synthetic",
    events: int = 2000,
    seed: int = 1,
    chapters: int | None = None,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Counter:
    """
    Generate a published saga of ``events`` events and return how many rows of each kind.

    Refuses a slug that is taken (by the saga or by objects generated for it) unless
    ``replace``, in which case the old saga and its generated objects are deleted first.
    """
    chapters = default_chapter_count(events) if chapters is None else chapters
    problems = synthetic_saga_problems(slug=slug, events=events, chapters=chapters)
    if problems:
        raise ValidationError("; ".join(problems))
    if synthetic_saga_exists(slug):
        if not replace:
            raise ValidationError(
                f"a saga “{slug}” (or objects generated for it) already exists; "
                f"use --replace to generate it again"
            )
        if progress:
            progress(f"deleting the saga “{slug}”")
        synthetic_saga_delete(slug=slug)
    writer = SagaWriter(slug=slug, events=events, seed=seed, chapters=chapters, progress=progress)
    writer.write()
    return writer.counts


@dataclass(frozen=True)
class EventVoice:
    """What an event's texts say in each language besides the wording: names, role, date."""

    cast: dict[str, dict]
    display_dates: dict[str, str]

    def texts(self, wording: EventWording, language: str) -> dict[str, str]:
        rendered = wording.render(language, self.cast[language])
        return {**rendered, "display_date": self.display_dates[language]}


class SagaWriter(CastWriter):
    """Draw a saga's content in a fixed order and write it with bulk inserts."""

    def write(self) -> None:
        self.moments = self.draw_moments()
        self.span = (self.moments[0], self.moments[-1])
        self.write_organizations()
        self.write_people()
        self.write_tags()
        self.write_sources()
        self.write_saga()
        self.write_chapters()
        self.write_events()

    def draw_moments(self) -> list[dt.datetime]:
        moment, moments = STORY_START, []
        for _ in range(self.event_count):
            gap = max(1, round(self.rng.expovariate(1 / MEAN_MINUTES_BETWEEN_EVENTS)))
            moment += dt.timedelta(minutes=gap)
            moments.append(moment)
        return moments

    def write_saga(self) -> None:
        self.progress("saga")
        self.saga = Saga(
            slug=self.slug,
            time_zone=self.rng.choice(words.TIME_ZONES),
            original_language="ja",
            state=PublicationState.PUBLISHED,
        )
        self.zone = zoneinfo.ZoneInfo(self.saga.time_zone)
        lead = self.employers[0].names
        texts = {
            language: {
                "title": in_language(words.SAGA_TITLE, language).format(org=lead[language]),
                "standfirst": in_language(words.SAGA_STANDFIRST, language).format(
                    events=self.event_count, chapters=self.chapter_count
                ),
            }
            for language in LANGUAGES
        }
        self.save("sagas", Saga, [self.saga])
        self.save_rows(
            "saga texts",
            SagaTranslation,
            text_rows(SagaTranslation, self.saga, texts, original="ja", at=self.span[0]),
        )

    def write_chapters(self) -> None:
        self.chapters, rows = [], []
        n, k = self.event_count, self.chapter_count
        for number in range(1, k + 1):
            first, last = (number - 1) * n // k, number * n // k - 1
            chapter = Chapter(
                saga=self.saga,
                slug=f"part-{number:03d}",
                position=number,
                start_at=self.moments[first],
                end_at=self.moments[last],
            )
            theme = self.rng.choice(words.CHAPTER_THEMES)
            texts = {
                "ja": {"heading": f"第{number}章　{theme[0]}"},
                "en": {"heading": f"Part {number}: {theme[1]}"},
            }
            rows += text_rows(ChapterTranslation, chapter, texts, original="ja", at=self.span[0])
            self.chapters.append(chapter)
        self.save("chapters", Chapter, self.chapters)
        self.save_rows("chapter headings", ChapterTranslation, rows)

    def write_events(self) -> None:
        n, k = self.event_count, self.chapter_count
        for start in range(0, n, EVENTS_PER_CHUNK):
            batch = defaultdict(list)
            for index in range(start, min(n, start + EVENTS_PER_CHUNK)):
                self.add_event(batch, index, self.chapters[index * k // n])
            self.save("events", Event, batch[Event])
            self.save_rows("event texts", EventTranslation, batch[EventTranslation])
            self.save_rows("involvements", Involvement, batch[Involvement])
            self.save("citations", Citation, batch[Citation])
            self.save_rows("quote translations", CitationTranslation, batch[CitationTranslation])
            self.save_rows("event tags", Event.tags.through, batch[Event.tags.through])
            self.progress(f"events {min(n, start + EVENTS_PER_CHUNK)}/{n}")

    def draw_cited_sources(self, moment: dt.datetime) -> list[GeneratedSource]:
        """Pick two sources published shortly before ``moment`` (the earliest if none are)."""
        newest, picks = bisect_right(self.source_times, moment) - 1, []
        while len(picks) < 2:
            index = newest - int(self.rng.expovariate(1 / 8))
            index = index if index >= 0 else self.rng.randrange(min(8, len(self.sources)))
            if index not in picks:
                picks.append(index)
        return [self.sources[index] for index in picks]

    def add_citations(self, batch, event, moment, number) -> list[tuple]:
        """Cite two sources; return (citation, source, quote in both languages or None)."""
        citations = []
        for position, source in enumerate(self.draw_cited_sources(moment)):
            language = source.obj.language
            disputes = position == 1 and self.rng.random() < 0.06
            pair = self.rng.choice(words.QUOTES) if self.rng.random() < 0.85 else None
            quote = {"en": pair[0], "ja": pair[1]} if pair else None
            if source.obj.kind == SourceKind.VIDEO:
                locator = f"00:{self.rng.randrange(60):02d}:{self.rng.randrange(60):02d}"
            elif source.obj.kind == SourceKind.SOCIAL_POST:
                locator = ""
            else:
                paragraph = self.rng.randint(1, 12)
                locator = f"第{paragraph}段落" if language == "ja" else f"paragraph {paragraph}"
            citation = Citation(
                uid=self.uid(),
                event=event,
                source_id=source.obj.pk,
                stance=Stance.DISPUTES if disputes else Stance.SUPPORTS,
                quote=quote[language].format(n=number) if quote else "",
                locator=locator,
                note=self.rng.choice(words.DISPUTE_NOTES).format(n=number + 12) if disputes else "",
                position=position,
            )
            if quote:
                translated = other_language(language)
                status = MACHINE if self.rng.random() < 0.05 else APPROVED
                batch[CitationTranslation] += text_rows(
                    CitationTranslation,
                    citation,
                    {translated: {"quote": quote[translated].format(n=number)}},
                    original=language,
                    source={"quote": citation.quote},
                    statuses={translated: status},
                    at=moment,
                )
            batch[Citation].append(citation)
            citations.append((citation, source, quote))
        return citations

    def draw_event(self, index: int, chapter: Chapter, subject: GeneratedPerson) -> Event:
        rng, moment = self.rng, self.moments[index]
        precision = rng.choices(tuple(PRECISION_WEIGHTS), tuple(PRECISION_WEIGHTS.values()))[0]
        surname = slugify(subject.names["en"].split()[-1])
        return Event(
            saga_id=self.saga.pk,
            chapter_id=chapter.pk,
            slug=f"{moment.astimezone(self.zone):%Y-%m-%d}-{surname}-{index + 1:05d}",
            start_at=moment,
            end_at=moment + dt.timedelta(hours=rng.randint(1, 48)) if rng.random() < 0.05 else None,
            precision=precision,
            is_approximate=rng.random() < 0.05,
            original_language="en" if rng.random() < 0.1 else "ja",
            state=PublicationState.PUBLISHED,
        )

    def add_involvements(self, batch, event: Event, subject: GeneratedPerson) -> list:
        """Involve the subject, another executive and a journalist; return all three."""
        actor = subject
        while actor is subject:
            actor = self.pick_prominent(self.executives)
        reporter = self.pick_prominent(self.journalists)
        reporter_role = self.rng.choice((InvolvementRole.QUOTED, InvolvementRole.MENTIONED))
        roles = [InvolvementRole.SUBJECT, InvolvementRole.ACTOR, reporter_role]
        for position, (person, role) in enumerate(
            zip((subject, actor, reporter), roles, strict=True)
        ):
            batch[Involvement].append(
                Involvement(event=event, person_id=person.obj.pk, role=role, position=position)
            )
        return [subject, actor, reporter]

    def event_voice(self, event: Event, people: list, number: int) -> EventVoice:
        """Return the placeholder values and display dates of an event, in both languages."""
        subject, actor, reporter = people
        role = subject.role_at(event.start_at)
        day_part = self.rng.choice(words.DAY_PARTS) if self.rng.random() < 0.4 else None
        if event.precision != DatePrecision.DAY:
            day_part = None
        weekday = words.WEEKDAYS[event.start_at.astimezone(self.zone).weekday()]
        return EventVoice(
            cast={
                language: {
                    "a": subject.names[language],
                    "b": actor.names[language],
                    "c": reporter.names[language],
                    "org": role.organization.names[language],
                    "title": in_language(role.title, language),
                    "n": number,
                }
                for language in LANGUAGES
            },
            display_dates={
                language: in_language(day_part, language).format(day=in_language(weekday, language))
                if day_part
                else ""
                for language in LANGUAGES
            },
        )

    def add_event(self, batch, index: int, chapter: Chapter) -> None:
        rng = self.rng
        state_roll, text_roll = rng.random(), rng.random()
        subject = self.pick_prominent(self.executives)
        event = self.draw_event(index, chapter, subject)
        batch[Event].append(event)
        people = self.add_involvements(batch, event, subject)
        number = rng.randint(3, 800)
        citations = self.add_citations(batch, event, event.start_at, number)
        quote = next((quote for _citation, _source, quote in citations if quote), None)
        cited = citations[0][1]
        link = {
            language: {"pub": cited.publisher.names[language], "url": cited.obj.url}
            for language in LANGUAGES
        }
        if quote:
            quote = {language: text.format(n=number) for language, text in quote.items()}
        wording = EventWording.draw(rng, quote, link)
        voice = self.event_voice(event, people, number)
        batch[EventTranslation] += self.event_texts(event, wording, voice, state_roll, text_roll)
        for tag in rng.sample(self.tags, rng.randint(1, 3)):
            batch[Event.tags.through].append(Event.tags.through(event=event, tag_id=tag.pk))

    def event_texts(self, event, wording, voice, state_roll, text_roll) -> list[EventTranslation]:
        """
        Return the event's text rows, and make a few events drafts (or in review).

        Published events have approved text in their original language; their translation is
        approved, except for a few in review, machine translations and stale translations.
        """
        original = event.original_language
        translated = other_language(original)
        texts = {language: voice.texts(wording, language) for language in LANGUAGES}
        statuses, made_from = {original: APPROVED}, {}
        if state_roll < 0.02:
            event.state = PublicationState.DRAFT
            statuses = {original: DRAFT}
            texts = {original: texts[original]}
        elif state_roll < 0.03:
            event.state = PublicationState.IN_REVIEW
            statuses = {original: IN_REVIEW, translated: MACHINE}
        elif text_roll < 0.02:
            statuses[translated] = IN_REVIEW
        elif text_roll < 0.04:
            statuses[translated] = MACHINE
        elif text_roll < 0.05 and len(wording.summary) > 1:
            earlier = wording.earlier_version()
            texts[translated] = voice.texts(earlier, translated)
            made_from[translated] = voice.texts(earlier, original)
        return text_rows(
            EventTranslation,
            event,
            texts,
            original=original,
            statuses=statuses,
            made_from=made_from,
            at=event.start_at + dt.timedelta(hours=6),
        )
