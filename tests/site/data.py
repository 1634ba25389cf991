"""A small saga shaped like the real one, for the public-site tests (and demo screenshots)."""

import datetime as dt
from dataclasses import dataclass

from core.publishing import PublicationState
from events.models import Event, Saga
from tests.factories import (
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


def utc(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


@dataclass
class SagaData:
    saga: Saga
    fired: Event  # time precision, translated, two citations (one removed source)
    reaction: Event  # day precision, Japanese only: English readers get the fallback
    letter: Event  # sources dispute the number of signatures
    founding: Event  # year precision, outside any chapter
    draft: Event  # not published
    scheduled: Event  # published, but only from tomorrow
    altman: object
    murati: object
    openai: object
    forbes: object
    removed_source: object


def build_saga(*, now: dt.datetime | None = None) -> SagaData:
    now = now or dt.datetime.now(UTC)
    saga = SagaFactory(slug="openai-2023", time_zone="America/Los_Angeles", original_language="ja")
    add_text(
        saga,
        "ja",
        title="OpenAI 経営陣の5日間",
        standfirst="2023年11月、OpenAI の取締役会がサム・アルトマン氏を解任してから復帰するまで。",
    )
    add_text(
        saga,
        "en",
        title="Five days at OpenAI",
        standfirst="November 2023: from the board firing Sam Altman to his return.",
    )
    friday = ChapterFactory(saga=saga, slug="friday", position=1, start_at=utc(2023, 11, 17, 8))
    add_text(friday, "ja", heading="金曜日：解任")
    add_text(friday, "en", heading="Friday: fired")
    monday = ChapterFactory(saga=saga, slug="monday", position=2, start_at=utc(2023, 11, 20, 8))
    add_text(monday, "ja", heading="マイクロソフトの月曜日")
    add_text(monday, "en", heading="Microsoft Monday")
    board = TagFactory(slug="board", original_language="ja")
    add_text(board, "ja", name="取締役会")
    add_text(board, "en", name="board")

    openai = OrganizationFactory(slug="openai", original_language="en", wikidata_qid="Q21708200")
    add_text(openai, "en", name="OpenAI", description="An AI research company.")
    add_text(openai, "ja", name="OpenAI", description="AI の研究開発企業。")
    forbes = OrganizationFactory(slug="forbes", original_language="en", kind="news")
    add_text(forbes, "en", name="Forbes")
    add_text(forbes, "ja", name="フォーブス")

    altman = PersonFactory(slug="sam-altman", original_language="en", wikidata_qid="Q7407093")
    add_text(altman, "en", name="Sam Altman", short_bio="Co-founder of OpenAI.")
    add_text(altman, "ja", name="サム・アルトマン", short_bio="OpenAI の共同創業者。")
    murati = PersonFactory(slug="mira-murati", original_language="en")
    add_text(murati, "en", name="Mira Murati")
    add_text(murati, "ja", name="ミラ・ムラティ")
    ceo = AffiliationFactory(
        person=altman, organization=openai, start_at=utc(2019, 3, 1), end_at=utc(2023, 11, 17, 20)
    )
    add_text(ceo, "en", title="chief executive")
    add_text(ceo, "ja", title="最高経営責任者")
    cto = AffiliationFactory(person=murati, organization=openai, end_at=utc(2023, 11, 17, 20))
    add_text(cto, "en", title="chief technology officer")
    add_text(cto, "ja", title="最高技術責任者")
    interim = AffiliationFactory(
        person=murati,
        organization=openai,
        start_at=utc(2023, 11, 17, 20, 1),
        end_at=utc(2023, 11, 20, 8),
    )
    add_text(interim, "en", title="interim chief executive")
    add_text(interim, "ja", title="暫定最高経営責任者")

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

    fired = EventFactory(
        saga=saga, chapter=friday, slug="altman-fired", start_at=utc(2023, 11, 17, 20, 23)
    )
    add_text(
        fired,
        "ja",
        headline="取締役会がアルトマン氏を解任",
        summary="OpenAI の取締役会は、**サム・アルトマン**氏をCEOから解任したと発表した。",
        body="発表は太平洋時間の正午過ぎ。\n\n## 背景\n\n取締役会は理由を明らかにしていない。",
    )
    add_text(
        fired,
        "en",
        headline="The board fires Altman",
        summary="OpenAI's board announced it had removed **Sam Altman** as chief executive.",
        body="The announcement came just after noon Pacific time.",
    )
    fired.tags.add(board)
    InvolvementFactory(event=fired, person=altman, role="subject", position=1)
    InvolvementFactory(event=fired, person=murati, role="actor", position=2)
    quote = CitationFactory(
        event=fired,
        source=announcement,
        quote="Mr. Altman's departure follows a deliberative review process by the board.",
        locator="paragraph 2",
    )
    add_text(quote, "ja", quote="アルトマン氏の退任は、取締役会による慎重な検討を経たものです。")
    CitationFactory(event=fired, source=removed, quote="i loved my time at openai.", position=2)

    reaction = EventFactory(
        saga=saga,
        chapter=friday,
        slug="altman-posts",
        start_at=utc(2023, 11, 18, 1),
        precision="day",
    )
    add_text(
        reaction,
        "ja",
        headline="アルトマン氏がX に投稿",
        display_date="金曜日の夕方",
        summary="アルトマン氏は「OpenAI で過ごした時間を愛していた」と投稿した。",
    )
    InvolvementFactory(event=reaction, person=altman, role="quoted")
    CitationFactory(event=reaction, source=removed, quote="i loved my time at openai.")

    letter = EventFactory(
        saga=saga, chapter=monday, slug="staff-letter", start_at=utc(2023, 11, 20, 17)
    )
    add_text(letter, "ja", headline="社員が辞職を警告する書簡", summary="署名数は報道で異なる。")
    add_text(letter, "en", headline="Staff threaten to quit", summary="Reports differ on how many.")
    InvolvementFactory(event=letter, person=murati, role="mentioned")
    CitationFactory(event=letter, source=report, stance="supports", note="505 signatures")
    CitationFactory(
        event=letter, source=other_report, stance="disputes", note="more than 700 signatures"
    )

    founding = EventFactory(
        saga=saga, slug="founding", start_at=utc(2015, 12, 11, 20), precision="year"
    )
    add_text(founding, "ja", headline="OpenAI 設立")
    add_text(founding, "en", headline="OpenAI is founded")
    InvolvementFactory(event=founding, person=altman, role="actor")
    CitationFactory(event=founding, source=announcement, quote="")

    draft = EventFactory(
        saga=saga,
        slug="draft-event",
        start_at=utc(2023, 11, 19, 3),
        state=PublicationState.DRAFT,
    )
    add_text(draft, "ja", headline="未公開の下書き：解任の舞台裏")
    add_text(draft, "en", headline="Unpublished draft: behind the firing", status="draft")
    CitationFactory(event=draft, source=report)

    scheduled = EventFactory(
        saga=saga,
        slug="scheduled-event",
        start_at=utc(2023, 11, 21, 3),
        publish_at=now + dt.timedelta(days=1),
    )
    add_text(scheduled, "ja", headline="予約公開：アルトマン氏の復帰")
    CitationFactory(event=scheduled, source=report)

    return SagaData(
        saga=saga,
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
