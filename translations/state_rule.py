"""
The state of a text, as the database works it out: the one definition.

Every badge, filter, count and work list reads it, and so do ``Translation.state`` and
``TranslatableModel.translation_state``, which only read what these expressions annotated
(or ask the database for it when nothing did). The rule:

- a row in the language: *stale* when it is a translation (not the source language) of a
  source text whose stored digest (``texts_digest``, or the ``<field>_digest`` of a model
  with an inline source such as a citation's quote) differs from the digest it was made
  from (``source_digest``); otherwise its status;
- no row: *approved* for a model whose source text is a field of its own, in the original
  language, when that field is filled; otherwise *missing*.
"""

from __future__ import annotations

from django.db import models
from django.db.models import (
    Case,
    CharField,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from core.languages import TranslationState

# The annotation a translation row's state is read from (``Translation.state``).
ROW_STATE = "db_state"


def state_column(language_code: str) -> str:
    """The annotation ``with_states`` gives an object's state in ``language_code``."""
    return f"state_{language_code}"


def _alias(language_code: str, what: str) -> str:
    return f"_st_{what}_{language_code.replace('-', '_')}"


def row_alias(language_code: str) -> str:
    """The relation ``with_states`` joins an object's row in ``language_code`` through."""
    return _alias(language_code, "row")


def row_relation(model, language_code: str) -> FilteredRelation:
    return FilteredRelation("translations", condition=Q(translations__language_code=language_code))


def _source_relation(model) -> FilteredRelation:
    return FilteredRelation(
        "translations",
        condition=Q(translations__language_code=F(model.original_language_path)),
    )


def inline_present(model, prefix: str = "") -> Q:
    """Whether the object (at ``prefix``) has its inline source text filled in."""
    return ~Q(**{f"{prefix}{model.inline_source_field}": ""})


def source_digest_expression(model, source_alias: str | None, prefix: str = ""):
    """
    The stored digest of the current source text of the object at ``prefix`` ("" or a path
    ending in "__"), NULL when there is none; ``source_alias`` is the relation its source row
    is joined through (models without an inline source).
    """
    if model.inline_source_field:
        field = f"{prefix}{model.inline_source_field}"
        return Case(
            When(**{field: ""}, then=Value(None, output_field=CharField())),
            default=F(f"{field}_digest"),
            output_field=CharField(),
        )
    return F(f"{source_alias}__texts_digest")


def row_state(row: str, source_digest: str, is_original: Q) -> Case:
    """
    The state of the row at ``row`` (a relation alias, or "" for the row itself): *stale*
    when it is not the source text and was made from another source text than the current
    one (the annotation ``source_digest``), else its status.
    """
    prefix = f"{row}__" if row else ""
    stale = (
        ~is_original
        & Q(**{f"{source_digest}__isnull": False})
        & ~Q(**{f"{prefix}source_digest": F(source_digest)})
    )
    return Case(
        When(stale, then=Value(TranslationState.STALE.value)),
        default=F(f"{prefix}status"),
        output_field=CharField(),
    )


def object_state(model, language_code: str, row: str, source_digest: str, prefix: str = "") -> Case:
    """The state of the object (at ``prefix``) in ``language_code``, its row joined as ``row``."""
    is_original = Q(**{f"{prefix}{model.original_language_path}": language_code})
    whens = [
        When(
            # Any column of the row that is never NULL: the language, read from an index.
            Q(**{f"{row}__language_code__isnull": False}),
            then=row_state(row, source_digest, is_original),
        )
    ]
    if model.inline_source_field:
        whens.append(
            When(
                is_original & inline_present(model, prefix),
                then=Value(TranslationState.APPROVED.value),
            )
        )
    return Case(*whens, default=Value(TranslationState.MISSING.value), output_field=CharField())


def with_states(queryset: models.QuerySet, languages) -> models.QuerySet:
    """
    Annotate ``state_<code>`` (``state_column``) for each language not annotated yet: the
    object's badge, as SQL.
    """
    model = queryset.model
    languages = [code for code in languages if state_column(code) not in queryset.query.annotations]
    if not languages:
        return queryset
    relations = {}
    if "_st_source_digest" not in queryset.query.annotations:
        if not model.inline_source_field:
            relations["_st_source"] = _source_relation(model)
        queryset = queryset.alias(**relations).alias(
            _st_source_digest=source_digest_expression(model, "_st_source")
        )
    queryset = queryset.alias(**{row_alias(code): row_relation(model, code) for code in languages})
    return queryset.annotate(
        **{
            state_column(code): object_state(model, code, row_alias(code), "_st_source_digest")
            for code in languages
        }
    )


def in_state(queryset: models.QuerySet, language_code: str, state: str) -> models.QuerySet:
    """Return the objects of ``queryset`` whose text in ``language_code`` is in ``state``."""
    return with_states(queryset, [language_code]).filter(**{state_column(language_code): state})


def with_row_state(rows: models.QuerySet) -> models.QuerySet:
    """Annotate each translation row of ``rows`` with its state (``ROW_STATE``)."""
    if ROW_STATE in rows.query.annotations:
        return rows
    translation_model = rows.model
    parent_field = translation_model.parent_field
    model = translation_model._meta.get_field(parent_field).related_model
    original = f"{parent_field}__{model.original_language_path}"
    if model.inline_source_field:
        digest = source_digest_expression(model, None, prefix=f"{parent_field}__")
    else:
        digest = Subquery(
            translation_model._default_manager.filter(
                **{parent_field: OuterRef(parent_field), "language_code": OuterRef(original)}
            ).values("texts_digest")[:1],
            output_field=CharField(),
        )
    return rows.alias(_st_row_source_digest=digest).annotate(
        **{ROW_STATE: row_state("", "_st_row_source_digest", Q(language_code=F(original)))}
    )


def joined_row_states(model, alias: str, prefix: str) -> tuple[dict, dict]:
    """
    The states of the rows ``join_texts`` joins as ``<alias>_asked`` and ``<alias>_source``
    for the object at ``prefix`` ("" or a path ending in "__"): ``(aliases, annotations)``,
    the annotations named ``<alias>_asked_state`` and ``<alias>_source_state``, read from
    the rows already joined.
    """
    original = F(f"{prefix}{model.original_language_path}")
    digest = f"{alias}_source_digest"
    aliases = {digest: source_digest_expression(model, f"{alias}_source", prefix)}
    states = {}
    for which in ("asked", "source"):
        row = f"{alias}_{which}"
        is_original = Q(**{f"{row}__language_code": original})
        states[f"{row}_state"] = row_state(row, digest, is_original)
    return aliases, states
