"""
Filling the stored text digests (``DigestField``) of rows written before the field existed.

Used by the data migrations that add the columns: historical models have no methods, so the
text fields are named here, and the digest is the machinery's own ``text_digest``.
"""

from translations.machinery import text_digest

BATCH = 2000


def fill_digests(apps, schema_editor, *, model: str, fields: tuple[str, ...], digest_field: str):
    """Set ``digest_field`` of every row of ``model`` ("app.Model") from ``fields``, in batches."""
    historical = apps.get_model(model)
    rows = historical._default_manager.using(schema_editor.connection.alias)
    pending = []
    for row in rows.only("pk", *fields).order_by("pk").iterator(chunk_size=BATCH):
        texts = {name: getattr(row, name) or "" for name in fields}
        # A row holding a source of its own (a citation's quote) has no digest when empty.
        empty = digest_field != "texts_digest" and not any(texts.values())
        setattr(row, digest_field, "" if empty else text_digest(texts))
        pending.append(row)
        if len(pending) >= BATCH:
            rows.bulk_update(pending, [digest_field])
            pending = []
    if pending:
        rows.bulk_update(pending, [digest_field])


def filler(model: str, fields: tuple[str, ...], digest_field: str = "texts_digest"):
    """Return a ``RunPython`` function filling one model's digests."""

    def run(apps, schema_editor):
        fill_digests(apps, schema_editor, model=model, fields=fields, digest_field=digest_field)

    return run
