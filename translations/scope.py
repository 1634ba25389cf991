"""
Which translatable objects make up a saga: what the dashboard counts and XLIFF exports.

Every concrete ``TranslatableModel`` takes part without being listed here: a model with
``saga_lookups`` names its own way to the saga; a model without (an image) belongs to a
saga when an object of the saga refers to it by a foreign key.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.db import models

from translations.machinery import TranslatableModel, translations_prefetch


def translatable_models() -> list[type[TranslatableModel]]:
    """Return every concrete translatable model, the saga model first, then by name."""
    found = [
        model
        for model in apps.get_models()
        if issubclass(model, TranslatableModel) and not model._meta.abstract
    ]
    return sorted(found, key=lambda m: ("pk" not in m.saga_lookups, m._meta.label_lower))


def saga_model() -> type[TranslatableModel]:
    """Return the model whose objects are sagas (the one that is its own saga)."""
    return next(model for model in translatable_models() if "pk" in model.saga_lookups)


def model_key(model) -> str:
    """Return the short stable name of a model, such as ``events.event``."""
    return model._meta.label_lower


def model_by_key(key: str) -> type[TranslatableModel] | None:
    return next((m for m in translatable_models() if model_key(m) == key), None)


def for_states(queryset: models.QuerySet) -> models.QuerySet:
    """
    Add what labels, natural keys and row states read: every text row (with its state), the
    objects the non-null foreign keys point to (the saga of an event, the source of a
    quote, which give their original language).
    """
    model = queryset.model
    return queryset.select_related().prefetch_related(translations_prefetch("translations", model))


def _members(model, lookup: str, saga_pk) -> models.QuerySet:
    """
    Return the objects of ``model`` that ``lookup`` (a path from ``model`` to the saga)
    puts in the saga. Each step through a to-many relation is a subquery of the ids it
    reaches, never a join: a join through two to-many steps repeats each object once per
    path (30,000 involvements for 500 people at newsroom scale), and the ids reached in one
    step are few (the people of a saga) however many rows lead to them.
    """
    manager = model._default_manager
    if lookup == "pk":
        return manager.filter(pk=saga_pk)
    name, _, rest = lookup.partition("__")
    field = model._meta.get_field(name)
    if field.concrete and not field.many_to_many:  # a foreign key here: its ids
        if not rest:
            return manager.filter(**{name: saga_pk})
        return manager.filter(**{f"{name}__in": _members(field.related_model, rest, saga_pk)})
    # A to-many step: the saga's objects at the other end name the ones here.
    related = field.related_model
    back = field.remote_field.name if field.concrete else field.field.name
    if not rest:
        there = related._default_manager.filter(pk=saga_pk)
    else:
        there = _members(related, rest, saga_pk)
    return manager.filter(pk__in=there.filter(**{f"{back}__isnull": False}).values(back))


def saga_members(model, saga) -> models.QuerySet:
    """Return the objects of ``model`` that belong to ``saga`` (by its ``saga_lookups``)."""
    lookups = model.saga_lookups
    if not lookups:
        return model._default_manager.none()
    if len(lookups) == 1:
        return _members(model, lookups[0], saga.pk)
    # One IN over a UNION, not IN OR IN: PostgreSQL cannot make a semi-join of an OR, and
    # runs each subquery object by object, through every saga's rows.
    ids = [_members(model, lookup, saga.pk).values("pk").order_by() for lookup in lookups]
    return model._default_manager.filter(pk__in=ids[0].union(*ids[1:]))


def saga_querysets(saga) -> Iterator[tuple[type[TranslatableModel], models.QuerySet]]:
    """Yield each translatable model with the queryset of its objects in ``saga``."""
    direct = [m for m in translatable_models() if m.saga_lookups]
    for model in direct:
        yield model, saga_members(model, saga)
    for model in translatable_models():
        if model.saga_lookups:
            continue
        referenced = models.Q(pk__in=[])
        for member in direct:
            for field in member._meta.concrete_fields:
                if field.is_relation and field.related_model is model:
                    # Only the rows that refer to one (the foreign key's index finds them).
                    refers = saga_members(member, saga).filter(
                        **{f"{field.attname}__isnull": False}
                    )
                    referenced |= models.Q(pk__in=refers.values(field.attname))
        yield model, model._default_manager.filter(referenced)
