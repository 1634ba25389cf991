"""
Content versions that every process sees, as narrow as the change.

Each public answer depends on a few *keys* (core.signals names them: ``saga-12``,
``event-40``, ``people``...). Every write of content moves the version of the keys it
touches, in the database and in the same transaction as the write, so every worker,
management command and machine sharing the database sees the change as soon as it is
committed. Which keys a change touches is decided by the content apps: each registers, for
its models, a function from a changed row to its keys (``register``); core never imports
them. Saves, deletes and many-to-many changes are heard through Django's signals; writes
that bypass signals (``QuerySet.update``) call ``touch_objects`` themselves.

Versions are ordered: a transaction that changes content first moves the global row
``*`` (which also makes concurrent content transactions commit one after the other), then
sets each touched key's version to the new global value. A reader that reads the global
version before it reads any content knows that an answer built from what it read is current
for every key whose version is still at most that value (``response_cache``).

A ``publish_at`` or ``unpublish_at`` in the future is a change that happens without a
write: it is kept as a ``ScheduledChange`` of the keys; a key's token includes the last of
its scheduled times that has passed, so answers built before that time are not served after
it, and the next one tells an edge cache how long it may keep an answer.

After the transaction commits, ``core.signals.content_changed`` is sent once, with every
key it touched (edge caches purge by them).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from core.models import ContentVersion, ScheduledChange
from core.signals import content_changed

GLOBAL = "*"
# What every answer depends on: moved by writes whose keys are not worked out row by row
# (``loaddata``, which restores whole sites: asking each row's relations doubled its queries).
EVERYTHING = "all"
_registry: dict[type, list[Callable[[object], Iterable[str]]]] = defaultdict(list)
_relations: dict[type, Callable[[object, type, set], Iterable[str]]] = {}
_PENDING = "_saga_content_pending"


def register(model: type, keys_of: Callable[[object], Iterable[str]]) -> None:
    """Say which keys a saved, deleted or re-linked row of ``model`` touches (several allowed)."""
    if keys_of not in _registry[model]:
        _registry[model].append(keys_of)


def register_relation(through: type, keys_of: Callable[[object, type, set], Iterable[str]]):
    """
    Say which keys a many-to-many change through ``through`` touches: ``keys_of(instance,
    model, pk_set)`` as in ``m2m_changed`` (else the keys of ``instance`` are used).
    """
    _relations[through] = keys_of


def keys_of(obj) -> set[str]:
    """Return every key a change of ``obj`` touches, as the content apps registered them."""
    keys = set()
    for function in _registry.get(type(obj), ()):
        keys.update(function(obj))
    return keys


# Keys remembered within one save (``keys_remembered``): key -> the keys it stands for.
_remembered: ContextVar[dict | None] = ContextVar("saga_remembered_keys", default=None)


@contextmanager
def keys_remembered():
    """
    Within this block (one save of an object with its rows), the keys a content app asks to
    remember (``remembered``) are worked out once, not at each of the save's writes; the app
    forgets them (``forget``) when a write changes what they are worked out from.
    """
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def remembered(name, work_out: Callable[[], Iterable[str]]) -> set[str]:
    """Return the keys ``name`` stands for: remembered in ``keys_remembered``, else worked out."""
    memo = _remembered.get()
    if memo is None:
        return set(work_out())
    if name not in memo:
        memo[name] = frozenset(work_out())
    return set(memo[name])


def forget(name=None) -> None:
    """Forget what ``name`` (or, without one, every remembered name) stands for."""
    memo = _remembered.get()
    if memo is not None:
        if name is None:
            memo.clear()
        else:
            memo.pop(name, None)


def touch_objects(*objects, using: str | None = None) -> None:
    """Record a change of ``objects`` made without signals (``QuerySet.update``)."""
    keys = set()
    for obj in objects:
        keys |= keys_of(obj)
    touch(keys, using=using)


class _Write(NamedTuple):
    """A write of the current transaction: the savepoints it was made in, and its mark."""

    sids: tuple
    # Registered with ``on_commit`` when the write was made: Django drops it when a
    # savepoint holding the write is rolled back, and only then.
    mark: Callable[[], None]


class _Pending:
    """What the current transaction has touched; sends ``content_changed`` on commit."""

    def __init__(self, using: str):
        self.using = using
        self.keys: set[str] = set()
        self.bumped: dict[str, _Write] = {}
        self.version: int | None = None
        self.version_write: _Write | None = None
        # Whether versions were read inside this transaction since they last moved (tests,
        # scripts): the next change must then move them again.
        self.read = False

    def __call__(self):
        connection = connections[self.using]
        if getattr(connection, _PENDING, None) is self:
            setattr(connection, _PENDING, None)
        content_changed.send(sender=None, keys=frozenset(self.keys))


def _covers(recorded: tuple, current: tuple) -> bool:
    """Whether a write made at savepoints ``recorded`` stands at ``current`` (none left)."""
    return current[: len(recorded)] == recorded


def _standing(connection, write: _Write | None) -> _Write | None:
    """
    ``write`` if it still stands, recorded at the savepoints it now belongs to; else None.
    A savepoint it was made in has since been left: released (its writes stand, and belong
    to the savepoints around it) or rolled back (Django has dropped its mark).
    """
    if write is None:
        return None
    sids = tuple(connection.savepoint_ids)
    if _covers(write.sids, sids):
        return write
    if not any(entry[1] is write.mark for entry in connection.run_on_commit):
        return None
    kept = 0
    while kept < min(len(write.sids), len(sids)) and write.sids[kept] == sids[kept]:
        kept += 1
    return _Write(sids[:kept], write.mark)


def _is_waiting(connection, pending: _Pending) -> bool:
    return any(entry[1] is pending for entry in connection.run_on_commit)


def touch(keys: Iterable[str], *, using: str | None = None, due: Iterable[datetime] = ()) -> None:
    """
    Move the versions of ``keys`` in the current transaction (one of its own if none).
    ``due``: also changes at those (future) times, such as a go-live or an expiry.

    A transaction moves the global version once, and each key once, however many of its
    rows change: a key's previous version is then the one readers last saw (``stale_since``).
    """
    keys = set(keys)
    if not keys:
        return
    using = using or DEFAULT_DB_ALIAS
    connection = connections[using]
    if not connection.in_atomic_block:
        with transaction.atomic(using=using):
            touch(keys, using=using, due=due)
        return
    pending = getattr(connection, _PENDING, None)
    if pending is None or not _is_waiting(connection, pending):
        pending = _Pending(using)
        setattr(connection, _PENDING, pending)
        transaction.on_commit(pending, using=using)
    now = timezone.now()
    write = _Write(tuple(connection.savepoint_ids), lambda: None)
    pending.version_write = _standing(connection, pending.version_write)
    if pending.version is None or pending.read or pending.version_write is None:
        transaction.on_commit(write.mark, using=using)
        pending.version = _move_global(connection, now)
        pending.version_write = write
        pending.bumped = {}
        pending.read = False
    new = []
    for key in sorted(keys):
        standing = _standing(connection, pending.bumped.get(key))
        if standing is None:
            new.append(key)
        else:
            pending.bumped[key] = standing
    if new:
        if pending.version_write is not write:
            transaction.on_commit(write.mark, using=using)
        _move_keys(connection, new, pending.version, now)
        pending.bumped.update(dict.fromkeys(new, write))
    pending.keys |= keys
    future = sorted({at for at in due if at is not None and at > now})
    if future:
        ScheduledChange.objects.using(using).bulk_create(
            [ScheduledChange(key=key, at=at) for at in future for key in sorted(keys)]
        )


def stamp(using: str | None = None) -> None:
    """
    Date the current transaction's change now, as it is about to commit: call it last in a
    write (the admin, the API and imports do, once their revision is written).

    ``changed_at`` is when readers may take the change to have been made. Written when the
    first row changed, it would be as old as the whole save by its commit, and the response
    cache's grace (which counts from it) would be spent before anyone could see the change;
    dated later, but still before the commit, it stays an honest bound.
    """
    using = using or DEFAULT_DB_ALIAS
    connection = connections[using]
    pending = getattr(connection, _PENDING, None)
    if pending is None or pending.version is None or not _is_waiting(connection, pending):
        return
    keys = [GLOBAL, *sorted(pending.bumped)]
    # Only what this transaction moved still has its version (a rolled back savepoint's keys
    # went back to theirs).
    ContentVersion.objects.using(using).filter(key__in=keys, version=pending.version).update(
        changed_at=timezone.now()
    )


def _move_global(connection, now: datetime) -> int:
    """Move the global version by one (locking its row until commit) and return it."""
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    key, version, changed_at = (
        connection.ops.quote_name(n) for n in ("key", "version", "changed_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {version}, {changed_at}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key}) DO UPDATE SET {version} = {table}.{version} + 1, "
            f"{changed_at} = excluded.{changed_at} RETURNING {version}",
            [GLOBAL, now],
        )
        return cursor.fetchone()[0]


def _move_keys(connection, keys: list[str], version: int, now: datetime) -> None:
    """Set ``keys`` to ``version``, each keeping the version it had as its previous one."""
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    key, version_, changed_at, previous = (
        quote(n) for n in ("key", "version", "changed_at", "previous_version")
    )
    rows = ", ".join(["(%s, %s, %s, 0)"] * len(keys))
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {version_}, {changed_at}, {previous}) VALUES {rows} "
            f"ON CONFLICT ({key}) DO UPDATE SET {previous} = {table}.{version_}, "
            f"{version_} = excluded.{version_}, {changed_at} = excluded.{changed_at}",
            [value for name in keys for value in (name, version, at)],
        )


def _note_read(using: str) -> None:
    connection = connections[using]
    pending = getattr(connection, _PENDING, None)
    if pending is not None and connection.in_atomic_block:
        pending.read = True


def global_version(using: str | None = None) -> int:
    """The version of the last committed change of any content (read before building)."""
    _note_read(using or DEFAULT_DB_ALIAS)
    found = (
        ContentVersion.objects.using(using or DEFAULT_DB_ALIAS)
        .filter(key=GLOBAL)
        .values_list("version", flat=True)
        .first()
    )
    return found or 0


class KeyState(NamedTuple):
    token: str  # changes whenever the version moves or a scheduled change passes
    version: int
    changed_at: datetime | None
    next_change_at: datetime | None  # the key's next scheduled change (go-live, expiry)
    previous_token: str = ""  # the token the key had just before its last change

    def stale_since(self, token: str) -> datetime | None:
        """
        When an answer built with ``token`` for this key went stale, if that is known: it
        missed only the key's last change. None when it missed more (or a scheduled one).
        """
        if token == self.token or token != self.previous_token:
            return None
        return self.changed_at


def versions(keys: Iterable[str], now: datetime | None = None) -> dict[str, KeyState]:
    """
    Return, in one query, each key's ``KeyState`` at ``now``. Keys never touched have
    version 0.

    Every cached answer asks this before it is sent, so the query is written once as SQL
    (``_versions_sql``) rather than compiled by the ORM on each request.
    """
    keys = sorted(set(keys))
    now = now or timezone.now()
    _note_read(DEFAULT_DB_ALIAS)
    found = dict.fromkeys(keys, KeyState("0", 0, None, None))
    if not keys:
        return found
    connection = connections[DEFAULT_DB_ALIAS]
    # Named parameters: SQLite's backend puts them in with one ``%`` where it would rewrite
    # every ``%s`` of the statement with a regular expression (a tenth of a hit's query).
    parameters = {f"k{index}": key for index, key in enumerate(keys)}
    parameters["at"] = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_versions_sql(connection, len(keys)), parameters)
        rows = cursor.fetchall()
    convert = _datetime_converter(connection)
    for key, version, changed_at, previous, passed_at, upcoming_at in rows:
        changed_at = convert(changed_at)
        if upcoming_at is not None:
            upcoming_at = convert(upcoming_at)
        if passed_at is not None:
            passed_at = convert(passed_at)
            passed = f"@{passed_at.timestamp():.0f}"
            # A scheduled change that passed after the write: the previous token never held.
            previous = f"{previous}{passed}" if passed_at <= changed_at else ""
            found[key] = KeyState(
                f"{version}{passed}", version, max(changed_at, passed_at), upcoming_at, previous
            )
        else:
            found[key] = KeyState(str(version), version, changed_at, upcoming_at, str(previous))
    return found


@cache
def _versions_sql(connection, count: int) -> str:
    """The versions query for ``count`` keys: the last passed and the next scheduled change."""
    quote = connection.ops.quote_name
    versions, scheduled = (
        quote(model._meta.db_table) for model in (ContentVersion, ScheduledChange)
    )
    key, at = quote("key"), quote("at")
    return (
        f"SELECT v.{key}, v.{quote('version')}, v.{quote('changed_at')}, "
        f"v.{quote('previous_version')}, "
        f"(SELECT MAX(s.{at}) FROM {scheduled} s WHERE s.{key} = v.{key} AND s.{at} <= %(at)s), "
        f"(SELECT MIN(s.{at}) FROM {scheduled} s WHERE s.{key} = v.{key} AND s.{at} > %(at)s) "
        f"FROM {versions} v WHERE v.{key} IN ({', '.join(f'%(k{i})s' for i in range(count))})"
    )


def _datetime_converter(connection):
    """Turn a datetime read by raw SQL into an aware datetime (SQLite returns text)."""
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    if convert is None:
        return lambda value: value
    return lambda value: None if value is None else convert(value, None, connection)


def superseded_schedule(now: datetime | None = None):
    """
    The scheduled changes that no longer count: passed, with a later passed change of the
    same key (a key's token and Last-Modified read only its last passed change), or the
    same change recorded twice. Deleting them changes no token.
    """
    now = now or timezone.now()
    later = ScheduledChange.objects.filter(key=OuterRef("key"), at__lte=now).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    )
    return ScheduledChange.objects.filter(at__lte=now).filter(Exists(later))


def next_change(states: Iterable[KeyState]) -> datetime | None:
    """The first scheduled change among ``states``: when an answer showing them goes stale."""
    return min((s.next_change_at for s in states if s.next_change_at is not None), default=None)


def _on_save(sender, instance, raw=False, **kwargs):
    if type(instance) in _registry:
        due = [getattr(instance, name, None) for name in ("publish_at", "unpublish_at")]
        keys = {EVERYTHING} if raw else keys_of(instance)
        touch(keys, using=kwargs.get("using"), due=due)


def _on_delete(sender, instance, **kwargs):
    if type(instance) in _registry:
        touch(keys_of(instance), using=kwargs.get("using"))


def _on_m2m(sender, instance, action, model=None, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if sender in _relations:
        touch(_relations[sender](instance, model, pk_set or set()), using=kwargs.get("using"))
    elif type(instance) in _registry:
        touch(keys_of(instance), using=kwargs.get("using"))


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="core.freshness.save")
    post_delete.connect(_on_delete, dispatch_uid="core.freshness.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="core.freshness.m2m")
