"""Every list and detail answers in a constant number of queries, whatever the data's size."""

import pytest
from django.urls import reverse

from tests.scenarios import wide_saga

pytestmark = pytest.mark.django_db

# Pinned at what they take, so that any new query per request shows up here. Anonymous
# reads that build their answer include two for the content versions (core.response_cache:
# the global one before building, those of what the answer shows after).
# with ?lang=all (one language takes 13); the anonymous list reads its page's ids and their
# tokens first (core.response_cache.cached_parts), then builds only the payloads not kept.
EVENTS_LIST_QUERIES = 21
STAFF_EVENTS_LIST_QUERIES = 11  # + the token, the user's permissions, the stale-state filter
STAFF_EVERY_LANGUAGE_QUERIES = 22  # + the glossary and debris lists for the quality checks
OTHER_LIST_QUERIES = 9
# An anonymous detail reads its event's row and the token of its kept answer first (two
# more when it builds it; an edit of another event of its saga leaves it kept: 5 in all).
DETAIL_QUERIES = 9
TIMELINE_QUERIES = 11


@pytest.mark.parametrize("size", [10, 300])
def test_every_endpoint_takes_constant_queries(
    anonymous, editor_api, django_assert_max_num_queries, size
):
    # One saga per size for every check: building 300 events is the slow part.
    saga = wide_saga(size)
    page = min(size, 50)
    for lang in ("en", "all"):
        url = (
            reverse("api:event-list") + f"?page_size=50&lang={lang}&saga=big&date_after=2023-11-01"
        )
        with django_assert_max_num_queries(EVENTS_LIST_QUERIES):
            response = anonymous.get(url)
        assert len(response.json()["results"]) == page

    url = reverse("api:event-list") + "?page_size=50&translation_status=approved&q=Event&lang=en"
    with django_assert_max_num_queries(STAFF_EVENTS_LIST_QUERIES):
        response = editor_api.get(url)
    assert len(response.json()["results"]) == page

    url = reverse("api:event-list") + "?page_size=50&lang=all"
    with django_assert_max_num_queries(STAFF_EVERY_LANGUAGE_QUERIES):
        response = editor_api.get(url)
    assert response.json()["results"][0]["translations"][0]["qa_warnings"] is not None

    for name in ("saga", "chapter", "person", "organization", "source"):
        with django_assert_max_num_queries(OTHER_LIST_QUERIES):
            response = anonymous.get(reverse(f"api:{name}-list") + "?page_size=50")
        assert response.status_code == 200

    detail = reverse("api:event-detail", args=[saga.events.last().pk])
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = anonymous.get(detail)
    assert response.status_code == 200
    with django_assert_max_num_queries(TIMELINE_QUERIES):
        response = anonymous.get(reverse("api:saga-timelinejs", args=[saga.slug]))
    assert len(response.json()["events"]) == size
