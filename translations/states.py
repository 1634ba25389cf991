"""
Translation states counted and listed by the database: the dashboard's counts and the work
lists, from the one definition of a text's state (``translations.state_rule``), so a saga of
10,000 events is counted by aggregate queries and listed a page at a time instead of loaded
whole.

Only real work is listed: an object whose source text is an empty field of its own (a
citation without a quote) and that has no text row is nothing to translate.

Each saga's objects are found by ``scope.saga_members`` (indexed lookups of that saga alone), so one
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


ITEM_COLUMNS = (
    "item_kind",
    "object_pk",
    "row_pk",
    "item_label",
    "item_state",
    "item_newness",
    "item_is_source",
)


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


def _reversed(ordering: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name[1:] if name.startswith("-") else f"-{name}" for name in ordering)


def _item_columns(model, queryset, language_code: str, interface_language: str, needed):
    """
    Annotate the work-list columns ``needed`` (names of ``ITEM_COLUMNS``) on ``queryset``,
    joining only the text rows they read: the keys and the date need none.
    """
    key = model_key(model)
    columns = {
        "item_kind": Value(key, output_field=CharField()),
        "object_pk": F("pk"),
        "item_newness": _newness_expression(model),
        "item_is_source": Case(
            When(Q(**{model.original_language_path: language_code}), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    }
    texts = {"row_pk", "item_label", "item_state"} & set(needed)
    if texts:
        queryset = with_states(queryset, [language_code])
        row = row_alias(language_code)
        columns["row_pk"] = Coalesce(F(f"{row}__id"), Value(None, output_field=IntegerField()))
        columns["item_state"] = F(state_column(language_code))
    if "item_label" in needed:
        ui = row_alias(language_code)
        if interface_language != language_code:
            ui = f"_st_ui_{interface_language.replace('-', '_')}"
            queryset = queryset.alias(**{ui: row_relation(model, interface_language)})
        columns["item_label"] = _label_expression(model, ui, "_st_source")
    return queryset.annotate(**{name: columns[name] for name in needed})


def _search(model, queryset, language_code: str, search: str):
    field = model.translation_model().translated_fields[0]
    row = row_alias(language_code)
    matches = Q(item_label__icontains=search) | Q(**{f"{row}__{field}__icontains": search})
    if model.inline_source_field:
        matches |= Q(**{f"{model.inline_source_field}__icontains": search})
    else:
        matches |= Q(**{f"_st_source__{field}__icontains": search})
    return queryset.filter(matches)


def work_items(
    saga,
    language_code: str,
    interface_language: str,
    *,
    state: str = "",
    kind: str = "",
    search: str = "",
    sort: str = DEFAULT_SORT,
    reverse: bool = False,
    window: int | None = None,
) -> models.QuerySet:
    """
    Return the saga's work list in ``language_code`` as one sorted UNION queryset of
    dictionaries (``ITEM_COLUMNS``), to be sliced a page at a time; ``.count()`` counts
    it in SQL. ``reverse`` reads it from the end.

    With ``window`` (the end of the slice to be read), each model's part first picks the
    keys of its own first ``window`` objects in that order, from a query that joins only
    what the filter and the sort read; only those objects get their texts and states.
    """
    ordering = SORTS[sort] + ("item_kind",)
    if reverse:
        ordering = _reversed(ordering)
    # What the choice of the objects reads, beside their keys.
    choosing = ["object_pk", *(c.lstrip("-") for c in ordering if c.lstrip("-") != "object_pk")]
    if state:
        choosing.append("item_state")
    if search:
        choosing.append("item_label")
    choosing = list(dict.fromkeys(choosing))
    parts = []
    for model, queryset in saga_querysets(saga):
        key = model_key(model)
        if kind and kind != key:
            continue
        chosen = _item_columns(
            model, with_work(model, queryset), language_code, interface_language, choosing
        )
        if state:
            chosen = chosen.filter(item_state=state)
        if search:
            chosen = _search(model, chosen, language_code, search)
        if window is None:
            rest = [name for name in ITEM_COLUMNS if name not in choosing]
            shown = _item_columns(model, chosen, language_code, interface_language, rest)
        else:
            part_order = [name for name in ordering if name.lstrip("-") != "item_kind"]
            keys = chosen.order_by(*part_order).values("pk")[:window]
            shown = _item_columns(
                model,
                model._default_manager.filter(pk__in=keys),
                language_code,
                interface_language,
                ITEM_COLUMNS,
            )
        parts.append(shown.values(*ITEM_COLUMNS).order_by())
    if not parts:
        raise ValueError(f"No translatable model is called {kind!r}.")
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by(*ordering)


class WorkList:
    """
    A work list as a paginator reads it: its length (counted by the database unless told)
    and a slice, read from whichever end of the list is nearer (the last page of 30,000
    objects costs what the first does).
    """

    def __init__(self, saga, language_code: str, interface_language: str, *, count=None, **how):
        self.query = (saga, language_code, interface_language)
        self.how = how
        self.known = count

    def _items(self, **more) -> models.QuerySet:
        return work_items(*self.query, **self.how, **more)

    def count(self) -> int:
        if self.known is None:
            self.known = self._items().count()
        return self.known

    def __getitem__(self, part: slice) -> list[WorkItem]:
        start, stop = part.start or 0, min(part.stop, self.count())
        if start >= stop:
            return []
        if start > self.count() - stop:
            end = self.count() - start
            rows = list(self._items(reverse=True, window=end)[self.count() - stop : end])
            rows.reverse()
        else:
            rows = list(self._items(window=stop)[start:stop])
        return [as_item(row) for row in rows]


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
    "WorkList",
    "as_item",
    "state_counts",
    "totals",
    "with_states",
    "work_items",
]
