"""
Translation rows of generated objects, written the way ``Translation.record_source`` would.

Each row that is not the source text records the digest and a snapshot of the source text
it was made from, so approved translations are current; a row made from an earlier source
text (``made_from``) is stale, exactly as if the source had been edited afterwards.

``insert_rows`` writes such rows (and any other rows nothing points to) in bulk.
"""

from django.db import connection

from translations.machinery import TranslationOrigin, TranslationStatus, text_digest

LANGUAGES = ("ja", "en")
MACHINE_ENGINE = "synthetic machine translation"
APPROVED = (TranslationStatus.APPROVED, TranslationOrigin.HUMAN)
MACHINE = (TranslationStatus.MACHINE, TranslationOrigin.MACHINE)
IN_REVIEW = (TranslationStatus.IN_REVIEW, TranslationOrigin.HUMAN)
DRAFT = (TranslationStatus.DRAFT, TranslationOrigin.HUMAN)
INSERT_BATCH = 500


def other_language(language: str) -> str:
    return "en" if language == "ja" else "ja"


def text_rows(model, parent, texts, *, original, source=None, statuses=None, made_from=None, at):
    """
    Return translation rows of ``model`` for ``parent``, one per language in ``texts``.

    ``source`` is the source text (default: ``texts[original]``); ``statuses`` maps a
    language to (status, origin) (default approved, by a person); ``made_from`` maps a
    language to the earlier source text a stale translation was made from.
    """
    source = texts[original] if source is None else source
    rows = []
    for language, row_texts in texts.items():
        status, origin = (statuses or {}).get(language, APPROVED)
        basis = (made_from or {}).get(language, source)
        is_source = language == original
        rows.append(
            model(
                **{model.parent_field: parent},
                language_code=language,
                status=status,
                origin=origin,
                origin_detail=MACHINE_ENGINE if origin == TranslationOrigin.MACHINE else "",
                origin_at=at if origin == TranslationOrigin.MACHINE else None,
                source_digest="" if is_source else text_digest(basis),
                source_snapshot={} if is_source else basis,
                reviewed_at=at if status == TranslationStatus.APPROVED else None,
                **row_texts,
            )
        )
    return rows


def insert_rows(model, objects: list) -> None:
    """
    Insert rows that nothing else points to, the fastest way the database offers.

    bulk_create compiles every value into SQL text (and gives ids back); rows whose ids no
    one needs go in as COPY on PostgreSQL, and as one prepared INSERT run for every row
    elsewhere: several times faster for wide rows of Japanese text and JSON snapshots.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    rows = ([column_value(obj, f) for f in fields] for obj in objects)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def column_value(obj, field):
    """Return what to store for ``field`` (a foreign key may name a parent saved since)."""
    if field.is_relation and getattr(obj, field.attname) is None:
        parent = getattr(obj, field.name)  # the instance given at construction, or None
        return None if parent is None else parent.pk
    return field.get_db_prep_save(field.pre_save(obj, add=True), connection)
