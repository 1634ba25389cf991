"""
Natural keys: how fixtures name rows, and a memory of them for the length of one load.

Deserialising a fixture looks every object up by its natural key (is it already there?),
every foreign key by the natural key of what it points at, and builds the natural key of
translation rows, involvements and chapters through their parents. Loading the OpenAI saga
asked the database ~1,900 such questions for 446 objects, most of them the same few sagas,
events and people again and again. ``remembering_natural_keys()`` keeps the answers found
(never the misses: a row not there yet may be written a moment later) for one load; outside
it every look-up goes to the database as before.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_found: ContextVar[dict | None] = ContextVar("natural_keys_found", default=None)


@contextmanager
def remembering_natural_keys() -> Iterator[None]:
    """Remember the rows found by natural key or by primary key until the block ends."""
    token = _found.set({})
    try:
        yield
    finally:
        _found.reset(token)


def _remember(key, row) -> None:
    found = _found.get()
    if found is not None:
        found.setdefault(key, row)


def _remembered(key, find: Callable):
    found = _found.get()
    if found is None:
        return find()
    if key not in found:
        found[key] = find()  # DoesNotExist propagates and nothing is remembered
    return found[key]


class NaturalKeyManagerMixin:
    """A manager whose ``get_by_natural_key`` is one query built by ``natural_key_filter``."""

    def natural_key_filter(self, *key) -> dict:
        raise NotImplementedError

    def get_by_natural_key(self, *key):
        found = _remembered(
            ("natural key", self.model, key), lambda: self.get(**self.natural_key_filter(*key))
        )
        _remember(("primary key", self.model, found.pk), found)
        return found


def related_filter(manager, relation: str, *key) -> dict:
    """``manager.natural_key_filter(*key)`` as seen from a row pointing at it by ``relation``."""
    lookups = manager.natural_key_filter(*key)
    return {f"{relation}__{name}": value for name, value in lookups.items()}


def related_object(obj, field_name: str):
    """``obj.<field_name>``, fetched once per load while natural keys are remembered."""
    field = obj._meta.get_field(field_name)
    if _found.get() is None or field.is_cached(obj):
        return getattr(obj, field_name)
    target = _remembered(
        ("primary key", field.related_model, getattr(obj, field.attname)),
        lambda: getattr(obj, field_name),
    )
    field.set_cached_value(obj, target)
    return target
