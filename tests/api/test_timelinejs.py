"""TimelineJS 3: the export's shape, the import command (JSON and CSV), and the round trip."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from events.models import Event, Saga

pytestmark = pytest.mark.django_db

SHEET_HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
)


def timeline(client, slug, lang="ja"):
    response = client.get(reverse("api:saga-timelinejs", args=[slug]) + f"?lang={lang}")
    assert response.status_code == 200, response.content
    return response.json()


def run_import(path, editor, slug="imported", **options):
    with translation.override("en"):
        call_command(
            "import_timelinejs",
            str(path),
            slug=slug,
            time_zone=options.pop("time_zone", "America/Los_Angeles"),
            language=options.pop("language", "ja"),
            user=editor.username,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            **options,
        )


def by_id(slides):
    return {slide["unique_id"]: slide for slide in slides}


def test_the_export_has_a_title_slide_events_eras_and_groups(anonymous, saga):
    body = timeline(anonymous, saga.slug, lang="en")

    assert body["title"]["text"] == {"headline": "OpenAI turmoil", "text": "<p>Five days.</p>"}
    assert [e["unique_id"] for e in body["events"]] == ["fired", "return"]
    fired, back = body["events"]
    assert fired["start_date"] == {"year": 2023, "month": 11, "day": 17, "hour": 12, "minute": 28}
    # The cited source is a link at the end of the text, not media TimelineJS would load.
    source_url = saga.events.get(slug="fired").citations.get().source.url
    assert fired["text"] == {
        "headline": "Altman fired",
        "text": '<p>The board announced it.</p><p class="saga-source">Source: '
        f'<a href="{source_url}" target="_blank" rel="noopener noreferrer">Sam Altman fired</a>'
        " — <span>The Verge</span></p>",
    }
    assert "media" not in fired
    assert fired["autolink"] is False
    assert fired["group"] == "Friday: fired"
    assert back["start_date"] == {"year": 2023, "month": 11, "day": 21}
    assert back["display_date"] == "Nov. 21, 2023"
    assert back["group"] == "復帰"  # no English heading: the original stands in
    assert body["eras"] == [
        {
            "start_date": {"year": 2023, "month": 11, "day": 17},
            "end_date": {"year": 2023, "month": 11, "day": 21},
            "text": {"headline": "Friday: fired"},
        },
        {
            # A single day runs to the next midnight: TimelineJS drops an end equal to
            # the start and then refuses the era.
            "start_date": {"year": 2023, "month": 11, "day": 21},
            "end_date": {"year": 2023, "month": 11, "day": 22},
            "text": {"headline": "復帰"},
        },
    ]


def test_the_export_is_for_readers_only_published_and_approved(anonymous, editor_api, saga):
    assert len(timeline(anonymous, saga.slug)["events"]) == 2
    assert len(timeline(editor_api, saga.slug)["events"]) == 3
    saga.state = "draft"
    saga.save()
    url = reverse("api:saga-timelinejs", args=[saga.slug])
    assert anonymous.get(url).status_code == 404


def test_the_export_takes_one_language_not_all(anonymous, saga):
    response = anonymous.get(reverse("api:saga-timelinejs", args=[saga.slug]) + "?lang=all")

    assert response.status_code == 400
    assert "lang" in response.json()


def test_exporting_then_importing_gives_back_the_same_events(anonymous, editor_api, saga, tmp_path):
    exported = timeline(anonymous, saga.slug)
    path = tmp_path / "openai.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")

    run_import(path, editor_api.user, slug="openai-copy")

    copy = Saga.objects.get(slug="openai-copy")
    assert (copy.state, copy.time_zone, copy.original_language) == (
        "draft",
        "America/Los_Angeles",
        "ja",
    )
    assert timeline(editor_api, "openai-copy") == exported
    fired = copy.events.get(slug="fired")
    assert (fired.precision, fired.start_at) == ("time", saga.events.get(slug="fired").start_at)
    text = fired.translation("ja")
    assert (text.status, text.origin, text.origin_detail) == ("draft", "import", "openai.json")
    assert fired.citations.get().source.slug == "verge-report"  # the same source, found again


def test_markup_characters_in_text_survive_the_round_trip_as_text(
    anonymous, editor_api, saga, tmp_path
):
    fired = saga.events.get(slug="fired").translation("ja")
    fired.headline, fired.display_date = "解任 <速報> & 声明", "金曜 <昼> & 夜"
    fired.save()
    friday = saga.chapters.get(slug="friday").translation("ja")
    friday.heading = "金曜日 & <解任>"
    friday.save()
    exported = timeline(anonymous, saga.slug)
    slide = by_id(exported["events"])["fired"]
    assert slide["text"]["headline"] == "解任 &lt;速報&gt; &amp; 声明"  # shown as HTML there
    path = tmp_path / "openai.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")

    run_import(path, editor_api.user, slug="openai-copy")

    copy = Saga.objects.get(slug="openai-copy")
    text = copy.events.get(slug="fired").translation("ja")
    assert (text.headline, text.display_date) == ("解任 <速報> & 声明", "金曜 <昼> & 夜")
    assert copy.chapters.get(translations__heading="金曜日 & <解任>")


def test_a_sheet_exported_as_csv_becomes_a_draft_saga(editor_api, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        SHEET_HEADER
        + ",,,,,,,,,Five days at OpenAI,The board and the CEO,,,,,title,,\n"
        + "2023,11,17,,2023,11,21,,,Friday to Tuesday,,,,,,era,,\n"
        + "2023,11,17,12:28 PM,,,,,,Altman fired,<p>By the board.</p><p>By video call.</p>,"
        "https://x.com/openai/status/1,OpenAI,Announcement,,,Friday to Tuesday,\n"
        + "2023,11,,,,,,,late November,Talks,,,,,,,Friday to Tuesday,\n"
        + "2015,,,,,,,,,OpenAI founded,,,,,,,,\n",
        encoding="utf-8",
    )

    run_import(path, editor_api.user, slug="sheet")

    saga = Saga.objects.get(slug="sheet")
    assert saga.translation("ja").title == "Five days at OpenAI"
    events = {e.translation("ja").headline: e for e in saga.events.all()}
    fired = events["Altman fired"]
    assert (fired.precision, fired.start_at.isoformat()) == ("time", "2023-11-17T20:28:00+00:00")
    assert fired.translation("ja").summary == "By the board.\n\nBy video call."
    assert fired.chapter.translation("ja").heading == "Friday to Tuesday"
    source = fired.citations.get().source
    assert (source.kind, source.title, source.author) == ("social_post", "Announcement", "OpenAI")
    talks = events["Talks"]
    assert (talks.precision, talks.translation("ja").display_date) == ("month", "late November")
    assert events["OpenAI founded"].precision == "year"
    [chapter] = saga.chapters.all()
    assert chapter.end_at is not None  # the era's end


@pytest.mark.parametrize(
    "rows, problem",
    [
        (",11,17,,,,,,,No year,,,,,,,,\n", "row 3: the year is missing"),
        ("2023,13,17,,,,,,,Bad month,,,,,,,,\n", "row 3: month 13 is out of range (1–12)"),
        ("2023,2,30,,,,,,,Bad day,,,,,,,,\n", "row 3: 2023-2-30 is not a date"),
        ("2023,11,17,7.30,,,,,,Bad time,,,,,,,,\n", "row 3: time “7.30” is not like 13:05"),
        ("2023,11,17,25:00,,,,,,Late,,,,,,,,\n", "row 3: hour 25 is out of range (0–23)"),
        ("2023,11,17,,,,,,,,,,,,,,,\n", "row 3: the headline is empty"),
        ("2023,11,17,,2023,11,16,,,Backwards,,,,,,,,\n", "row 3: it ends before it starts"),
        ("2023,,17,,,,,,,Day without month,,,,,,,,\n", "row 3: day is given without"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_imported(editor_api, tmp_path, rows, problem):
    path = tmp_path / "bad.csv"
    path.write_text(SHEET_HEADER + ",,,,,,,,,Title,,,,,,title,,\n" + rows, encoding="utf-8")

    with pytest.raises(CommandError) as failure:
        run_import(path, editor_api.user)

    assert problem in str(failure.value)
    assert not Saga.objects.filter(slug="imported").exists()
    assert not Event.objects.exists()


def test_a_bad_event_in_json_is_named_by_number_and_headline(editor_api, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "title": {"text": {"headline": "T"}},
                "events": [
                    {"start_date": {"year": "2023"}, "text": {"headline": "Fine"}},
                    {"start_date": {"year": "soon"}, "text": {"headline": "Vague"}},
                ],
            }
        )
    )

    with pytest.raises(CommandError) as failure:
        run_import(path, editor_api.user)

    assert "event 2 (“Vague”): start_date: year “soon” is not a whole number" in str(failure.value)
    assert not Saga.objects.exists()


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{not json", "the JSON is malformed (line 1)"),
        ('{"title": {}}', "no “events” list"),
        ("Date,What\n2023,x\n", "the header row lacks Year, Headline"),
    ],
)
def test_a_file_that_is_not_a_timeline_is_refused_clearly(editor_api, tmp_path, content, problem):
    path = tmp_path / "file.txt"
    path.write_text(content)

    with pytest.raises(CommandError, match=re.escape(problem)):
        run_import(path, editor_api.user)


def test_a_failure_late_in_the_file_leaves_nothing_behind(editor_api, saga, tmp_path):
    exported = timeline(editor_api, saga.slug)
    exported["events"][-1]["media"] = {"url": "not a url", "credit": "", "caption": ""}
    path = tmp_path / "late.json"
    path.write_text(json.dumps(exported, ensure_ascii=False))

    with pytest.raises(CommandError, match="Enter a valid URL"):
        run_import(path, editor_api.user)

    assert not Saga.objects.filter(slug="imported").exists()


def test_the_options_are_checked_before_anything_is_read(editor_api, saga, tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(timeline(editor_api, saga.slug), ensure_ascii=False))

    with pytest.raises(CommandError, match="no such user"):
        call_command("import_timelinejs", str(path), slug="x", time_zone="UTC", user="ghost")
    with pytest.raises(CommandError, match="--language xx"):
        run_import(path, editor_api.user, language="xx")
    with pytest.raises(CommandError, match="IANA time zone"):
        run_import(path, editor_api.user, time_zone="Mars/Olympus")
    with pytest.raises(CommandError, match="already exists"):
        run_import(path, editor_api.user, slug=saga.slug)
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "missing.json", editor_api.user)


def test_only_an_editor_may_import(make_client, saga, tmp_path):
    translator = make_client("importer", "Translators", "ja").user
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"title": {"text": {"headline": "T"}}, "events": []}))

    with pytest.raises(CommandError, match="Only editors"):
        run_import(path, translator)


def test_the_openai_2023_saga_survives_the_round_trip(anonymous, editor_api, tmp_path):
    call_command("loaddata", "openai_2023", verbosity=0)
    for language in ("ja", "en"):
        exported = timeline(anonymous, "openai-2023", lang=language)
        assert exported["events"], language
        path = tmp_path / f"openai-{language}.json"
        path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")

        run_import(path, editor_api.user, slug=f"copy-{language}", language=language)

        copy = timeline(editor_api, f"copy-{language}", lang=language)
        # The same events; their order among one day's may differ, as in TimelineJS itself:
        # an event known to the day is placed at the day's start, before that day's timed ones.
        assert by_id(copy["events"]) == by_id(exported["events"])
        assert copy["eras"] == exported["eras"]
        assert copy["title"] == exported["title"]
