"""
The cast of a synthetic saga: organisations, people and their roles, tags and sources.

``CastWriter`` draws them from the saga's random stream and writes them with bulk inserts;
it remembers what the events need (names in both languages, who held which role when,
when each source was published) in small records rather than reading them back.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import product

from django.utils.text import slugify

from bench.synthetic import vocabulary as words
from bench.synthetic.rows import INSERT_BATCH, LANGUAGES, insert_rows, text_rows
from bench.synthetic.texts import in_language
from core.dates import DatePrecision
from events.models import Tag, TagTranslation
from people.models import (
    Affiliation,
    AffiliationTranslation,
    Organization,
    OrganizationTranslation,
    Person,
    PersonTranslation,
)
from sources.models import Availability, Source, SourceKind

SOURCE_KIND_WEIGHTS = {
    SourceKind.ARTICLE: 50,
    SourceKind.SOCIAL_POST: 25,
    SourceKind.PRESS_RELEASE: 10,
    SourceKind.INTERVIEW: 7,
    SourceKind.VIDEO: 5,
    SourceKind.DOCUMENT: 3,
}
SOURCE_TITLES = {SourceKind.VIDEO: words.VIDEO_TITLES, SourceKind.DOCUMENT: words.DOCUMENT_TITLES}


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def generated_prefix(slug: str) -> str:
    """Return the slug prefix of the people, organisations, sources and tags of a saga."""
    return f"{slug}--"


@dataclass
class GeneratedOrganization:
    obj: Organization
    names: dict[str, str]
    domain: str
    language: str


@dataclass
class Role:
    organization: GeneratedOrganization
    title: tuple[str, str]
    start_at: dt.datetime | None
    end_at: dt.datetime | None


@dataclass
class GeneratedPerson:
    obj: Person
    names: dict[str, str]
    roles: list[Role] = field(default_factory=list)

    def role_at(self, moment: dt.datetime) -> Role:
        held = [
            r
            for r in self.roles
            if (r.start_at is None or r.start_at <= moment)
            and (r.end_at is None or moment <= r.end_at)
        ]
        return (held or self.roles)[-1]


@dataclass
class GeneratedSource:
    obj: Source
    publisher: GeneratedOrganization


class CastWriter:
    """Draw and write everything a saga's events refer to (the saga itself comes later)."""

    def __init__(self, *, slug, events, seed, chapters, progress=None):
        self.slug, self.event_count, self.chapter_count = slug, events, chapters
        self.prefix = generated_prefix(slug)
        self.rng = random.Random(seed)
        self.uid_rng = random.Random(f"{seed}:{slug}")
        self.progress = progress or (lambda message: None)
        self.counts: Counter = Counter()

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.uid_rng.getrandbits(128), version=4)

    def save(self, label: str, model, objects: list) -> None:
        """Insert objects whose ids are needed: they get them, as bulk_create gives them."""
        model.objects.bulk_create(objects, batch_size=INSERT_BATCH)
        self.counts[label] += len(objects)

    def save_rows(self, label: str, model, objects: list) -> None:
        """Insert rows nothing else points to (text rows, involvements, tag links)."""
        insert_rows(model, objects)
        self.counts[label] += len(objects)

    def pick_prominent(self, items: list):
        """Pick an item, favouring the first ones: a story has main characters."""
        return items[int(len(items) * self.rng.random() ** 2)]

    def moment_between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        seconds = int((end - start).total_seconds() * self.rng.random())
        return (start + dt.timedelta(seconds=seconds)).replace(second=0)

    def draw_names(self, parts, count: int) -> list:
        combinations = list(product(*parts))
        if count <= len(combinations):
            return self.rng.sample(combinations, count)
        return [self.rng.choice(combinations) for _ in range(count)]

    # -- organisations, people, tags, sources ------------------------------------

    def organization_specs(self) -> list[tuple[str, str, str, str]]:
        """Return (kind, English name, Japanese name, original language) of each organisation."""
        n = self.event_count
        groups = [
            ("company", words.COMPANY_SUFFIXES, 8 + n // 500, "{}{} {}", "{}{}・{}", "en"),
            ("nonprofit", words.NONPROFIT_SUFFIXES, 2 + n // 5000, "{}{} {}", "{}{}{}", "en"),
            ("news", words.NEWS_SUFFIXES, 6 + n // 1000, "The {}{} {}", "{}{}・{}", "en"),
        ]
        specs = []
        for kind, suffixes, count, en, ja, language in groups:
            for parts in self.draw_names((words.STEMS, words.STEM_ENDINGS, suffixes), count):
                names = [en.format(*(p[0] for p in parts)), ja.format(*(p[1] for p in parts))]
                specs.append((kind, *names, language))
        japanese_news = (words.JAPANESE_NEWS_STEMS, words.JAPANESE_NEWS_SUFFIXES)
        for stem, suffix in self.draw_names(japanese_news, 2 + n // 2500):
            specs.append(("news", f"{stem[0]} {suffix[0]}", f"{stem[1]}{suffix[1]}", "ja"))
        specs.extend(("platform", en, ja, "en") for en, ja in words.PLATFORMS)
        return specs

    def write_organizations(self) -> None:
        self.progress("organisations")
        self.organizations: dict[str, list[GeneratedOrganization]] = defaultdict(list)
        objects, rows = [], []
        for index, (kind, en, ja, original) in enumerate(self.organization_specs(), start=1):
            domain = slugify(en.removeprefix("The ")) + ".example"
            obj = Organization(
                slug=f"{self.prefix}{slugify(en)}-{index}",
                kind=kind,
                website=f"https://{domain}/",
                original_language=original,
            )
            names = {"ja": ja, "en": en}
            descriptions = words.ORGANIZATION_DESCRIPTIONS[kind]
            texts = {
                language: {
                    "name": names[language],
                    "aliases": "",
                    "description": in_language(descriptions, language).format(name=names[language]),
                }
                for language in LANGUAGES
            }
            rows += text_rows(
                OrganizationTranslation, obj, texts, original=original, at=self.span[0]
            )
            objects.append(obj)
            self.organizations[kind].append(GeneratedOrganization(obj, names, domain, original))
        self.save("organisations", Organization, objects)
        self.save_rows("organisation texts", OrganizationTranslation, rows)
        self.employers = self.organizations["company"] + self.organizations["nonprofit"]

    def person_names(self, is_japanese: bool) -> tuple[dict[str, str], dict[str, str], str]:
        """Return a person's names, aliases (by language) and a slug word."""
        if is_japanese:
            (given_en, given_ja), (family_en, family_ja) = self.draw_names(
                (words.JAPANESE_GIVEN, words.JAPANESE_FAMILY), 1
            )[0]
            names = {"ja": f"{family_ja}{given_ja}", "en": f"{given_en} {family_en}"}
        else:
            (given_en, given_ja), (family_en, family_ja) = self.draw_names(
                (words.WESTERN_GIVEN, words.WESTERN_FAMILY), 1
            )[0]
            names = {"ja": f"{given_ja}・{family_ja}", "en": f"{given_en} {family_en}"}
        return names, {"ja": family_ja, "en": family_en}, slugify(names["en"])

    def draw_roles(self, person: GeneratedPerson, is_journalist: bool) -> None:
        count = self.rng.choices((1, 2, 3), weights=(5, 3, 2))[0]
        boundaries = sorted(self.moment_between(*self.span) for _ in range(count - 1))
        starts, ends = [None, *boundaries], [*boundaries, None]
        employers = self.organizations["news"] if is_journalist else self.employers
        titles = words.JOURNALIST_TITLES if is_journalist else words.EXECUTIVE_TITLES
        organization = self.pick_prominent(employers)
        for start_at, end_at in zip(starts, ends, strict=True):
            if start_at is not None and self.rng.random() < 0.4:
                organization = self.pick_prominent(employers)
            title = self.rng.choice(titles)
            if start_at is not None and not is_journalist and self.rng.random() < 0.15:
                title = words.INTERIM_TITLE
            person.roles.append(Role(organization, title, start_at, end_at))

    def write_people(self) -> None:
        self.progress("people")
        count = max(12, self.event_count // 20)
        people, rows, affiliations, affiliation_rows = [], [], [], []
        self.executives, self.journalists = [], []
        for index in range(1, count + 1):
            is_japanese = self.rng.random() < 0.3
            is_journalist = index % 7 == 0 or index == 3
            names, aliases, word = self.person_names(is_japanese)
            original = "ja" if is_japanese else "en"
            obj = Person(slug=f"{self.prefix}{word}-{index}", original_language=original)
            person = GeneratedPerson(obj, names)
            self.draw_roles(person, is_journalist)
            (self.journalists if is_journalist else self.executives).append(person)
            latest = person.roles[-1]
            bio = self.rng.choice(words.PERSON_BIOS)
            texts = {
                language: {
                    "name": names[language],
                    "aliases": aliases[language],
                    "short_bio": sentence_case(
                        in_language(bio, language).format(
                            org=latest.organization.names[language],
                            title=in_language(latest.title, language),
                        )
                    ),
                }
                for language in LANGUAGES
            }
            rows += text_rows(PersonTranslation, obj, texts, original=original, at=self.span[0])
            for role in person.roles:
                affiliation = Affiliation(
                    uid=self.uid(),
                    person=obj,
                    organization_id=role.organization.obj.pk,
                    start_at=role.start_at,
                    end_at=role.end_at,
                )
                titles = {
                    language: {"title": in_language(role.title, language)} for language in LANGUAGES
                }
                affiliation_rows += text_rows(
                    AffiliationTranslation, affiliation, titles, original=original, at=self.span[0]
                )
                affiliations.append(affiliation)
            people.append(obj)
        self.save("people", Person, people)
        self.save_rows("person texts", PersonTranslation, rows)
        self.save("affiliations", Affiliation, affiliations)
        self.save_rows("affiliation titles", AffiliationTranslation, affiliation_rows)

    def write_tags(self) -> None:
        self.tags, rows = [], []
        for ja, en, word in words.TAGS:
            tag = Tag(slug=f"{self.prefix}{word}", original_language="ja")
            texts = {"ja": {"name": ja}, "en": {"name": en}}
            rows += text_rows(TagTranslation, tag, texts, original="ja", at=self.span[0])
            self.tags.append(tag)
        self.save("tags", Tag, self.tags)
        self.save_rows("tag names", TagTranslation, rows)

    def draw_origin(self, kind: str) -> tuple[GeneratedOrganization, str, str, str]:
        """Return the publisher, language, title and author of a source of ``kind``."""
        rng = self.rng
        if kind == SourceKind.SOCIAL_POST:
            author = self.pick_prominent(self.executives)
            language = author.obj.original_language
            title = in_language(words.SOCIAL_TITLES, language).format(author=author.names[language])
            return (
                rng.choice(self.organizations["platform"]),
                language,
                title,
                author.names[language],
            )
        if kind == SourceKind.VIDEO:
            publisher = rng.choice(self.organizations["platform"])
        elif kind in (SourceKind.PRESS_RELEASE, SourceKind.DOCUMENT):
            publisher = self.pick_prominent(self.employers)
        else:
            publisher = self.pick_prominent(self.organizations["news"])
        language = publisher.language
        pattern = SOURCE_TITLES.get(kind) or rng.choice(words.ARTICLE_TITLES)
        subject = self.pick_prominent(self.employers).names[language]
        title = in_language(pattern, language).format(org=subject)
        reporter = rng.choice(self.journalists).names[language]
        has_byline = kind in (SourceKind.ARTICLE, SourceKind.INTERVIEW)
        return publisher, language, title, reporter if has_byline else ""

    def draw_availability(self, kind: str) -> str:
        """Draw whether a source is still online; social posts vanish most often."""
        removed_share = 0.4 if kind == SourceKind.SOCIAL_POST else 0.05
        roll = self.rng.random()
        if roll < removed_share:
            return Availability.REMOVED
        return Availability.UNKNOWN if roll < removed_share + 0.1 else Availability.LIVE

    def draw_source(self, index: int, published_at: dt.datetime) -> GeneratedSource:
        kind = self.rng.choices(list(SOURCE_KIND_WEIGHTS), list(SOURCE_KIND_WEIGHTS.values()))[0]
        publisher, language, title, author = self.draw_origin(kind)
        availability = self.draw_availability(kind)
        slug = f"{self.prefix}{kind.replace('_', '-')}-{index:05d}"
        url = f"https://{publisher.domain}/{published_at:%Y/%m/%d}/{slug}"
        archived = availability == Availability.REMOVED and self.rng.random() < 0.5
        timed = kind in (SourceKind.SOCIAL_POST, SourceKind.VIDEO)
        obj = Source(
            slug=slug,
            url=url,
            publisher_id=publisher.obj.pk,
            kind=kind,
            language=language,
            title=title,
            author=author,
            published_at=published_at,
            published_precision=DatePrecision.TIME if timed else DatePrecision.DAY,
            archived_url=f"https://archive.example/{published_at:%Y%m%d}/{url}" if archived else "",
            availability=availability,
            availability_checked_at=None
            if availability == Availability.UNKNOWN
            else self.span[1] + dt.timedelta(days=1),
        )
        return GeneratedSource(obj, publisher)

    def write_sources(self) -> None:
        self.progress("sources")
        count = max(8, self.event_count // 4)
        moments = sorted(self.moment_between(*self.span) for _ in range(count))
        self.sources = [self.draw_source(index, moment) for index, moment in enumerate(moments, 1)]
        self.source_times = moments
        self.save("sources", Source, [source.obj for source in self.sources])
