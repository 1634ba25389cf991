"""
Each public page and API read costs the same number of queries whatever the saga's size.

The benchmark measures the same at 200 and 10,000 events (bench/run.sh), and judges the
ceiling of 12 queries per uncached request; here two small sagas (one larger than a page
of 50 events) keep the suite fast. An endpoint whose route has not been built yet is
skipped, naming the route.
"""

import pytest

from bench.endpoints import BASELINE, ENDPOINTS
from bench.probe import endpoint_path, saga_placeholders
from bench.synthetic import synthetic_saga_create

pytestmark = pytest.mark.django_db
# (events, chapters): more events and more chapters, as at 200 and 10,000 events.
SIZES = {"few": (20, 2), "many": (120, 6)}
# The most queries each uncached request may take, on either saga (the ceiling is
# 12). Each includes the versions of the content keys the answer shows (its Last-Modified).
CEILINGS = {"timeline": 10, "event": 7, "api_list": 8, "api_detail": 6, "timelinejs": 10}


@pytest.fixture
def two_sagas(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for slug, (events, chapters) in SIZES.items():
        synthetic_saga_create(slug=slug, events=events, chapters=chapters, seed=3)
    return {slug: saga_placeholders(slug) for slug in SIZES}


def uncached_queries(client, path: str, most: int, django_assert_max_num_queries) -> int:
    client.get(path)  # the first request pays the process's one-off lookups
    with django_assert_max_num_queries(most) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e.key != BASELINE], ids=lambda e: e.key
)
def test_queries_per_request_do_not_grow_with_the_saga(
    endpoint, two_sagas, client, django_assert_max_num_queries
):
    try:
        paths = {slug: endpoint_path(endpoint, two_sagas[slug]) for slug in SIZES}
    except LookupError as missing:
        pytest.skip(f"{endpoint.label}: {missing}")

    counts = {
        slug: uncached_queries(client, path, CEILINGS[endpoint.key], django_assert_max_num_queries)
        for slug, path in paths.items()
    }

    assert counts["few"] == counts["many"]
