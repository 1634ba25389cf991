"""DJANGO_LOG_FORMAT=json: one JSON object per line, with the request's id, path and status."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from core.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh process, as the server would, with the environment under test: a missing
# page (logged by Django with its request and status) and an exception logged by hand.
SCRIPT = """
import logging, django
django.setup()
from django.test import Client
response = Client().get("/no-such-page/", HTTP_X_REQUEST_ID="edge-1234")
print(response["X-Request-ID"])
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("saga.test").exception("Sums went wrong: %s", "ね")
"""


def run(log_format: str | None, tmp_path) -> tuple[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_LOG_FORMAT"}
    env.update(
        DJANGO_SETTINGS_MODULE="saga_cms.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="locmemcache://",
    )
    if log_format:
        env["DJANGO_LOG_FORMAT"] = log_format
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip(), done.stderr.splitlines()


def test_json_lines_carry_level_logger_request_and_exception(tmp_path):
    request_id, lines = run("json", tmp_path)

    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    not_found, failure = entries
    assert request_id == "edge-1234"  # the edge's id, kept and sent back
    assert not_found["level"] == "WARNING"
    assert not_found["logger"] == "django.request"
    assert not_found["message"] == "Not Found: /no-such-page/"
    assert (not_found["request_id"], not_found["method"], not_found["path"]) == (
        "edge-1234",
        "GET",
        "/no-such-page/",
    )
    assert not_found["status"] == 404
    assert not_found["time"].endswith("+00:00")
    assert (failure["level"], failure["logger"]) == ("ERROR", "saga.test")
    assert failure["message"] == "Sums went wrong: ね"
    assert "ZeroDivisionError: division by zero" in failure["exception"]
    assert "request_id" not in failure  # logged outside any request


def test_plain_lines_stay_the_default(tmp_path):
    _request_id, lines = run(None, tmp_path)

    assert "Not Found: /no-such-page/" in lines
    assert "Sums went wrong: ね" in lines
    assert "Traceback (most recent call last):" in lines
    assert not any(line.startswith("{") for line in lines)


def test_an_implausible_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>" * 40)

    assert len(response["X-Request-ID"]) == 32  # a new one


def test_gunicorns_access_lines_become_json_with_the_request_time():
    # What gunicorn's access logger hands to its handler (gunicorn.glogging.Logger.access).
    atoms = {
        "h": "10.0.0.2",
        "m": "GET",
        "U": "/api/v1/sagas/",
        "q": "lang=en",
        "s": "200",
        "B": "5120",
        "M": "42",
        "a": "curl/8",
        "{x-request-id}o": "abc123",
    }
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(h)s %(s)s", atoms, None)

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "10.0.0.2 200"
    assert (entry["method"], entry["path"], entry["query"]) == ("GET", "/api/v1/sagas/", "lang=en")
    assert (entry["status"], entry["bytes"], entry["duration_ms"]) == (200, 5120, 42)
    assert (entry["request_id"], entry["remote_addr"]) == ("abc123", "10.0.0.2")
