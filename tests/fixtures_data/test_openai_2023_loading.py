"""Loading the OpenAI 2023 fixture: by name, twice without change, and by `make run`."""

import pytest
from django.apps import apps
from django.core.management import call_command

from events.models import Saga

from .conftest import FIXTURE, delete_saga_content, fixture_counts, fixture_objects, row_counts

pytestmark = pytest.mark.django_db

AUTHORING = FIXTURE.parent / "authoring"


@pytest.fixture
def fixture_builder(monkeypatch):
    """The script that generates the fixture from the authored content."""
    monkeypatch.syspath_prepend(str(AUTHORING))
    import make_openai_2023

    return make_openai_2023


def test_loading_into_an_empty_database_writes_one_row_per_fixture_object():
    # The package fixture loaded it by name (`loaddata openai_2023`) into empty tables.
    assert row_counts() == fixture_counts()


def test_loading_the_fixture_twice_updates_rows_instead_of_adding_any():
    before = row_counts()
    saga = Saga.objects.get(slug="openai-2023")
    saga.translations.filter(language_code="en").update(title="Edited by hand")

    call_command("loaddata", "openai_2023", verbosity=0)

    assert row_counts() == before
    saga.refresh_from_db()
    assert saga.translation("en").title == "OpenAI's five days: Sam Altman's firing and return"
    assert saga.translation("en").state == "approved"


def test_make_runs_load_fixtures_loads_the_saga_into_an_empty_database(capsys):
    delete_saga_content()
    assert all(count == 0 for count in row_counts().values())

    call_command("load_fixtures")

    assert "openai_2023.json" in capsys.readouterr().out
    assert row_counts() == fixture_counts()


def test_the_fixture_uses_natural_keys_and_refers_to_no_user():
    for obj in fixture_objects():
        model = apps.get_model(obj["model"])
        assert "pk" not in obj, obj["model"]
        assert hasattr(model, "natural_key"), obj["model"]
        fields = obj["fields"]
        assert fields.get("updated_by") is None and fields.get("reviewed_by") is None


def test_the_fixture_gives_every_url_at_most_once_and_no_empty_url():
    urls = [obj["fields"]["url"] for obj in fixture_objects() if obj["model"] == "sources.source"]
    known = [url for url in urls if url is not None]

    assert "" not in urls
    assert len(known) == len(set(known))
    assert all(url.startswith("https://") for url in known)


def test_the_committed_fixture_is_exactly_what_the_authored_content_builds(fixture_builder):
    delete_saga_content()

    built = fixture_builder.fixture_text()

    assert built == FIXTURE.read_text(encoding="utf-8"), (
        "fixtures/openai_2023.json is out of date: run fixtures/authoring/make_openai_2023.py"
    )
