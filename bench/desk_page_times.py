"""
The desk pages issue 22 found slowest at 10,000 events, timed alone (a quicker check than
``bench.desk``): median server time and queries of each, in-process as the bench editor.

    DATABASE_URL=... .venv/bin/python -m bench.desk_page_times --tries 5

The database must hold the saga ``synthetic`` (``bench.desk --prepare``, or
``generate_saga --events 10000 --seed 1 --slug synthetic``).

Beside the wall clock, the CPU time the page cost (median): this process's, plus the
PostgreSQL server process's when it runs on this machine (read from /proc), so that pages
can be compared on a machine others load too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

PAGES = [
    ("dashboard", "/admin/translations/"),
    ("work list, all", "/admin/translations/{slug}/en/"),
    ("work list, missing", "/admin/translations/{slug}/en/?state=missing"),
    ("work list, search", "/admin/translations/{slug}/en/?q=OpenAI&sort=label"),
    ("work list, last page", "/admin/translations/{slug}/en/?page=1000000"),
    ("event list of the saga", "/admin/events/event/?saga={pk}"),
    ("admin event search", "/admin/events/event/?saga={pk}&q=OpenAI"),
]


def server_cpu_seconds(connection) -> float:
    """CPU time of the PostgreSQL process serving ``connection`` so far (0 elsewhere)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # a server on another machine
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--tries", type=int, default=5, help="requests per page (median)")
    parser.add_argument("--saga", default="synthetic", help="slug of the saga (synthetic)")
    args = parser.parse_args(argv)

    from bench.desk import editor, setup

    # One connection for every request: its server process is the one whose CPU is read.
    os.environ.setdefault("DJANGO_CONN_MAX_AGE", "600")
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from events.models import Saga

    saga = Saga.objects.filter(slug=args.saga).first()
    if saga is None:
        print(f"No saga {args.saga!r}: prepare it first (bench.desk --prepare).", file=sys.stderr)
        return 1
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor())
    print("| page | database | median ms | CPU ms | queries |\n|---|---|---:|---:|---:|")
    for name, pattern in PAGES:
        url = pattern.format(slug=saga.slug, pk=saga.pk)
        times, cpu = [], []
        for _ in range(args.tries):
            connection.ensure_connection()
            server = server_cpu_seconds(connection)
            with CaptureQueriesContext(connection) as queries:
                started, own = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                own = time.process_time() - own
            cpu.append((own + server_cpu_seconds(connection) - server) * 1000)
            if response.status_code != 200:
                print(f"{url} answered {response.status_code}", file=sys.stderr)
                return 1
        median, cpu_median = statistics.median(times), statistics.median(cpu)
        print(
            f"| {name} | {connection.vendor} | {median:,.0f} | {cpu_median:,.0f} "
            f"| {len(queries)} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
