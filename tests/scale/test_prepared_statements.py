"""
On PostgreSQL a query that a connection keeps asking is parsed and planned once
(``saga_cms.settings.database_settings``): every cached read asks the versions query, and
planning it cost the database more than running it.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from saga_cms.settings import database_settings
from tests.databases import skip_unless_postgresql
from tests.scenarios import saga

pytestmark = pytest.mark.django_db

postgresql_only = skip_unless_postgresql("prepared statements are PostgreSQL's")


@postgresql_only
def test_the_versions_query_of_cached_reads_is_prepared(client):
    saga("prepared", ja={"title": "準備された物語"})
    for _ in range(8):
        assert client.get("/ja/sagas/prepared/").status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]

    assert any('FROM "core_contentversion"' in statement for statement in prepared), prepared


def test_prepared_statements_can_be_turned_off_for_a_connection_pooler(monkeypatch):
    monkeypatch.delenv("DJANGO_DB_PREPARE_THRESHOLD", raising=False)
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "saga"}
    assert database_settings(dict(postgres))["OPTIONS"]["prepare_threshold"] == 5

    monkeypatch.setenv("DJANGO_DB_PREPARE_THRESHOLD", "off")
    options = database_settings(dict(postgres))["OPTIONS"]

    assert "prepare_threshold" not in options
    assert "server_side_binding" not in options


def test_a_threshold_that_is_not_a_number_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("DJANGO_DB_PREPARE_THRESHOLD", "five")

    with pytest.raises(ImproperlyConfigured, match="DJANGO_DB_PREPARE_THRESHOLD.*'five'"):
        database_settings({"ENGINE": "django.db.backends.postgresql", "NAME": "saga"})
