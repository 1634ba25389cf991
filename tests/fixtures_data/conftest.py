"""
Load the OpenAI 2023 fixture once for this package, as `loaddata openai_2023` would into
an empty database, and remove it afterwards so that other tests start from empty tables.

Tests here read the loaded saga inside their usual rolled-back transaction; none of them
may use ``transactional_db`` (its flush would wipe the shared data).
"""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from events.models import Event, Saga, Tag
from people.models import Organization, Person
from sources.models import Source

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "openai_2023.json"
SAGA_SLUG = "openai-2023"


def fixture_objects() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def fixture_model_labels() -> list[str]:
    return sorted({obj["model"] for obj in fixture_objects()})


def row_counts() -> dict[str, int]:
    """Count the rows of every model the fixture writes, and the events' tag links."""
    counts = {label: apps.get_model(label).objects.count() for label in fixture_model_labels()}
    counts["events.event_tags"] = Event.tags.through.objects.count()
    return counts


def fixture_counts() -> dict[str, int]:
    objects = fixture_objects()
    counts = dict(Counter(obj["model"] for obj in objects))
    counts["events.event_tags"] = sum(
        len(obj["fields"]["tags"]) for obj in objects if obj["model"] == "events.event"
    )
    return counts


def delete_saga_content() -> None:
    """Delete what the fixture loads, in an order that respects the protected relations."""
    Saga.objects.all().delete()
    Tag.objects.all().delete()
    Source.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.all().delete()


@pytest.fixture(scope="package", autouse=True)
def openai_2023_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert not Saga.objects.exists(), "the fixture must be loaded into an empty database"
        call_command("loaddata", "openai_2023", verbosity=0)
    yield
    with django_db_blocker.unblock():
        delete_saga_content()
