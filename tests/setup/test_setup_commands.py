"""The set-up commands behind `make run`, and production settings passing check --deploy."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import Saga

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_create_editor_generates_prints_and_lets_the_editor_log_in(client, capsys):
    call_command("create_editor", username="newcomer")

    output = capsys.readouterr().out
    password = output.split("Password (generated, shown once): ")[1].split()[0]
    assert client.login(username="newcomer", password=password)
    assert client.get("/admin/events/event/").status_code == 200


def test_create_editor_takes_credentials_from_the_environment(client, monkeypatch, capsys):
    monkeypatch.setenv("SAGA_EDITOR_USERNAME", "desk")
    monkeypatch.setenv("SAGA_EDITOR_PASSWORD", "a-long-desk-password")

    call_command("create_editor")

    assert "shown once" not in capsys.readouterr().out
    assert client.login(username="desk", password="a-long-desk-password")


def test_create_editor_leaves_an_existing_account_alone(capsys):
    call_command("create_editor", username="desk", password="first-password-1")
    call_command("create_editor", username="desk")

    assert "already exists" in capsys.readouterr().out
    assert get_user_model().objects.get(username="desk").check_password("first-password-1")


def test_create_editor_refuses_to_promote_a_reader_account():
    get_user_model().objects.create_user("reader", password="x")

    with pytest.raises(CommandError, match="is not staff"):
        call_command("create_editor", username="reader", password="y")


def write_fixture(directory, objects):
    path = directory / "demo.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    return path


def test_load_fixtures_loads_into_an_empty_database_and_not_twice(tmp_path):
    saga = {
        "model": "events.saga",
        "fields": {
            "slug": "demo",
            "time_zone": "UTC",
            "original_language": "ja",
            "state": "published",
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
        },
    }
    write_fixture(tmp_path, [saga])

    call_command("load_fixtures", directory=str(tmp_path), verbosity=0)
    Saga.objects.filter(slug="demo").update(state="draft")  # an editor's change
    call_command("load_fixtures", directory=str(tmp_path), verbosity=0)

    assert Saga.objects.get(slug="demo").state == "draft"


def test_a_bad_fixture_loads_nothing_and_says_why(tmp_path):
    good = {
        "model": "events.saga",
        "fields": {
            "slug": "good",
            "time_zone": "UTC",
            "original_language": "ja",
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
        },
    }
    bad = {"model": "events.saga", "fields": {"slug": "bad", "no_such_field": 1}}
    write_fixture(tmp_path, [good, bad])

    with pytest.raises(CommandError, match="Fixtures not loaded, nothing changed"):
        call_command("load_fixtures", directory=str(tmp_path))

    assert not Saga.objects.exists()


@pytest.mark.django_db(transaction=False)
def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 20 + "a-production-secret-of-enough-length-and-variety-123",
        "DJANGO_ALLOWED_HOSTS": "saga.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
