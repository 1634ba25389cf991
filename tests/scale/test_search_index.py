"""The admin's event search is served by trigram indexes on PostgreSQL."""

import pytest
from django.db import connection

from events.models import EventTranslation
from tests.databases import skip_unless_postgresql

pytestmark = pytest.mark.django_db

postgresql_only = skip_unless_postgresql("pg_trgm indexes exist on PostgreSQL only")


@postgresql_only
def test_the_admin_search_uses_the_trigram_index():
    # The admin's own lookup (icontains on the texts), as SQL, planned with scans off.
    searched = EventTranslation.objects.filter(headline__icontains="アルトマン").values("pk")
    sql, params = searched.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's table is tiny
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "events_eventtranslation_headline_trgm" in plan


@postgresql_only
def test_each_searched_column_has_its_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "events_eventtranslation_headline_trgm",
        "events_eventtranslation_summary_trgm",
        "events_eventtranslation_body_trgm",
        "events_eventtranslation_display_date_trgm",
        "events_event_slug_trgm",
    } <= names


@postgresql_only
def test_queries_are_not_jit_compiled():
    # Compiling a desk query took longer than running it (200-330 ms at 10,000 events).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
