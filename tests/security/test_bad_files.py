"""
Every command that reads a file refuses a bad one as a whole: it exits non-zero with an
error line that names the problem, and not one row of the database has changed.

Each command runs as from the shell (``manage.py <command> ...``, in this process), and the
row count of every model is compared before and after.
"""

import contextlib
import csv
import io
import json
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import execute_from_command_line
from django.db import connections

from events.models import Event, EventTranslation, Saga
from tests.factories import EventFactory, SagaFactory, add_text
from translations.xliff import XLIFF_NS, export_xliff

pytestmark = pytest.mark.django_db


def run(*argv) -> tuple[int, str, str]:
    """Run ``manage.py *argv`` as the shell would; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    # A command closes its database connections when it ends; here that would end the
    # test's own transaction (on PostgreSQL) before the rows could be counted.
    with (
        mock.patch.object(connections, "close_all"),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            execute_from_command_line(["manage.py", *argv])
            status = 0
        except SystemExit as exit:
            status = exit.code
    return status, out.getvalue(), err.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def refused(*argv) -> str:
    """Run a command that must refuse its file; return its error line."""
    before = row_counts()

    status, _out, err = run(*argv)

    assert status != 0, err
    assert "Traceback" not in err
    error = err.strip().splitlines()[-1]
    assert error.startswith("CommandError: "), err
    assert row_counts() == before
    return error


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def fixture_directory(tmp_path):
    """The shipped fixtures, copied, so a broken file can be added after them."""
    directory = tmp_path / "fixtures"
    directory.mkdir()
    for path in (settings.BASE_DIR / "fixtures").glob("*.json"):
        (directory / path.name).write_bytes(path.read_bytes())
    return directory


@pytest.mark.parametrize(
    "content, problem",
    [
        ('[{"model": "events.saga", "fields": {', "Expecting property name"),
        (
            json.dumps([{"model": "events.nothing", "fields": {}}]),
            "Invalid model identifier: events.nothing",
        ),
        (
            json.dumps(
                [
                    {
                        "model": "events.event",
                        "fields": {
                            "saga": ["no-such-saga"],
                            "slug": "orphan",
                            "start_at": "2023-11-17T20:00:00Z",
                            "original_language": "ja",
                        },
                    }
                ]
            ),
            "Event has no saga",
        ),
    ],
    ids=["malformed JSON", "unknown model", "missing natural key"],
)
def test_load_fixtures_refuses_a_broken_file_after_good_ones_and_loads_nothing(
    fixture_directory, content, problem
):
    # Sorted last: the shipped saga is read, then this file fails and takes it back.
    (fixture_directory / "zz_broken.json").write_text(content)

    error = refused("load_fixtures", f"--directory={fixture_directory}")

    assert "Fixtures not loaded, nothing changed" in error
    assert "zz_broken.json" in error
    assert problem in error
    assert not Saga.objects.exists()


def test_the_shipped_fixtures_load_through_the_same_command(fixture_directory):
    status, out, err = run("load_fixtures", f"--directory={fixture_directory}")

    assert (status, err) == (0, "")
    assert Saga.objects.filter(slug="openai-2023").exists()


# -- XLIFF ------------------------------------------------------------------------------


@pytest.fixture
def sagas():
    """Two sagas written in Japanese, each with an event; the first is to be translated."""
    saga = SagaFactory(slug="openai-2023", original_language="ja")
    add_text(saga, "ja", title="OpenAI の混乱")
    for slug, headline in [("fired", "アルトマン氏解任"), ("return", "アルトマン氏復帰")]:
        event = EventFactory(saga=saga, slug=slug)
        add_text(event, "ja", headline=headline, summary="取締役会が発表。")
    other = SagaFactory(slug="other-saga", original_language="ja")
    add_text(EventFactory(saga=other, slug="elsewhere"), "ja", headline="別の話")
    return saga, other


def translated(saga, edit=None) -> bytes:
    """Export ``saga`` for English, fill every target, and apply ``edit(root)``."""
    root = ET.fromstring(export_xliff(saga, "en"))
    for unit in root.iter(f"{{{XLIFF_NS}}}trans-unit"):
        target = unit.find(f"{{{XLIFF_NS}}}target")
        if target is None:
            target = ET.SubElement(unit, f"{{{XLIFF_NS}}}target")
        target.text = f"English for {unit.get('id')}"
        target.set("state", "translated")
    if edit:
        edit(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def last_unit(root):
    return list(root.iter(f"{{{XLIFF_NS}}}trans-unit"))[-1]


def set_language(root, language):
    file = root.find(f"{{{XLIFF_NS}}}file")
    file.set("target-language", language)
    file.set("original", file.get("original").rsplit("/", 1)[0] + f"/{language}")


def claim_unknown_object(root):
    last_unit(root).set("id", "events.event:openai-2023/no-such-event:headline")


def claim_another_sagas_row(root):
    # The file is the first saga's; this unit carries text for the other saga's event.
    last_unit(root).set("id", "events.event:other-saga/elsewhere:headline")


def overlong_last_headline(root):
    # Valid XML and a known unit: refused only when saved, after earlier objects were.
    headlines = [
        u for u in root.iter(f"{{{XLIFF_NS}}}trans-unit") if u.get("id").endswith(":headline")
    ]
    headlines[-1].find(f"{{{XLIFF_NS}}}target").text = "x" * 301


@pytest.mark.parametrize(
    "make_file, problem",
    [
        (lambda saga: b"<xliff version='1.2'><file>", "not well-formed XML"),
        (lambda saga: translated(saga)[:-200], "not well-formed XML"),  # truncated
        (lambda saga: b'{"not": "xml"}', "not well-formed XML"),
        (
            lambda saga: translated(saga, lambda root: set_language(root, "xx")),
            "“xx” is not one of this site's languages",
        ),
        (
            lambda saga: translated(saga, claim_unknown_object),
            "“events.event:openai-2023/no-such-event:headline”: no such object",
        ),
        (
            lambda saga: translated(saga, claim_another_sagas_row),
            "“events.event:other-saga/elsewhere:headline”: this object is not part of this saga",
        ),
        (
            lambda saga: translated(saga, overlong_last_headline),
            "return:headline”: headline: Ensure this value has at most 300 characters",
        ),
    ],
    ids=[
        "malformed XML",
        "truncated file",
        "not XML at all",
        "unknown language",
        "unknown object id",
        "a row the file does not claim",
        "a bad text in the last unit",
    ],
)
def test_import_xliff_refuses_a_bad_file_whole_naming_the_problem(
    sagas, tmp_path, make_file, problem
):
    path = tmp_path / "openai-2023.en.xlf"
    path.write_bytes(make_file(sagas[0]))

    error = refused("import_xliff", str(path))

    assert error.startswith("CommandError: Nothing imported from openai-2023.en.xlf: ")
    assert problem in error
    assert not EventTranslation.objects.filter(language_code="en").exists()


def test_a_good_xliff_file_imports_through_the_same_command(sagas, tmp_path):
    path = tmp_path / "openai-2023.en.xlf"
    path.write_bytes(translated(sagas[0]))

    status, _out, err = run("import_xliff", str(path))

    assert (status, err) == (0, "")
    assert EventTranslation.objects.filter(language_code="en").count() == 2


# -- TimelineJS -------------------------------------------------------------------------

SHEET_COLUMNS = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
]


def json_timeline(events=8, **changes_by_number):
    """A TimelineJS JSON timeline of ``events`` days; ``changes_by_number[n]`` edits event n."""
    slides = []
    for number in range(1, events + 1):
        slide = {
            "start_date": {"year": 2023, "month": 11, "day": number},
            "text": {"headline": f"Day {number}", "text": "<p>What happened.</p>"},
            "media": {"url": f"https://news.example.com/{number}", "caption": "", "credit": ""},
        }
        changes_by_number.get(f"event_{number}", lambda s: None)(slide)
        slides.append(slide)
    return {"title": {"text": {"headline": "November"}}, "events": slides}


def csv_timeline(rows=8, **changes_by_number):
    """The Google Sheets template as CSV; ``row_n`` edits the sheet's row n (1 is the header)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, SHEET_COLUMNS)
    writer.writeheader()
    for number in range(2, rows + 2):
        row = dict.fromkeys(SHEET_COLUMNS, "")
        row |= {"Year": "2023", "Month": "11", "Day": str(number), "Headline": f"Day {number}"}
        changes_by_number.get(f"row_{number}", lambda r: None)(row)
        writer.writerow(row)
    return out.getvalue()


def import_timelinejs(path):
    return refused(
        "import_timelinejs", str(path), "--slug=november", "--time-zone=America/Los_Angeles"
    )


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("t.json", '{"title": {"text": {"headline": "x"}}, "events": [', "JSON is malformed"),
        ("t.json", json.dumps({"title": {}}), "no “events” list"),
        (
            "t.json",
            json.dumps(json_timeline(event_3=lambda s: s.pop("start_date"))),
            "event 3 (“Day 3”): start_date is missing",
        ),
        (
            "t.json",
            json.dumps(json_timeline(event_5=lambda s: s["text"].update(headline=""))),
            "event 5: the headline is empty",
        ),
        (
            "t.json",
            json.dumps(json_timeline(event_7=lambda s: s["start_date"].update(month=13))),
            "event 7 (“Day 7”): start_date",
        ),
        (
            "t.json",
            json.dumps({**json_timeline(), "title": {"text": {"headline": ""}}}),
            "the timeline has no title",
        ),
        (
            "t.json",  # read fine; refused while saving the 7th event: 6 were already written
            json.dumps(json_timeline(event_7=lambda s: s["media"].update(url="not a url"))),
            "Enter a valid URL",
        ),
        ("t.csv", "Date,What\n2023,x\n", "the header row lacks Year, Headline"),
        ("t.csv", csv_timeline(row_7=lambda r: r.update(Day="31")), "row 7: 2023-11-31 is not"),
        (
            "t.csv",
            csv_timeline(row_4=lambda r: r.update(Year="soon")),
            "row 4: year “soon” is not a whole number",
        ),
    ],
    ids=[
        "malformed JSON",
        "not a timeline",
        "a slide without a date",
        "a slide without a headline",
        "a bad date in event 7",
        "no title",
        "a bad source address in event 7",
        "CSV that is not the template",
        "CSV with a bad date in row 7",
        "CSV with a bad year in row 4",
    ],
)
def test_import_timelinejs_refuses_a_bad_file_whole_naming_the_problem(
    tmp_path, name, content, problem
):
    path = tmp_path / name
    path.write_text(content)

    error = import_timelinejs(path)

    assert error.startswith(f"CommandError: {name}: nothing imported")
    assert problem in error
    assert not Saga.objects.exists()


def test_a_good_timeline_imports_without_naming_a_user(tmp_path):
    """Like import_xliff, the import runs as the server's operator when no --user is named."""
    for name, content in [
        ("t.json", json.dumps(json_timeline())),
        ("t.csv", csv_timeline()),
    ]:
        path = tmp_path / name
        path.write_text(content)
        slug = f"november-{path.suffix[1:]}"

        status, out, err = run(
            "import_timelinejs",
            str(path),
            f"--slug={slug}",
            "--time-zone=America/Los_Angeles",
            "--title=November",  # a sheet's title is a row of its own; this one has none
        )

        assert (status, err) == (0, ""), err
        saga = Saga.objects.get(slug=slug)
        assert saga.events.count() == 8
        assert saga.updated_by is None  # attributed to no account
    assert Event.objects.count() == 16
