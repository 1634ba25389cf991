"""
The editorial desk at newsroom scale: each goal of issue 22, measured on a prepared database.

    DATABASE_URL=sqlite:////abs/path/desk.sqlite3 .venv/bin/python -m bench.desk --prepare --append
    DATABASE_URL=postgres://.../saga_desk .venv/bin/python -m bench.desk --prepare --append

The database holds the seed fixture plus generated sagas, made once and reused (they take
minutes): ``--prepare`` makes them when missing (``generate_saga --events 10000 --seed 1
--slug synthetic`` and ``--events 1000 --seed 2 --slug synthetic-1k``). Measured in-process
through Django's test client as a logged-in editor (the server's own time, no network),
median of ``--tries``: the translation dashboard, each saga's work list (all, a state, a
search), the XLIFF upload page, the admin's change lists and forms (scoped to each saga where
they can be, else the whole database), the admin event search, and the XLIFF export (time and
peak Python memory of the streamed body). Then, as commands in their own process (wall clock
and peak resident memory): ``backup`` of the whole database, ``import_xliff`` of each
saga's own English export with every target changed, and ``restore`` (which puts back what
each import changed, so the database is left as it was). A goals table follows, each goal
of the issue against the worst figure measured. With ``--append`` it all goes to
``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

SAGAS = (("synthetic-1k", 1000, 2), ("synthetic", 10000, 1))
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# The goals.
PAGE_MS, PAGE_QUERIES = 500, 30
EXPORT_S, EXPORT_MB = 10, 100
IMPORT_S, IMPORT_MB = 60, 300
BACKUP_S = 30


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


def saga_pages(saga) -> list[tuple[str, str]]:
    """The desk's pages about one saga: (name, address), the same names for every saga."""
    from django.urls import reverse

    from events.models import Chapter, Citation, Event

    event = Event.objects.filter(saga=saga, citations__isnull=False).order_by("pk").first()
    citation = Citation.objects.filter(event__saga=saga).order_by("pk").first()
    chapter = Chapter.objects.filter(saga=saga).order_by("pk").first()
    worklist = reverse("translations:worklist", args=[saga.slug, "en"])
    events = reverse("admin:events_event_changelist")
    pages = [
        ("work list, all", worklist),
        ("work list, missing", worklist + "?state=missing"),
        ("work list, search", worklist + "?q=OpenAI&sort=label"),
        ("work list, last page", worklist + "?p=1000000"),
        ("XLIFF upload page", reverse("translations:xliff_import", args=[saga.slug])),
        ("event list of the saga", f"{events}?saga={saga.pk}"),
        ("admin event search", f"{events}?saga={saga.pk}&q=OpenAI"),
        ("event form", reverse("admin:events_event_change", args=[event.pk])),
        ("saga form", reverse("admin:events_saga_change", args=[saga.pk])),
        (
            "chapter list of the saga",
            reverse("admin:events_chapter_changelist") + f"?saga__id__exact={saga.pk}",
        ),
        ("chapter form", reverse("admin:events_chapter_change", args=[chapter.pk])),
        (
            "citation list of the saga",
            reverse("admin:events_citation_changelist") + f"?event__saga__id__exact={saga.pk}",
        ),
        ("citation form", reverse("admin:events_citation_change", args=[citation.pk])),
    ]
    return pages


def database_pages(user) -> list[tuple[str, str]]:
    """The admin pages not about one saga that ``user`` may open: home, lists, a few forms."""
    from django.contrib import admin
    from django.urls import reverse

    from people.models import Organization, Person
    from sources.models import Source

    pages = [
        ("admin home", reverse("admin:index")),
        ("dashboard", reverse("translations:dashboard")),
    ]
    for model in admin.site._registry:
        opts = model._meta
        if not any(
            user.has_perm(f"{opts.app_label}.{a}_{opts.model_name}") for a in ("view", "change")
        ):
            continue
        pages.append(
            (
                f"{opts.verbose_name_plural} list",
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            )
        )
    for model in (Person, Organization, Source):
        first = model.objects.order_by("pk").first()
        if first is not None:
            opts = model._meta
            pages.append(
                (
                    f"{opts.verbose_name} form",
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]),
                )
            )
    return pages


def rows(tries):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from events.models import Saga

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    user = editor()
    client.force_login(user)
    found = []
    for name, url in database_pages(user):
        found.append((name, "whole database", *measure(client, url, tries)))
    for slug, events, _seed in (("openai-2023", 27, 0), *SAGAS):
        saga = Saga.objects.get(slug=slug)
        label = f"{events:,} events"
        for name, url in saga_pages(saga):
            found.append((name, label, *measure(client, url, tries)))
        export = reverse("translations:xliff_export", args=[slug, "en"])
        found.append(("XLIFF export (HTTP, streamed)", label, *measure(client, export, 1)))
        found.append(("XLIFF export (.xlf.gz)", label, *measure(client, export + "?gzip=1", 1)))
        seconds, peak, size = export_memory(saga, "en")
        what = f"XLIFF export, peak Python memory {peak / 2**20:.1f} MB"
        found.append((what, label, seconds * 1000, 0, size))
    connection.close()
    return found


# -- commands in their own process: backup, import, restore ----------------------------

_MEASURED = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{code} {seconds:.3f} {peak}", file=sys.stderr)
"""


def run_command(*args) -> tuple[float, float]:
    """Run ``manage.py *args``; return (wall seconds, peak resident MB); fail loudly."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, sys.executable, "manage.py", *args, "--verbosity=0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    code, seconds, peak_kb = result.stderr.strip().splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return float(seconds), int(peak_kb) / 1024


_TARGET = re.compile(rb"<target([^>]*?)(?:/>|>(.*?)</target>)", re.S)


def _changed(match) -> bytes:
    return b"<target" + match.group(1) + b">" + (match.group(2) or b"") + b" (rev.)</target>"


def changed_export(saga, path: Path) -> int:
    """Write the saga's English export with every target changed; return how many units."""
    from translations.xliff import stream_xliff

    units = 0
    with open(path, "wb") as out:
        for chunk in stream_xliff(saga, "en"):
            changed, count = _TARGET.subn(_changed, chunk)
            units += count
            out.write(changed)
    return units


def command_rows() -> list[tuple]:
    from django.db import connection

    from events.models import Saga

    OUT.mkdir(parents=True, exist_ok=True)
    backup = OUT / f"desk-{connection.vendor}.backup"
    found = []
    files = []
    for slug, events, _seed in SAGAS:
        path = OUT / f"{slug}.en.changed.xlf"
        units = changed_export(Saga.objects.get(slug=slug), path)
        files.append((f"{events:,} events", path, units))
    connection.close()
    seconds, peak = run_command("backup", str(backup), "--no-media")
    found.append(("backup (command)", "whole database", seconds, peak, backup.stat().st_size))
    for label, path, units in files:
        seconds, peak = run_command("import_xliff", str(path))
        found.append(
            (f"import_xliff, {units:,} units changed", label, seconds, peak, path.stat().st_size)
        )
        seconds, peak = run_command("restore", str(backup), "--no-input")
        found.append(("restore (command)", "whole database", seconds, peak, backup.stat().st_size))
    return found


def goals(found, commands) -> list[tuple[str, str, bool]]:
    """Each goal of the issue against the worst figure measured: (goal, measured, met)."""
    pages = [row for row in found if not row[0].startswith("XLIFF export")]
    slowest = max(pages, key=lambda row: row[2])
    most = max(pages, key=lambda row: row[3])
    by_page = {}
    for name, label, _ms, queries, _size in pages:
        if label in {f"{events:,} events" for _slug, events, _seed in SAGAS}:
            by_page.setdefault(name, set()).add(queries)
    growing = sorted(name for name, counts in by_page.items() if len(counts) > 1)
    big = f"{SAGAS[-1][1]:,} events"
    export_ms = next(r[2] for r in found if r[0] == "XLIFF export (HTTP, streamed)" and r[1] == big)
    export_mb = next(
        float(r[0].split()[-2])
        for r in found
        if r[0].startswith("XLIFF export, peak") and r[1] == big
    )
    imported = next(r for r in commands if r[0].startswith("import_xliff") and r[1] == big)
    backup = next(r for r in commands if r[0].startswith("backup"))
    restore = max((r for r in commands if r[0].startswith("restore")), key=lambda r: r[2])
    return [
        (
            f"every page under {PAGE_MS} ms",
            f"slowest {slowest[2]:,.0f} ms ({slowest[0]}, {slowest[1]})",
            slowest[2] < PAGE_MS,
        ),
        (
            f"every page under {PAGE_QUERIES} queries",
            f"most {most[3]} ({most[0]}, {most[1]})",
            most[3] < PAGE_QUERIES,
        ),
        (
            "queries the same at 1,000 and 10,000 events",
            ", ".join(growing) if growing else "the same on every saga page",
            not growing,
        ),
        (
            f"XLIFF export of {big} under {EXPORT_S} s and {EXPORT_MB} MB",
            f"{export_ms / 1000:.1f} s, {export_mb:.1f} MB (Python peak)",
            export_ms < EXPORT_S * 1000 and export_mb < EXPORT_MB,
        ),
        (
            f"import of the same file changed under {IMPORT_S} s and {IMPORT_MB} MB",
            f"{imported[2]:.1f} s, {imported[3]:.0f} MB (peak resident, whole process)",
            imported[2] < IMPORT_S and imported[3] < IMPORT_MB,
        ),
        (
            f"backup under {BACKUP_S} s; restore tested",
            f"backup {backup[2]:.1f} s ({backup[4] / 2**20:.0f} MB), restore {restore[2]:.1f} s",
            backup[2] < BACKUP_S,
        ),
    ]


def table(found, commands, met, vendor):
    lines = [
        f"### {vendor}",
        "",
        "| what | saga | median ms | queries | bytes |",
        "|---|---|---:|---:|---:|",
    ]
    for name, label, ms, queries, size in found:
        lines.append(f"| {name} | {label} | {ms:,.0f} | {queries} | {size:,} |")
    if commands:
        lines += [
            "",
            "| command (own process) | saga | wall s | peak MB | file bytes |",
            "|---|---|---:|---:|---:|",
        ]
        for name, label, seconds, peak, size in commands:
            lines.append(f"| {name} | {label} | {seconds:.1f} | {peak:.0f} | {size:,} |")
    if met:
        lines += ["", "| goal | measured | met |", "|---|---|---|"]
        for goal, measured, ok in met:
            lines.append(f"| {goal} | {measured} | {'yes' if ok else '**no**'} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", action="store_true", help="generate missing sagas first")
    parser.add_argument("--tries", type=int, default=5, help="requests per page (median)")
    parser.add_argument("--append", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument(
        "--pages-only", action="store_true", help="skip the backup, import and restore commands"
    )
    parser.add_argument("--note", default="", help="a line about the machine (load...)")
    options = parser.parse_args(argv)
    setup()
    from django.db import connection

    if options.prepare:
        prepare()
    found = rows(options.tries)
    commands = [] if options.pages_only else command_rows()
    met = goals(found, commands) if commands else []
    vendor = connection.vendor
    version = connection.Database.sqlite_version if vendor == "sqlite" else ""
    load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    text = table(found, commands, met, f"{vendor} {version} ({load} at the end)".strip())
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
            f"database; {os.cpu_count()} cores. {options.note}\n\n"
        )
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results:
            results.write(header + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["main"]
