"""
The editorial desk at newsroom scale: each goal of issue 22, measured on a prepared database.

    DATABASE_URL=sqlite:////abs/path/desk.sqlite3 .venv/bin/python -m bench.desk --append
    DATABASE_URL=postgres://... .venv/bin/python -m bench.desk --append

The database holds the seed fixture plus generated sagas, made once and reused (they take
minutes): ``--prepare`` makes them when missing (``generate_saga --events 10000 --seed 1
--slug synthetic`` and ``--events 1000 --seed 2 --slug synthetic-1k``). Measured in-process
through Django's test client as a logged-in editor (the server's own time, no network),
median of ``--tries``: the translation dashboard, each saga's work list (all, a state, a
search), the event form, the admin event search, and the XLIFF export (time and peak memory
of the streamed body). With ``--append`` the table is appended to ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

SAGAS = (("synthetic-1k", 1000, 2), ("synthetic", 10000, 1))
ROOT = Path(__file__).resolve().parent.parent


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saga_cms.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()


def prepare():
    from django.core.management import call_command

    from events.models import Saga

    call_command("migrate", verbosity=0)
    if not Saga.objects.filter(slug="openai-2023").exists():
        call_command("load_fixtures")
    for slug, events, seed in SAGAS:
        if not Saga.objects.filter(slug=slug).exists():
            call_command("generate_saga", events=events, seed=seed, slug=slug)


def editor():
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="bench-desk", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def measure(client, url, tries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, size = [], 0, 0
    for _ in range(tries):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured.captured_queries), len(body)
    return statistics.median(times), queries, size


def export_memory(saga, language):
    """Peak Python memory (tracemalloc) of streaming one export to nowhere, and its size."""
    from translations.xliff import stream_xliff

    tracemalloc.start()
    size = 0
    started = time.perf_counter()
    for chunk in stream_xliff(saga, language):
        size += len(chunk)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak, size


def rows(tries):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from events.models import Event, Saga

    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    client.force_login(editor())
    found = []
    dashboard = reverse("translations:dashboard")
    ms, queries, size = measure(client, dashboard, tries)
    found.append(("dashboard (3 sagas)", "", ms, queries, size))
    for slug, events, _seed in (("openai-2023", 27, 0), *SAGAS):
        saga = Saga.objects.get(slug=slug)
        label = f"{events:,} events"
        worklist = reverse("translations:worklist", args=[slug, "en"])
        for name, query in (
            ("work list, all", ""),
            ("work list, missing", "?state=missing"),
            ("work list, search", "?q=OpenAI&sort=label"),
        ):
            found.append((name, label, *measure(client, worklist + query, tries)))
        event = Event.objects.filter(saga=saga, citations__isnull=False).first()
        change = reverse("admin:events_event_change", args=[event.pk])
        found.append(("event form", label, *measure(client, change, tries)))
        search = reverse("admin:events_event_changelist") + f"?saga={saga.pk}&q=OpenAI"
        found.append(("admin event search", label, *measure(client, search, tries)))
        export = reverse("translations:xliff_export", args=[slug, "en"])
        found.append(("XLIFF export (HTTP, streamed)", label, *measure(client, export, 1)))
        seconds, peak, size = export_memory(saga, "en")
        what = f"XLIFF export, peak Python memory {peak / 2**20:.1f} MB"
        found.append((what, label, seconds * 1000, 0, size))
    connection.close()
    return found


def table(found, vendor):
    lines = [
        f"### {vendor}",
        "",
        "| what | saga | median ms | queries | bytes |",
        "|---|---|---:|---:|---:|",
    ]
    for name, label, ms, queries, size in found:
        lines.append(f"| {name} | {label} | {ms:,.0f} | {queries} | {size:,} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", action="store_true", help="generate missing sagas first")
    parser.add_argument("--tries", type=int, default=5, help="requests per page (median)")
    parser.add_argument("--append", action="store_true", help="append to bench/RESULTS.md")
    options = parser.parse_args(argv)
    setup()
    from django.db import connection

    if options.prepare:
        prepare()
    found = rows(options.tries)
    vendor = connection.vendor
    version = connection.Database.sqlite_version if vendor == "sqlite" else ""
    text = table(found, f"{vendor} {version}".strip())
    print(text)
    if options.append:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        header = (
            f"\n## Desk at scale (bench/desk.py) · {stamp} · commit {commit}\n\n"
            f"Python {platform.python_version()}, in-process test client as an editor, "
            f"median of {options.tries}; sagas of 27, 1,000 and 10,000 events in one "
            "database.\n\n"
        )
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results:
            results.write(header + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["main"]
