"""
Revisions written for many objects at once: one revision per batch.

A bulk action changes thousands of objects; saving a revision per object (as a form does)
costs a transaction and about twenty queries each. Here the versions of a batch (each object
with the rows it follows: an event with its texts, people, citations and quotes) are
serialized ahead, from rows loaded with their relations prefetched, exactly as
django-reversion would store them; ``save_revision`` then writes one revision and its
versions with one bulk insert, inside the transaction that applies the change.

The serialized text is kept compressed until it is written, so preparing 10,000 events
holds a few tens of megabytes, not hundreds.
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from dataclasses import dataclass

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils import timezone
from django.utils.encoding import force_str
from reversion.models import Revision, Version
from reversion.revisions import _follow_relations_recursive, _get_content_type, _get_options


@dataclass(frozen=True, slots=True)
class PreparedVersion:
    content_type_id: int
    object_id: str
    db: str
    format: str
    data: bytes  # the serialized row, zlib-compressed
    object_repr: str


def prepare_versions(objects) -> list[PreparedVersion]:
    """Serialize ``objects`` and every row they follow, as they are now in memory."""
    by_model, seen = defaultdict(list), set()
    for obj in objects:
        for row in _follow_relations_recursive(obj):
            key = (type(row), row.pk)
            if row.pk is not None and key not in seen:
                seen.add(key)
                by_model[type(row)].append(row)
    prepared = []
    for model, rows in by_model.items():
        options = _get_options(model)
        if options.format != "json":  # not used here; reversion's own path, one at a time
            raise ValueError(f"{model.__name__}: only JSON versions are prepared in bulk")
        db = router.db_for_write(model)
        content_type_id = _get_content_type(model, db).pk
        # Django's "python" serializer once per model, then each row as the "json" serializer
        # writes it (a one-item list): the same text reversion stores, without building a
        # serializer per row.
        dicts = serializers.serialize(
            "python",
            rows,
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        )
        for row, data in zip(rows, dicts, strict=True):
            text = json.dumps([data], cls=DjangoJSONEncoder, ensure_ascii=False)
            prepared.append(
                PreparedVersion(
                    content_type_id=content_type_id,
                    object_id=force_str(getattr(row, options.object_id_field)),
                    db=db,
                    format=options.format,
                    data=zlib.compress(text.encode(), 1),
                    object_repr=force_str(row)[:191],
                )
            )
    return prepared


def save_revision(prepared: list[PreparedVersion], *, user, comment: str, using=None) -> Revision:
    """Write one revision holding ``prepared`` (call it in the transaction that applies them)."""
    using = using or DEFAULT_DB_ALIAS
    revision = Revision.objects.using(using).create(
        date_created=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
    )
    rows = (
        (
            revision.pk,
            version.object_id,
            version.content_type_id,
            version.db,
            version.format,
            zlib.decompress(version.data).decode(),
            version.object_repr,
        )
        for version in prepared
    )
    # Thousands of rows: no model instance each (bulk_create spent most of its time there, and
    # on PostgreSQL in quoting its arrays); COPY on PostgreSQL, one prepared INSERT elsewhere.
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(Version._meta.db_table)
    columns = ", ".join(quote(Version._meta.get_field(name).column) for name in VERSION_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(VERSION_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows))
    return revision


VERSION_COLUMNS = (
    "revision",
    "object_id",
    "content_type",
    "db",
    "format",
    "serialized_data",
    "object_repr",
)
