"""
The desk's pages cost the same queries for a small and a large saga (bench/desk.py measures
the same pages at 1,000 and 10,000 events): the translation dashboard, each work list, the
XLIFF upload page and export, the admin's lists and forms of the saga, and the lists of
text rows.
"""

import pytest
from django.urls import reverse

from bench.desk import PAGE_QUERIES, editor, saga_pages
from bench.synthetic import synthetic_saga_create
from events.models import Saga

pytestmark = pytest.mark.django_db
SIZES = {"small": 30, "large": 300}
# Queries per page at each size, pinned: a query more, or one that grows with the saga,
# shows up here. A work list with nothing in a state skips reading a page of rows. The
# export reads its objects a batch of 500 at a time (its memory does not grow), so it
# takes two queries more per batch; its goal is time and memory, not a count.
PINNED = {
    "work list, all": (8, 8),
    "work list, missing": (7, 8),
    "work list, search": (8, 8),
    "work list, last page": (8, 8),
    "XLIFF upload page": (6, 6),
    "event list of the saga": (19, 19),
    "admin event search": (15, 15),
    "event form": (27, 27),
    "saga form": (18, 18),
    "chapter list of the saga": (10, 10),
    "chapter form": (21, 21),
    "citation list of the saga": (11, 11),
    "citation form": (25, 25),
    "XLIFF export": (20, 22),
    "XLIFF export .gz": (20, 22),
}
NOT_PINNED = set()
TEXT_ROW_LISTS = ["eventtranslation", "citationtranslation", "chaptertranslation"]


@pytest.fixture
def desk_client(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for slug, events in SIZES.items():
        synthetic_saga_create(slug=slug, events=events, seed=3)
    client.force_login(editor())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def pages_of(saga):
    export = reverse("translations:xliff_export", args=[saga.slug, "en"])
    return [*saga_pages(saga), ("XLIFF export", export), ("XLIFF export .gz", export + "?gzip=1")]


def queries_of(client, url, django_assert_max_num_queries, ceiling=PAGE_QUERIES - 1):
    client.get(url)  # the first request pays the process's one-off look-ups
    with django_assert_max_num_queries(ceiling) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


def test_each_desk_page_costs_the_pinned_queries_for_a_small_and_a_large_saga(
    desk_client, django_assert_max_num_queries
):
    counts = {}
    for slug in SIZES:
        for name, url in pages_of(Saga.objects.get(slug=slug)):
            if name in NOT_PINNED:
                continue
            counts.setdefault(name, []).append(
                queries_of(desk_client, url, django_assert_max_num_queries, ceiling=100)
            )
    assert {name: tuple(found) for name, found in counts.items()} == PINNED
    pages = [name for name in PINNED if not name.startswith("XLIFF export")]
    assert all(max(PINNED[name]) < PAGE_QUERIES for name in pages)


def test_the_dashboard_and_the_text_row_lists_stay_under_the_ceiling(
    desk_client, django_assert_max_num_queries
):
    urls = [reverse("translations:dashboard"), reverse("admin:index")] + [
        reverse(f"admin:{app}_{model}_changelist")
        for app, model in [("events", m) for m in TEXT_ROW_LISTS]
        + [("people", "persontranslation")]
    ]
    for url in urls:
        queries_of(desk_client, url, django_assert_max_num_queries)
