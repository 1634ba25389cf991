"""
A kept PostgreSQL connection is checked before each request's first query
(``CONN_HEALTH_CHECKS``) without a round trip while it has nothing to read
(``saga_cms/postgresql/base.py``); one the database ended is still replaced.
"""

import select
import time

import pytest
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoDatabaseWrapper

from saga_cms.settings import database_settings
from tests.databases import skip_unless_postgresql

postgresql_only = skip_unless_postgresql("the health check is the PostgreSQL backend's")
# Out of a test transaction: a connection between requests is idle, not in a transaction.
committed = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept_connection():
    """A connection of its own, kept between requests as CONN_MAX_AGE keeps it in production."""
    connection = connections.create_connection("default")
    connection.settings_dict = {
        **connection.settings_dict,
        "CONN_MAX_AGE": None,
        "CONN_HEALTH_CHECKS": True,
    }
    yield connection
    connection.close()


@pytest.fixture
def round_trip_checks(monkeypatch):
    """Each ``SELECT 1`` health check the backend asks, by the answer it got."""
    asked = []
    is_usable = DjangoDatabaseWrapper.is_usable

    def counted(self):
        asked.append(is_usable(self))
        return asked[-1]

    monkeypatch.setattr(DjangoDatabaseWrapper, "is_usable", counted)
    return asked


def a_request(connection) -> int:
    """What a request does with the connection: its start, then a query (the backend's pid)."""
    connection.close_if_unusable_or_obsolete()  # close_old_connections, as a request starts
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def wait_for_goodbye(connection, seconds: float = 10) -> None:
    """Wait until the server's goodbye to ``connection`` reaches its socket: ending a
    session signals its process, which closes it soon after, not at once."""
    poller = select.poll()
    poller.register(connection.connection.pgconn.socket, select.POLLIN)
    deadline = time.monotonic() + seconds
    while not poller.poll(50):
        assert time.monotonic() < deadline, "the ended session's socket stayed silent"


@postgresql_only
@committed
def test_a_kept_connection_with_nothing_to_read_is_used_without_asking(
    kept_connection, round_trip_checks
):
    first = a_request(kept_connection)

    assert [a_request(kept_connection) for _ in range(3)] == [first] * 3
    assert round_trip_checks == []


@postgresql_only
@committed
def test_a_connection_the_database_ended_is_replaced_before_the_request_uses_it(
    kept_connection, round_trip_checks
):
    ended = a_request(kept_connection)
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
    other.close()
    wait_for_goodbye(kept_connection)

    replaced = a_request(kept_connection)

    assert replaced != ended
    assert round_trip_checks == [False]  # asked once, as something was there to read


def test_the_site_runs_on_the_checking_backend():
    postgres = database_settings({"ENGINE": "django.db.backends.postgresql", "NAME": "saga"})

    assert postgres["ENGINE"] == "saga_cms.postgresql"
