"""
Each public page and API read costs the same number of queries whatever the saga's size.

The benchmark measures the same at 200 and 10,000 events (bench/run.sh); here the sagas of
the benchmark's own generator at 200 and 2,000 events, each count pinned at what it
takes, so that a query more (or one that grows with the saga) shows up. An endpoint whose
route has not been built yet is skipped, naming the route.
"""

import pytest

from bench.endpoints import BASELINE, ENDPOINTS
from bench.probe import endpoint_path, saga_placeholders
from bench.synthetic import synthetic_saga_create

pytestmark = pytest.mark.django_db
# Events per saga; chapters as ``manage.py generate_saga`` makes them (3 and 10).
SIZES = {"small": 200, "large": 2_000}
# The most queries each uncached request may take, on either saga (the ceiling is
# 12), and it must take the same on both. Each includes the versions of the content keys the
# answer shows (its Last-Modified). The API list reads the people and sources its events
# share by queries of their own (events/api_shapes.py): two more, each object built once.
CEILINGS = {"timeline": 10, "event": 7, "api_list": 10, "api_detail": 6, "timelinejs": 10}


@pytest.fixture
def two_sagas(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for slug, events in SIZES.items():
        synthetic_saga_create(slug=slug, events=events, seed=3)
    return {slug: saga_placeholders(slug) for slug in SIZES}


def test_queries_per_request_are_the_same_at_200_and_2000_events(
    two_sagas, client, django_assert_max_num_queries
):
    # One test for every endpoint: generating 2,000 events is the slow part.
    missing, counts = [], {}
    for endpoint in ENDPOINTS:
        if endpoint.key == BASELINE:
            continue
        for slug in SIZES:
            try:
                path = endpoint_path(endpoint, two_sagas[slug])
            except LookupError as error:
                missing.append(f"{endpoint.label}: {error}")
                break
            client.get(path)  # the first request pays the process's one-off lookups
            with django_assert_max_num_queries(CEILINGS[endpoint.key]) as queries:
                response = client.get(path)
            assert response.status_code == 200, path
            counts.setdefault(endpoint.key, {})[slug] = len(queries)
    assert all(len(set(by_size.values())) == 1 for by_size in counts.values()), counts
    if missing:
        pytest.skip("; ".join(missing))
