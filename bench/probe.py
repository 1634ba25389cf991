"""
Resolve the benchmark's endpoints for sagas and count each one's SQL queries.

Runs inside Django with the benchmark's settings and the cache off, so the counts are those
of an uncached request: ``python -m bench.probe SLUG [SLUG ...]`` prints, per saga and
endpoint, the path, the HTTP status and the number of queries (or why it is missing), as
JSON. The first request to each URL is not counted: it pays one-off costs of the process.
"""

import json
import os
import sys

from bench.endpoints import ENDPOINTS, Endpoint


def saga_placeholders(saga_slug: str) -> dict[str, str]:
    """Return the values of the endpoint placeholders for a saga."""
    from events.models import Event

    events = Event.objects.published().filter(saga__slug=saga_slug).order_by("start_at", "pk")
    count = events.count()
    if not count:
        raise LookupError(f"the saga “{saga_slug}” has no published events")
    event = events[count // 2]
    return {"saga": saga_slug, "event": event.slug, "event_id": str(event.pk)}


def endpoint_path(endpoint: Endpoint, placeholders: dict[str, str]) -> str:
    """Return the endpoint's path for a saga; raise LookupError when it has no route."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse
    from django.utils import translation

    if endpoint.url_name:
        kwargs = {name: value.format(**placeholders) for name, value in endpoint.kwargs}
        try:
            with translation.override(endpoint.language):
                return reverse(endpoint.url_name, kwargs=kwargs)
        except NoReverseMatch as error:
            raise LookupError(f"no route named “{endpoint.url_name}”") from error
    path = endpoint.path.format(**placeholders)
    try:
        resolve(path.split("?")[0])
    except Resolver404 as error:
        raise LookupError(f"no route for {path.split('?')[0]}") from error
    return path


def count_queries(client, path: str) -> dict:
    """Request ``path`` twice and return the second answer's status and query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    except Exception as error:  # a view that crashes is a finding to report, not a crash
        return {"path": path, "error": f"{type(error).__name__}: {error}"}
    return {"path": path, "status": response.status_code, "queries": len(queries)}


def probe(saga_slugs: list[str]) -> dict:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    report = {}
    for slug in saga_slugs:
        placeholders = saga_placeholders(slug)
        report[slug] = {}
        for endpoint in ENDPOINTS:
            try:
                path = endpoint_path(endpoint, placeholders)
            except LookupError as error:
                report[slug][endpoint.key] = {"missing": str(error)}
                continue
            report[slug][endpoint.key] = count_queries(client, path)
    return report


def main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    try:
        report = probe(argv)
    except LookupError as error:
        print(f"bench.probe: {error}", file=sys.stderr)
        return 1
    json.dump(report, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
