"""
Revisions written for many objects at once: one revision per batch.

A bulk action changes thousands of objects; saving a revision per object (as a form does)
costs a transaction and about twenty queries each. Here the versions of a batch (each object
with the rows it follows: an event with its texts, people, citations and quotes) are
serialized ahead, exactly as django-reversion stores them; ``save_revision`` then
writes one revision and its versions with one bulk insert, inside the transaction that
applies the change.

Preparing is most of a bulk action's work, so it is done without the general machinery:
the rows an object follows are loaded with one query per relation for the whole batch (not
``prefetch_related``, which builds a queryset per object), and each row is serialized field
by field as Django's JSON serializer does (tests/jobs compare the text with reversion's).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Field
from django.utils import timezone
from django.utils.encoding import force_str, is_protected_type
from reversion.models import Revision, Version
from reversion.revisions import _get_content_type, _get_options

# What ``json.dumps(..., cls=DjangoJSONEncoder, ensure_ascii=False)`` builds on every call.
_ENCODER = DjangoJSONEncoder(ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class PreparedVersion:
    content_type_id: int
    object_id: str
    db: str
    format: str
    data: bytes  # the serialized row, UTF-8
    object_repr: str


def prepare_versions(objects) -> list[PreparedVersion]:
    """
    Serialize ``objects`` (as they are now in memory) and every row they follow (as stored).
    The objects must have loaded what their ``__str__`` shows; the rows they follow are
    loaded here, with their required foreign keys.
    """
    prepared = []
    for model, rows in _with_followed(objects).items():
        plan = _plan(model)
        db = router.db_for_write(model)
        content_type_id = _get_content_type(model, db).pk
        many = {field.name: _many_to_many(field, rows) for field in plan.many_to_many}
        for row in rows:
            data = {"model": plan.label, "pk": _value(row, plan.pk), "fields": {}}
            fields = data["fields"]
            for name, attname, to_text in plan.fields:  # ``_value``, inlined: a million calls
                value = getattr(row, attname)
                if not is_protected_type(value):
                    value = str(value) if to_text is None else to_text(row)
                fields[name] = value
            for name, values in many.items():
                fields[name] = values.get(row.pk, [])
            prepared.append(
                PreparedVersion(
                    content_type_id=content_type_id,
                    object_id=force_str(getattr(row, plan.object_id_field)),
                    db=db,
                    format=plan.format,
                    data=_ENCODER.encode([data]).encode(),
                    object_repr=force_str(row)[:191],
                )
            )
    return prepared


# -- Following: the rows a revision stores with each object ----------------------------------


def _with_followed(objects) -> dict[type, list]:
    """``objects`` and the rows they follow (reversion's ``follow``), by model, each once."""
    found = defaultdict(dict)  # model -> {pk: row}
    level = [obj for obj in objects if obj.pk is not None]
    while level:
        by_model = defaultdict(list)
        for row in level:
            if row.pk not in found[type(row)]:
                found[type(row)][row.pk] = row
                by_model[type(row)].append(row)
        level = []
        for model, rows in by_model.items():
            for name in _get_options(model).follow:
                level.extend(_followed(model, name, rows))
    return {model: list(rows.values()) for model, rows in found.items() if rows}


def _followed(model, name: str, parents: list) -> list:
    """The rows of ``parents``' reverse relation ``name``, a query each, knowing their parent."""
    relation = model._meta.get_field(name)
    if not relation.one_to_many:  # not used here; reversion's own path follows those
        raise ValueError(f"{model.__name__}.{name}: only reverse foreign keys are followed in bulk")
    key = relation.field
    by_key = {getattr(parent, key.target_field.attname): parent for parent in parents}
    child_model = relation.related_model
    children = list(
        child_model._default_manager.filter(**{f"{key.name}__in": list(by_key)}).order_by("pk")
    )
    for child in children:
        key.set_cached_value(child, by_key[getattr(child, key.attname)])
    # What a row's name (``object_repr``) may show: its other required foreign keys, each
    # object loaded once (thousands of citations share a few hundred sources).
    for field in child_model._meta.concrete_fields:
        if field.many_to_one and not field.null and field is not key:
            values = {getattr(child, field.attname) for child in children}
            related = field.related_model._base_manager.in_bulk(
                values, field_name=field.target_field.attname
            )
            for child in children:
                field.set_cached_value(child, related[getattr(child, field.attname)])
    return children


# -- Serializing: as Django's serializer, once per field of each row --------------------------


@dataclass(frozen=True)
class _Plan:
    label: str
    pk: object
    fields: list  # (name, attname, value_to_string or None: str(value))
    many_to_many: list
    object_id_field: str
    format: str


@cache
def _plan(model) -> _Plan:
    """The fields Django's serializer writes for ``model`` with reversion's options."""
    options = _get_options(model)
    if options.format != "json" or options.use_natural_foreign_keys:
        raise ValueError(
            f"{model.__name__}: only JSON versions with plain keys are prepared in bulk"
        )
    meta = model._meta.concrete_model._meta
    selected = options.fields

    def chosen(name):
        return selected is None or name in selected

    return _Plan(
        label=str(meta),
        pk=meta.pk,
        fields=[
            (field.name, field.attname, _to_text(field))
            for field in meta.local_fields
            if field.serialize
            and chosen(field.attname if field.remote_field is None else field.attname[:-3])
        ],
        many_to_many=[
            field
            for field in meta.local_many_to_many
            if field.serialize
            and chosen(field.attname)
            and field.remote_field.through._meta.auto_created
        ],
        object_id_field=options.object_id_field,
        format=options.format,
    )


def _to_text(field):
    """The field's own ``value_to_string``, or None where it is Django's ``str(value)``."""
    if type(field).value_to_string is Field.value_to_string:
        return None
    return field.value_to_string


def _value(row, field):
    # Django's rule: None, numbers and dates as they are, everything else as text.
    value = field.value_from_object(row)
    return value if is_protected_type(value) else field.value_to_string(row)


def _many_to_many(field, rows) -> dict:
    """{pk: [related pks]} for the rows, in the related model's order, in one query."""
    name = field.related_query_name()
    related = field.related_model._default_manager.filter(
        **{f"{name}__in": [row.pk for row in rows]}
    ).values_list(name, "pk")
    values = defaultdict(list)
    for pk, related_pk in related:
        values[pk].append(related_pk if is_protected_type(related_pk) else str(related_pk))
    return values


# -- Writing ---------------------------------------------------------------------------------


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
            version.data.decode(),
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
