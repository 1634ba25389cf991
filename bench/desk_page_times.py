"""
The desk pages issue 22 found slowest at 10,000 events, timed alone (a quicker check than
``bench.desk``): median server time and queries of each, in-process as the bench editor.

    DATABASE_URL=... .venv/bin/python -m bench.desk_page_times --tries 5

The database must hold the saga ``synthetic`` (``bench.desk --prepare``, or
``generate_saga --events 10000 --seed 1 --slug synthetic``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

PAGES = [
    ("dashboard", "/admin/translations/"),
    ("work list, all", "/admin/translations/{slug}/en/"),
    ("work list, search", "/admin/translations/{slug}/en/?q=OpenAI&sort=label"),
    ("work list, last page", "/admin/translations/{slug}/en/?page=1000000"),
    ("event list of the saga", "/admin/events/event/?saga={pk}"),
    ("admin event search", "/admin/events/event/?saga={pk}&q=OpenAI"),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--tries", type=int, default=5, help="requests per page (median)")
    parser.add_argument("--saga", default="synthetic", help="slug of the saga (synthetic)")
    args = parser.parse_args(argv)

    from bench.desk import editor, setup

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
    for name, pattern in PAGES:
        url = pattern.format(slug=saga.slug, pk=saga.pk)
        times = []
        for _ in range(args.tries):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                print(f"{url} answered {response.status_code}", file=sys.stderr)
                return 1
        median = statistics.median(times)
        print(f"| {name} | {connection.vendor} | {median:,.0f} | {len(queries)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
