"""
Trigram indexes for the admin's event search, on PostgreSQL only (SQLite has no pg_trgm).

The admin searches with ``icontains``, which Django writes on PostgreSQL as
``UPPER(column::text) LIKE UPPER('%words%')``: a GIN index of ``gin_trgm_ops`` on that very
expression serves it, for Japanese and English alike (trigrams need no word splitting).
"""

from django.db import migrations

COLUMNS = [
    ("events_eventtranslation", "headline"),
    ("events_eventtranslation", "summary"),
    ("events_eventtranslation", "body"),
    ("events_eventtranslation", "display_date"),
    ("events_event", "slug"),
]


def index_name(table, column):
    return f"{table}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [("events", "0007_stored_text_digests")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
