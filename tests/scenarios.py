"""
The one place tests build content: small pieces that compose, on ``tests/factories.py``,
and the scenarios the suites share, each made of those pieces.

Pieces (texts are given per language, ``ja={...}, en={...}``, approved unless a text says
``"status": ...``; the original language's text is always written first, so translations
are made from it and are current):

- ``utc(...)``, ``november(day, hour, minute)``: instants in UTC.
- ``saga``, ``chapter``, ``tag``, ``organization``, ``person``, ``role`` (an affiliation),
  ``event`` (with ``tags``), ``cite`` (a citation, with its quote's translations), ``texts``
  (text rows for anything translatable).

Scenarios (each documented where it is built):

- ``openai_story()``: the OpenAI saga, shaped like the real one, every kind of content and
  state (public site, security, images).
- ``api_saga()``: three events, a role change, a source cited twice (API contract).
- ``seed_saga()``: Japanese events, English people and a quote (translation workflow).
- ``newsroom(user_model)``: two sagas, users, images and every state, for backups.
- ``long_saga(events)``: long, repetitive texts (compression).
- ``wide_saga(events)``: every event with its own person, role and publisher (query counts).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from core.publishing import PublicationState
from tests.factories import (
    APPROVED,
    AffiliationFactory,
    ChapterFactory,
    CitationFactory,
    EventFactory,
    InvolvementFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
    TagFactory,
    add_text,
)

UTC = dt.UTC


# -- pieces ----------------------------------------------------------------------------


def utc(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def november(day, hour=12, minute=0) -> dt.datetime:
    """An instant in November 2023, UTC."""
    return utc(2023, 11, day, hour, minute)


def texts(obj, **by_language):
    """Give ``obj`` a text in each language (``ja={"headline": ...}``); return ``obj``."""
    original = getattr(obj, "original_language", None)
    ordered = sorted(by_language.items(), key=lambda item: item[0] != original)
    for language, fields in ordered:
        if fields is None:
            continue
        fields = dict(fields)
        add_text(obj, language, status=fields.pop("status", APPROVED), **fields)
    return obj


def saga(slug, *, ja=None, en=None, **fields):
    return texts(SagaFactory(slug=slug, **fields), ja=ja, en=en)


def chapter(of_saga, slug, *, ja=None, en=None, **fields):
    return texts(ChapterFactory(saga=of_saga, slug=slug, **fields), ja=ja, en=en)


def tag(slug, *, ja=None, en=None, **fields):
    return texts(TagFactory(slug=slug, **fields), ja=ja, en=en)


def organization(slug=None, *, ja=None, en=None, **fields):
    made = (
        OrganizationFactory(**fields) if slug is None else OrganizationFactory(slug=slug, **fields)
    )
    return texts(made, ja=ja, en=en)


def person(slug=None, *, ja=None, en=None, **fields):
    made = PersonFactory(**fields) if slug is None else PersonFactory(slug=slug, **fields)
    return texts(made, ja=ja, en=en)


def role(of_person, of_organization, *, ja=None, en=None, **fields):
    made = AffiliationFactory(person=of_person, organization=of_organization, **fields)
    return texts(made, ja=ja, en=en)


def event(of_saga, slug=None, *, ja=None, en=None, tags=(), **fields):
    if slug is not None:
        fields["slug"] = slug
    made = EventFactory(saga=of_saga, **fields)
    for each in tags:
        made.tags.add(each)
    return texts(made, ja=ja, en=en)


def cite(of_event, source=None, *, ja=None, en=None, **fields):
    """Cite ``source`` (a new one if None) on ``of_event``; translate its quote with ja/en."""
    if source is not None:
        fields["source"] = source
    return texts(CitationFactory(event=of_event, **fields), ja=ja, en=en)


# -- the OpenAI story ------------------------------------------------------------------


@dataclass
class Story:
    saga: object
    fired: object  # time precision, translated, two citations (one removed source)
    reaction: object  # day precision, Japanese only: English readers get the fallback
    letter: object  # sources dispute the number of signatures
    founding: object  # year precision, outside any chapter
    draft: object  # not published
    scheduled: object  # published, but only from tomorrow
    altman: object
    murati: object
    openai: object
    forbes: object
    removed_source: object


def openai_story(*, now: dt.datetime | None = None) -> Story:
    """A small saga shaped like the real one, for the public site, security and images."""
    now = now or dt.datetime.now(UTC)
    story = saga(
        "openai-2023",
        time_zone="America/Los_Angeles",
        original_language="ja",
        ja={
            "title": "OpenAI 経営陣の5日間",
            "standfirst": (
                "2023年11月、OpenAI の取締役会がサム・アルトマン氏を解任してから復帰するまで。"
            ),
        },
        en={
            "title": "Five days at OpenAI",
            "standfirst": "November 2023: from the board firing Sam Altman to his return.",
        },
    )
    friday = chapter(
        story,
        "friday",
        position=1,
        start_at=utc(2023, 11, 17, 8),
        ja={"heading": "金曜日：解任"},
        en={"heading": "Friday: fired"},
    )
    monday = chapter(
        story,
        "monday",
        position=2,
        start_at=utc(2023, 11, 20, 8),
        ja={"heading": "マイクロソフトの月曜日"},
        en={"heading": "Microsoft Monday"},
    )
    board = tag("board", original_language="ja", ja={"name": "取締役会"}, en={"name": "board"})

    openai = organization(
        "openai",
        original_language="en",
        wikidata_qid="Q21708200",
        en={"name": "OpenAI", "description": "An AI research company."},
        ja={"name": "OpenAI", "description": "AI の研究開発企業。"},
    )
    forbes = organization(
        "forbes",
        original_language="en",
        kind="news",
        en={"name": "Forbes"},
        ja={"name": "フォーブス"},
    )
    altman = person(
        "sam-altman",
        original_language="en",
        wikidata_qid="Q7407093",
        en={"name": "Sam Altman", "short_bio": "Co-founder of OpenAI."},
        ja={"name": "サム・アルトマン", "short_bio": "OpenAI の共同創業者。"},
    )
    murati = person(
        "mira-murati",
        original_language="en",
        en={"name": "Mira Murati"},
        ja={"name": "ミラ・ムラティ"},
    )
    role(
        altman,
        openai,
        start_at=utc(2019, 3, 1),
        end_at=utc(2023, 11, 17, 20),
        en={"title": "chief executive"},
        ja={"title": "最高経営責任者"},
    )
    role(
        murati,
        openai,
        end_at=utc(2023, 11, 17, 20),
        en={"title": "chief technology officer"},
        ja={"title": "最高技術責任者"},
    )
    role(
        murati,
        openai,
        start_at=utc(2023, 11, 17, 20, 1),
        end_at=utc(2023, 11, 20, 8),
        en={"title": "interim chief executive"},
        ja={"title": "暫定最高経営責任者"},
    )

    announcement = SourceFactory(
        slug="openai-announcement",
        url="https://openai.com/blog/openai-announces-leadership-transition",
        kind="press_release",
        publisher=openai,
        title="OpenAI announces leadership transition",
        published_at=utc(2023, 11, 17, 20, 28),
        published_precision="time",
        availability="live",
    )
    removed = SourceFactory(
        slug="altman-post",
        url="https://x.com/sama/status/1725631621511184771",
        kind="social_post",
        title="i loved my time at openai",
        author="Sam Altman",
        published_at=utc(2023, 11, 17),
        availability="removed",
        archived_url="https://web.archive.org/web/2023/https://x.com/sama/status/1",
    )
    report = SourceFactory(
        slug="forbes-letter",
        kind="article",
        publisher=forbes,
        title="OpenAI staff threaten to quit",
        published_at=utc(2023, 11, 20),
    )
    other_report = SourceFactory(
        slug="verge-letter", kind="article", title="Nearly all OpenAI staff sign letter"
    )

    fired = event(
        story,
        "altman-fired",
        chapter=friday,
        start_at=utc(2023, 11, 17, 20, 23),
        ja={
            "headline": "取締役会がアルトマン氏を解任",
            "summary": "OpenAI の取締役会は、**サム・アルトマン**氏をCEOから解任したと発表した。",
            "body": (
                "発表は太平洋時間の正午過ぎ。\n\n## 背景\n\n取締役会は理由を明らかにしていない。"
            ),
        },
        en={
            "headline": "The board fires Altman",
            "summary": "OpenAI's board announced it had removed **Sam Altman** as chief executive.",
            "body": "The announcement came just after noon Pacific time.",
        },
        tags=[board],
    )
    InvolvementFactory(event=fired, person=altman, role="subject", position=1)
    InvolvementFactory(event=fired, person=murati, role="actor", position=2)
    cite(
        fired,
        announcement,
        quote="Mr. Altman's departure follows a deliberative review process by the board.",
        locator="paragraph 2",
        ja={"quote": "アルトマン氏の退任は、取締役会による慎重な検討を経たものです。"},
    )
    cite(fired, removed, quote="i loved my time at openai.", position=2)

    reaction = event(
        story,
        "altman-posts",
        chapter=friday,
        start_at=utc(2023, 11, 18, 1),
        precision="day",
        ja={
            "headline": "アルトマン氏がX に投稿",
            "display_date": "金曜日の夕方",
            "summary": "アルトマン氏は「OpenAI で過ごした時間を愛していた」と投稿した。",
        },
    )
    InvolvementFactory(event=reaction, person=altman, role="quoted")
    cite(reaction, removed, quote="i loved my time at openai.")

    letter = event(
        story,
        "staff-letter",
        chapter=monday,
        start_at=utc(2023, 11, 20, 17),
        ja={"headline": "社員が辞職を警告する書簡", "summary": "署名数は報道で異なる。"},
        en={"headline": "Staff threaten to quit", "summary": "Reports differ on how many."},
    )
    InvolvementFactory(event=letter, person=murati, role="mentioned")
    cite(letter, report, stance="supports", note="505 signatures")
    cite(letter, other_report, stance="disputes", note="more than 700 signatures")

    founding = event(
        story,
        "founding",
        start_at=utc(2015, 12, 11, 20),
        precision="year",
        ja={"headline": "OpenAI 設立"},
        en={"headline": "OpenAI is founded"},
    )
    InvolvementFactory(event=founding, person=altman, role="actor")
    cite(founding, announcement, quote="")

    draft = event(
        story,
        "draft-event",
        start_at=utc(2023, 11, 19, 3),
        state=PublicationState.DRAFT,
        ja={"headline": "未公開の下書き：解任の舞台裏"},
        en={"headline": "Unpublished draft: behind the firing", "status": "draft"},
    )
    cite(draft, report)

    scheduled = event(
        story,
        "scheduled-event",
        start_at=utc(2023, 11, 21, 3),
        publish_at=now + dt.timedelta(days=1),
        ja={"headline": "予約公開：アルトマン氏の復帰"},
    )
    cite(scheduled, report)

    return Story(
        saga=story,
        fired=fired,
        reaction=reaction,
        letter=letter,
        founding=founding,
        draft=draft,
        scheduled=scheduled,
        altman=altman,
        murati=murati,
        openai=openai,
        forbes=forbes,
        removed_source=removed,
    )


# -- the API contract's saga -----------------------------------------------------------


def api_saga():
    """
    A published saga (Los Angeles time) with two chapters and three events:
    - ``fired``: published, texts ja (approved) and en (approved); Murati involved while CTO
      then interim CEO; cites a live source published by a news organisation.
    - ``return``: published, only ja; tagged; cites the same source.
    - ``draft-event``: a draft.
    """
    made = saga(
        "openai-2023",
        ja={"title": "OpenAI の混乱", "standfirst": "五日間の出来事。"},
        en={"title": "OpenAI turmoil", "standfirst": "Five days."},
    )
    friday = chapter(
        made,
        "friday",
        position=1,
        start_at=november(17, 8),
        ja={"heading": "金曜日：解任"},
        en={"heading": "Friday: fired"},
    )
    return_chapter = chapter(
        made, "return", position=2, start_at=november(21, 8), ja={"heading": "復帰"}
    )

    news = organization("the-verge", kind="news", en={"name": "The Verge"})
    openai = organization("openai", en={"name": "OpenAI"})
    source = SourceFactory(slug="verge-report", publisher=news, title="Sam Altman fired")

    murati = person("mira-murati", en={"name": "Mira Murati"}, ja={"name": "ミラ・ムラティ"})
    role(murati, openai, end_at=november(17, 20), en={"title": "chief technology officer"})
    role(
        murati,
        openai,
        start_at=november(17, 20),
        end_at=november(19, 23),
        en={"title": "interim chief executive"},
    )

    fired = event(
        made,
        "fired",
        chapter=friday,
        start_at=november(17, 20, 28),
        precision="time",
        ja={"headline": "アルトマン氏解任", "summary": "取締役会が発表。"},
        en={"headline": "Altman fired", "summary": "The board announced it."},
    )
    InvolvementFactory(event=fired, person=murati, role="actor")
    cite(fired, source, quote="Sam Altman is out")

    board = tag("board", ja={"name": "取締役会"})
    back = event(
        made,
        "return",
        chapter=return_chapter,
        start_at=november(22, 6),
        precision="day",
        tags=[board],
        ja={"headline": "アルトマン氏復帰", "summary": "合意に達した。"},
    )
    cite(back, source, quote="")

    event(
        made,
        "draft-event",
        state="draft",
        start_at=november(20),
        ja={"headline": "下書き", "status": "draft"},
    )
    return made


# -- the translation workflow's saga ---------------------------------------------------


def seed_saga():
    """The OpenAI saga in miniature: one chapter, two events, two people, a quote."""
    made = saga(
        "openai-2023",
        original_language="ja",
        ja={"title": "OpenAI 経営陣の5日間"},
        en={"title": "OpenAI's five days"},
    )
    friday = chapter(made, "friday", ja={"heading": "金曜日：解任"})

    altman = person(
        "sam-altman",
        original_language="en",
        en={"name": "Sam Altman", "aliases": "Altman"},
        ja={"name": "サム・アルトマン", "aliases": "アルトマン氏\nアルトマン"},
    )
    organization("openai", original_language="en", en={"name": "OpenAI"}, ja={"name": "OpenAI"})

    fired = event(
        made,
        "altman-fired",
        chapter=friday,
        original_language="ja",
        ja={
            "headline": "OpenAI取締役会、アルトマン氏を解任",
            "summary": "11月17日、取締役会はサム・アルトマンCEOの解任を発表した。",
        },
        en={
            "headline": "OpenAI board fires Altman",
            "summary": "On November 17 the board announced that it had fired CEO Sam Altman.",
        },
    )
    InvolvementFactory(event=fired, person=altman)
    cite(fired, quote="i loved my time at openai.")
    event(made, "letter", original_language="ja", ja={"headline": "従業員505人が書簡に署名"})
    return made


# -- a newsroom's worth of data, for backups ---------------------------------------------


def newsroom(user_model) -> None:
    """
    Build two sagas with everything a newsroom stores, in both languages and all states:
    users, an image, people, roles, sources in every availability, a stale translation.

    Its slugs differ from the shipped fixtures', so both can be in one database.
    """
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from PIL import Image as PillowImage

    from accounts.models import LanguageAssignment
    from events.models import Stance
    from images.models import Image
    from sources.models import Availability
    from translations.machinery import TranslationStatus

    call_command("create_editor", username="desk", password="desk-password-1", verbosity=0)
    translator = user_model.objects.create_user("translator", password="tr-pass-1")
    translator.groups.add(Group.objects.get_or_create(name="Translators")[0])
    LanguageAssignment.objects.create(user=translator, language_code="en")

    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 6), "navy").save(buffer, "PNG")
    image = Image.objects.create(
        file=ContentFile(buffer.getvalue(), name="board.png"),
        credit="Newsroom",
        original_language="en",
    )
    texts(
        image,
        en={"alt_text": "The board room"},
        ja={"alt_text": "取締役会の部屋", "status": TranslationStatus.IN_REVIEW},
    )

    crisis = saga(
        "board-crisis",
        original_language="ja",
        ja={"title": "OpenAIの5日間", "standfirst": "解任から復帰まで。"},
        en={"title": "OpenAI's five days", "standfirst": "From firing to return."},
    )
    saga(
        "next-story",
        original_language="en",
        state="draft",
        en={"title": "Next story", "status": TranslationStatus.DRAFT},
    )
    friday = chapter(
        crisis,
        "friday",
        start_at=utc(2023, 11, 17),
        ja={"heading": "金曜日：解任"},
        en={"heading": "Friday: fired"},
    )
    governance = tag(
        "governance", original_language="ja", ja={"name": "取締役会"}, en={"name": "board"}
    )

    openai = organization("lab", logo=image, en={"name": "OpenAI"}, ja={"name": "OpenAI"})
    altman = person(
        "chief",
        wikidata_qid="Q7407093",
        portrait=image,
        en={"name": "Sam Altman", "short_bio": "Chief executive of OpenAI."},
        ja={"name": "サム・アルトマン"},
    )
    murati = person(
        "deputy",
        en={"name": "Mira Murati"},
        ja={"name": "ミラ・ムラティ", "status": TranslationStatus.MACHINE},
    )
    for who, title, start, end in [
        (altman, "chief executive", utc(2019, 3, 1), None),
        (murati, "chief technology officer", utc(2022, 5, 1), None),
        (murati, "interim chief executive", utc(2023, 11, 17, 20, 0), utc(2023, 11, 20, 8, 0)),
    ]:
        role(who, openai, start_at=start, end_at=end, en={"title": title})

    live = SourceFactory(
        slug="blog",
        url="https://lab.example.org/blog/leadership-transition",
        publisher=openai,
        availability=Availability.LIVE,
        availability_checked_at=utc(2024, 1, 2, 3, 4, 5),
    )
    gone = SourceFactory(
        slug="tweet",
        url="https://social.example.org/chief/status/1",
        kind="social_post",
        availability=Availability.REMOVED,
        check_failures=3,
        check_failing_since=utc(2024, 1, 1),
    )
    unknown = SourceFactory(slug="memo", url=None, note="Seen by two reporters.", language="ja")

    fired = event(
        crisis,
        "fired",
        chapter=friday,
        start_at=utc(2023, 11, 17, 20, 23),
        precision="time",
        image=image,
        tags=[governance],
        ja={"headline": "アルトマン氏を解任", "body": "取締役会が**発表**した。"},
        en={"headline": "Altman fired", "body": "The board **announced** it."},
    )
    letter = event(
        crisis,
        "letter",
        start_at=utc(2023, 11, 20, 12),
        precision="day",
        is_approximate=True,
        ja={"headline": "社員の書簡", "display_date": "月曜日の朝"},
    )
    stale = add_text(letter, "en", headline="Staff letter")
    source_row = letter.translation("ja")
    source_row.summary = "約700人が署名した。"
    source_row.save()
    assert type(stale).objects.get(pk=stale.pk).is_stale
    event(
        crisis,
        "draft-event",
        state="draft",
        precision="month",
        ja={"headline": "未確認", "status": TranslationStatus.DRAFT},
    )

    InvolvementFactory(event=fired, person=altman, role="subject")
    InvolvementFactory(event=fired, person=murati, role="actor", position=1)
    cite(fired, live, quote="Sam will depart", locator="para 1", ja={"quote": "サムは退任する"})
    cite(letter, gone, quote="505 signatures", stance=Stance.DISPUTES)
    cite(letter, unknown, quote="")


# -- sagas of a given size ---------------------------------------------------------------


def long_saga(events: int = 30, slug: str = "long-saga"):
    """A saga of ``events`` events whose Japanese texts are long and repetitive."""
    made = saga(slug, ja={"title": "長い物語", "standfirst": "長い説明。" * 100})
    for number in range(events):
        event(
            made,
            f"event-{number}",
            ja={"headline": f"出来事 {number}", "summary": "繰り返しの多い要約。" * 20},
        )
    return made


def wide_saga(events: int, slug: str = "big"):
    """A saga whose every event has text in two languages, a person with a role, a source."""
    made = saga(slug, ja={"title": "大きな物語"})
    first = chapter(made, "one", ja={"heading": "第一章"})
    openai = organization(en={"name": "OpenAI"})
    board = TagFactory()
    texts(board, ja={"name": "タグ"})
    start = utc(2023, 11, 17)
    for number in range(events):
        someone = person(en={"name": f"Person {number}"})
        role(someone, openai, en={"title": "director"})
        made_event = event(
            made,
            chapter=first,
            start_at=start + dt.timedelta(minutes=number),
            tags=[board],
            ja={"headline": f"出来事{number}"},
            en={"headline": f"Event {number}"},
        )
        InvolvementFactory(event=made_event, person=someone)
        publisher = organization(en={"name": f"Paper {number}"})
        cite(made_event, SourceFactory(publisher=publisher))
    return made
