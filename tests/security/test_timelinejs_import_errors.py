"""
Finding 8: `import_timelinejs` names the bad entry in one line and writes nothing, for
inputs that used to end in a traceback; source addresses with quotes are refused too.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from events.models import Event, Saga
from sources.models import Source

pytestmark = pytest.mark.django_db

GOOD = {
    "start_date": {"year": 2023, "month": 11, "day": 17},
    "text": {"headline": "Fired", "text": "The board fires Altman."},
}


def run_import(tmp_path, content: str):
    path = tmp_path / "timeline.json"
    path.write_text(content, encoding="utf-8")
    with translation.override("en"):
        call_command(
            "import_timelinejs",
            str(path),
            slug="imported",
            time_zone="UTC",
            language="en",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


TITLE = {"text": {"headline": "Imported saga"}}


def events_with(bad):
    return json.dumps({"title": TITLE, "events": [GOOD, bad]})


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (events_with({"start_date": {"year": 1e30}, "text": {"headline": "Far"}}), "event 2"),
        (events_with({"start_date": {"year": 1e308 * 10}}), "event 2"),  # Infinity
        (events_with({"start_date": {"year": 2023}, "text": "str"}), "event 2"),
        (events_with({"start_date": {"year": 12345}}), "event 2"),
        ('{"events": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ],
)
def test_a_bad_entry_is_named_and_nothing_is_written(tmp_path, content, named):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, content.replace("Infinity", "1e999"))
    message = str(error.value)
    assert "\n" not in message
    assert "nothing imported" in message and named in message
    assert not Saga.objects.exists() and not Event.objects.exists()


def test_a_media_address_with_quotes_is_refused(tmp_path):
    bad = {**GOOD, "media": {"url": 'https://example.org/x"onerror="alert(1)', "caption": "x"}}
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, json.dumps({"title": TITLE, "events": [bad]}))
    assert "quotes" in str(error.value)
    assert not Saga.objects.exists() and not Source.objects.exists()
