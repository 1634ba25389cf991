"""
A page of a saga's events is an index walk that stops after its events: the database never
joins and sorts the whole saga for a page of 50.

Events are ordered by their saga's id, not by the saga itself: ordering by a relation
orders by that model's own ordering (the saga's slug), which joins the sagas table into
the sort, and no index of the events can give that order. On PostgreSQL a timeline page of
a 2,000-event saga then joined every event's texts and sorted them (19-21 ms of the
database's time, against 0.4-0.8 ms walking the index).

PostgreSQL only: with sorts priced out its plan shows whether an index can give the order.
SQLite's planner picks between a sort and the index by the test's few rows (both were seen
for the same query), so its plan here says nothing about a saga of thousands.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.databases import skip_unless_postgresql
from tests.scenarios import wide_saga

pytestmark = [
    pytest.mark.django_db,
    skip_unless_postgresql("see the module's docstring"),
]


def page_query(client, path: str) -> str:
    """The query that reads the page of events the answer at ``path`` shows."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    pages = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "events_event"."id"') and "LIMIT" in query["sql"]
    ]
    assert len(pages) == 1, pages
    return pages[0]


def plan_of(sql: str) -> str:
    """The database's plan for ``sql``, as text, where no plan may sort by itself."""
    with connection.cursor() as cursor:
        # Only the test's few rows would make the planner prefer a sort to the index; with
        # sorts priced out, a plan that still sorts has no index that gives the order.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "path",
    ["/ja/sagas/big/", "/api/v1/events/?saga=big&page_size=3"],
    ids=["timeline page", "API list"],
)
def test_a_page_of_events_walks_the_timeline_index(client, path):
    wide_saga(6)

    plan = plan_of(page_query(client, path))

    assert "Sort" not in plan, plan
