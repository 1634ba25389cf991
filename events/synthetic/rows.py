"""
Translation rows of generated objects, written the way ``Translation.record_source`` would.

Each row that is not the source text records the digest and a snapshot of the source text
it was made from, so approved translations are current; a row made from an earlier source
text (``made_from``) is stale, exactly as if the source had been edited afterwards.
"""

from django.db.models import JSONField, Value

from saga_cms.translation import TranslationOrigin, TranslationStatus, text_digest

LANGUAGES = ("ja", "en")
MACHINE_ENGINE = "synthetic machine translation"
APPROVED = (TranslationStatus.APPROVED, TranslationOrigin.HUMAN)
MACHINE = (TranslationStatus.MACHINE, TranslationOrigin.MACHINE)
IN_REVIEW = (TranslationStatus.IN_REVIEW, TranslationOrigin.HUMAN)
DRAFT = (TranslationStatus.DRAFT, TranslationOrigin.HUMAN)


def other_language(language: str) -> str:
    return "en" if language == "ja" else "ja"


def snapshot(texts: dict[str, str]) -> Value:
    """
    Return a source snapshot as an expression, which makes bulk_create use INSERT ... VALUES.

    On PostgreSQL, Django 5.2 bulk-inserts through UNNEST of one array per column, and the
    server (before version 17) parses a jsonb[] array of Japanese text, sent as \\u escapes,
    about twenty times slower than the same values one by one.
    """
    return Value(texts, output_field=JSONField())


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
                source_snapshot={} if is_source else snapshot(basis),
                reviewed_at=at if status == TranslationStatus.APPROVED else None,
                **row_texts,
            )
        )
    return rows
