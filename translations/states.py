"""
Translation states counted and listed by the database: the dashboard's counts and the work
lists, from the one definition of a text's state (``translations.state_rule``), so a saga of
10,000 events is counted by aggregate queries and listed a page at a time instead of loaded
whole.

Only real work is listed: an object whose source text is an empty field of its own (a
citation without a quote) and that has no text row is nothing to translate.

Each saga's objects are found by ``in_saga`` (indexed lookups of that saga alone), so one
saga never pays for another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from translations.machinery import TranslationState
from translations.scope import model_key, saga_querysets
from translations.state_rule import (
    inline_present,
    row_alias,
    row_relation,
    state_column,
    with_states,
)

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
SORTS = {
    # name: the union's columns to order by (newest first by default)
    "new": ("-item_newness", "-object_pk"),
    "old": ("item_newness", "object_pk"),
    "label": ("item_label", "object_pk"),
    "-label": ("-item_label", "-object_pk"),
    "kind": ("item_kind", "-item_newness", "-object_pk"),
    "state": ("item_state", "-item_newness", "-object_pk"),
}
DEFAULT_SORT = "new"


def with_work(model, queryset: models.QuerySet) -> models.QuerySet:
    """Leave out what there is nothing to translate of (a citation without a quote)."""
    if not model.inline_source_field:
        return queryset
    rows = model.translation_model()._default_manager.filter(
        **{model.translation_model().parent_field: OuterRef("pk")}
    )
    return queryset.filter(inline_present(model) | Exists(rows))


def saga_state_queries(saga, languages):
    """Yield, per translatable model, the saga's objects with their states (real work only)."""
    for model, queryset in saga_querysets(saga):
        yield model, with_states(with_work(model, queryset.order_by()), languages)


# ------------------------------------------------------------------------------
# Counts: one aggregate query per saga
# ------------------------------------------------------------------------------


def state_counts(saga, languages) -> dict[str, dict[str, dict[str, int]]]:
    """
    Return ``{language: {kind: {state: count}}}`` for ``saga``: one query (a UNION ALL of one
    grouped query per model), whatever the saga's size.
    """
    languages = list(languages)
    counts = {code: {} for code in languages}
    if not languages:
        return counts
    columns = ["item_kind", *(state_column(code) for code in languages)]
    parts = [
        queryset.annotate(item_kind=Value(model_key(model), output_field=CharField()))
        .values(*columns)
        .annotate(number=Count("pk"))
        .values(*columns, "number")
        .order_by()
        for model, queryset in saga_state_queries(saga, languages)
    ]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for row in combined:
        for code in languages:
            kinds = counts[code].setdefault(row["item_kind"], {})
            state = row[state_column(code)]
            kinds[state] = kinds.get(state, 0) + row["number"]
    return counts


def totals(counts_by_kind: dict[str, dict[str, int]], kind: str = "") -> dict[str, int]:
    """Add up one language's counts over every kind (or for one kind)."""
    found = {state.value: 0 for state in TranslationState}
    for key, states in counts_by_kind.items():
        if kind and key != kind:
            continue
        for state, number in states.items():
            found[state] = found.get(state, 0) + number
    return found


# ------------------------------------------------------------------------------
# Work list: one page of a sorted, searched UNION
# ------------------------------------------------------------------------------


@dataclass
class WorkItem:
    kind: str
    object_pk: int
    row_pk: int | None
    label: str
    state: TranslationState
    newness: dt.datetime
    is_source: bool


def _label_expression(model, ui_alias: str, source_alias: str | None):
    field = model.translation_model().translated_fields[0]
    options = [NullIf(F(f"{ui_alias}__{field}"), Value(""))]
    if model.inline_source_field:
        options.append(NullIf(F(model.inline_source_field), Value("")))
    else:
        options.append(NullIf(F(f"{source_alias}__{field}"), Value("")))
    return Coalesce(*options, Value(""), output_field=CharField())


def _newness_expression(model):
    path = model.newness_path
    if not path and any(f.name == "created_at" for f in model._meta.concrete_fields):
        path = "created_at"
    if not path:
        return Value(EPOCH, output_field=DateTimeField())
    return Coalesce(F(path), Value(EPOCH, output_field=DateTimeField()))


def work_items(
    saga,
    language_code: str,
    interface_language: str,
    *,
    state: str = "",
    kind: str = "",
    search: str = "",
) -> models.QuerySet:
    """
    Return the saga's work list in ``language_code`` as one UNION queryset of dictionaries
    (item_kind, object_pk, row_pk, item_label, item_state, item_newness, item_is_source), to
    be ordered with ``SORTS`` and sliced a page at a time; ``.count()`` counts it in SQL.
    """
    parts = []
    column = state_column(language_code)
    for model, queryset in saga_state_queries(saga, [language_code]):
        key = model_key(model)
        if kind and kind != key:
            continue
        row = row_alias(language_code)
        if interface_language != language_code:
            ui = f"_st_ui_{interface_language.replace('-', '_')}"
            queryset = queryset.alias(**{ui: row_relation(model, interface_language)})
        else:
            ui = row
        queryset = queryset.annotate(
            item_kind=Value(key, output_field=CharField()),
            object_pk=F("pk"),
            row_pk=Coalesce(F(f"{row}__id"), Value(None, output_field=IntegerField())),
            item_label=_label_expression(model, ui, "_st_source"),
            item_state=F(column),
            item_newness=_newness_expression(model),
            item_is_source=Case(
                When(Q(**{model.original_language_path: language_code}), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        if state:
            queryset = queryset.filter(**{column: state})
        if search:
            field = model.translation_model().translated_fields[0]
            matches = Q(item_label__icontains=search) | Q(**{f"{row}__{field}__icontains": search})
            if model.inline_source_field:
                matches |= Q(**{f"{model.inline_source_field}__icontains": search})
            else:
                matches |= Q(**{f"_st_source__{field}__icontains": search})
            queryset = queryset.filter(matches)
        parts.append(
            queryset.values(
                "item_kind",
                "object_pk",
                "row_pk",
                "item_label",
                "item_state",
                "item_newness",
                "item_is_source",
            ).order_by()
        )
    if not parts:
        raise ValueError(f"No translatable model is called {kind!r}.")
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def as_item(row: dict) -> WorkItem:
    return WorkItem(
        kind=row["item_kind"],
        object_pk=row["object_pk"],
        row_pk=row["row_pk"],
        label=row["item_label"] or "",
        state=TranslationState(row["item_state"]),
        newness=row["item_newness"],
        is_source=bool(row["item_is_source"]),
    )


__all__ = [
    "DEFAULT_SORT",
    "SORTS",
    "WorkItem",
    "as_item",
    "state_counts",
    "totals",
    "with_states",
    "work_items",
]
