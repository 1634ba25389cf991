"""A saga with every shape a TimelineJS export can take, in Japanese and English."""

import datetime as dt

from tests.factories import (
    ChapterFactory,
    CitationFactory,
    EventFactory,
    SagaFactory,
    SourceFactory,
    add_text,
)

TOKYO = dt.timezone(dt.timedelta(hours=9))


def tokyo(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=TOKYO)


def build_every_shape(slug="every-shape"):
    """
    Return a published saga (time zone Asia/Tokyo) with: chapters of a single day, a single
    moment, with an end, and without any event; events known to the year, the month, the
    day and the minute, with and without an end; a display date; an image with credit,
    licence and caption; a source as media; events inside and outside chapters; every text
    approved in ja and en.
    """
    from images.services import image_create
    from tests.images.pictures import jpeg_upload

    saga = SagaFactory(slug=slug, time_zone="Asia/Tokyo", original_language="ja")
    add_text(saga, "ja", title="あらゆる形の物語", standfirst="年、月、日、時刻の出来事。")
    add_text(saga, "en", title="A saga of every shape", standfirst="Years, months, days, times.")

    def chapter(key, start_at, end_at=None):
        made = ChapterFactory(
            saga=saga, slug=key, position=saga.chapters.count() + 1, start_at=start_at
        )
        if end_at:
            made.end_at = end_at
            made.save()
        add_text(made, "ja", heading=f"章 {key}")
        add_text(made, "en", heading=f"Chapter {key}")
        return made

    def event(key, start_at, precision, chapter=None, end_at=None, display_date="", **fields):
        made = EventFactory(
            saga=saga,
            slug=key,
            start_at=start_at,
            end_at=end_at,
            precision=precision,
            chapter=chapter,
            **fields,
        )
        add_text(made, "ja", headline=f"日本の見出し {key}", summary="一段落目。\n\n二段落目。")
        add_text(
            made,
            "en",
            headline=f"English headline {key}",
            summary="First paragraph.\n\nSecond <b>not bold</b>.",
            display_date=display_date,
        )
        return made

    # A single day (midnight to no end), with its events known to the day and the minute.
    single_day = chapter("single-day", tokyo(2023, 3, 1))
    # A span with an explicit end, holding an event with an end of its own.
    span = chapter("span", tokyo(2023, 3, 5), end_at=tokyo(2023, 3, 20))
    # No event at all in this one.
    chapter("empty", tokyo(2023, 4, 1), end_at=tokyo(2023, 4, 2))
    # The last: a single moment known to the minute, nothing after it.
    moment = chapter("moment", tokyo(2023, 6, 1, 15, 30))

    event("founding", tokyo(2015, 1, 1), "year")
    event("spring", tokyo(2022, 5, 1), "month", display_date="Late spring 2022")
    event("day", tokyo(2023, 3, 1), "day", chapter=single_day)
    event("minute", tokyo(2023, 3, 1, 18, 45), "time", chapter=single_day)
    event("week", tokyo(2023, 3, 6), "day", chapter=span, end_at=tokyo(2023, 3, 12, 23, 59))
    talks = event(
        "talks", tokyo(2023, 3, 7, 9), "time", chapter=span, end_at=tokyo(2023, 3, 7, 17, 30)
    )
    CitationFactory(
        event=talks,
        source=SourceFactory(slug="talks-report", url="https://news.example.org/talks"),
    )
    pictured = event("pictured", tokyo(2023, 6, 1, 15, 30), "time", chapter=moment)
    editor = _editor()
    pictured.image = image_create(
        upload=jpeg_upload(size=(1200, 600)),
        user=editor,
        original_language="en",
        alt_text="Two coloured halves",
        caption="The photograph's caption",
        credit="Photographer Name",
        licence="CC BY 4.0",
        status="approved",
    )
    pictured.save()
    return saga


def _editor():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    user_model = get_user_model()
    if not user_model.objects.filter(username="shape-editor").exists():
        call_command(
            "create_editor", username="shape-editor", password="shape-password-1", verbosity=0
        )
    return user_model.objects.get(username="shape-editor")
