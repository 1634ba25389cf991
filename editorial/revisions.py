"""
Revisions of one object: what changed between two, in words an editor reads, and revert.

A revision (django-reversion) holds an object and the rows that follow it: an event with its
texts, the people involved, its citations and their quotes' translations. ``revision_changes``
compares the object's rows in two revisions, row by row and field by field, for the history
page and for the notice shown when someone else saved first. Texts are compared word by word
(character by character in Japanese and Chinese, which have no spaces), so a changed comma in
a long body is visible. ``revert_object`` restores one object and its rows from a revision
and nothing else stored in it.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import models, transaction
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reversion.models import Version
from reversion.revisions import _follow_relations_recursive

from editorial.display import moment_label
from translations.diff import around, glued, same_but_spacing
from translations.machinery import TranslatableModel, Translation

# Bookkeeping that changes on every save and says nothing about the content.
IGNORED_FIELDS = frozenset(
    {"id", "uid", "version", "created_at", "updated_at", "updated_by"}
    | {"source_digest", "source_snapshot", "texts_digest", "quote_digest"}
)

# One token per CJK character, whole words elsewhere, so diffs work for every language.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]")
_LONG_UNCHANGED = 240  # characters of unchanged text kept whole between two changes


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    diff: SafeString


@dataclass
class RowChange:
    """One row (the object itself, or one of the rows that follow it) that differs."""

    label: str
    kind: str  # "added", "removed" or "changed"
    fields: list[FieldChange] = field(default_factory=list)
    depth: int = 0


def inline_diff(before: str, after: str) -> SafeString:
    """Return ``after`` as HTML with the removed text in <del> and the added text in <ins>."""
    old, new = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    parts = []
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for index, (operation, old_start, old_end, new_start, new_end) in enumerate(opcodes):
        if operation == "equal":
            text = "".join(old[old_start:old_end])
            parts.append(escape(_shorten_unchanged(text, index, len(opcodes))))
            continue
        removed, added = "".join(old[old_start:old_end]), "".join(new[new_start:new_end])
        if not (removed.strip() or added.strip()):
            parts.append(escape(added))  # spacing alone is no change worth reading
            continue
        if operation in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", removed))
        if (
            operation == "replace"
            and removed
            and added
            and glued(removed, added, around(new, new_start, new_end))
        ):
            parts.append(" ")  # "<del>as</del><ins>OpenAI</ins>" would read "asOpenAI"
        if operation in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", "".join(new[new_start:new_end])))
    return mark_safe("".join(str(part) for part in parts))  # every part is escaped above


def _shorten_unchanged(text: str, index: int, count: int) -> str:
    if len(text) <= _LONG_UNCHANGED or count == 1:
        return text
    keep = _LONG_UNCHANGED // 3
    head = text[:keep] if index > 0 else ""
    tail = text[-keep:] if index < count - 1 else ""
    return f"{head} … {tail}"


def object_versions(model: type[models.Model], object_id) -> models.QuerySet:
    """Return the stored versions of one object, newest first."""
    return (
        Version.objects.get_for_object_reference(model, str(object_id))
        .select_related("revision", "revision__user")
        .order_by("-pk")
    )


def latest_version(model: type[models.Model], object_id) -> Version | None:
    return object_versions(model, object_id).first()


def previous_version(version: Version) -> Version | None:
    """Return the version of the same object saved just before ``version``."""
    return (
        object_versions(version._model, version.object_id)
        .filter(pk__lt=version.pk)
        .select_related("revision")
        .first()
    )


def revision_changes(old: Version | None, new: Version) -> list[RowChange]:
    """
    Return what differs between two versions of one object and of the rows following it.

    ``old`` may be None (the object's first revision): every row is then "added".
    """
    new_rows = _object_rows(new)
    old_rows = _object_rows(old) if old is not None else {}
    labels = _RelatedLabels([*new_rows.values(), *old_rows.values()])
    changes = []
    for key in [*new_rows, *(key for key in old_rows if key not in new_rows)]:
        before, after = old_rows.get(key), new_rows.get(key)
        change = _row_change(before, after, labels)
        if change is not None:
            changes.append(change)
    changes.sort(key=lambda change: (change.depth, change.label))
    return changes


def object_cluster(version: Version) -> list[Version]:
    """
    Return ``version`` and the versions of the rows following its object in the same
    revision (its texts, people, citations...), parents before children.

    A revision may hold other objects too (an import, a save adding a parent): they are not
    part of this object's cluster.
    """
    rows = sorted(_object_rows(version).values(), key=lambda row: row.depth)
    return [row.version for row in rows]


@transaction.atomic
def revert_object(version: Version) -> None:
    """
    Restore the object of ``version`` and the rows following it as they were then.

    Rows following it now that did not exist then are deleted (a citation added since);
    other objects stored in the same revision are left as they are.
    """
    cluster = object_cluster(version)
    kept = {(v._model, v.object_id) for v in cluster}
    current = version._model._default_manager.filter(pk=version.object_id).first()
    if current is not None:
        # reversion's own walk of the registered "follow" relations (the rows it stores).
        added_since = [
            obj
            for obj in _follow_relations_recursive(current)
            if (type(obj), str(obj.pk)) not in kept
        ]
        for obj in added_since:
            if type(obj)._default_manager.filter(pk=obj.pk).exists():  # not gone by cascade
                obj.delete()
    for stored in cluster:
        stored.revert()


@dataclass
class _Row:
    model: type[models.Model]
    object_id: str
    values: dict
    depth: int
    parent_field: str | None
    version: Version | None = None


def _object_rows(version: Version) -> dict[tuple, _Row]:
    """Return the object's row and its descendants' rows (by foreign key) in the revision."""
    candidates = [
        _Row(v._model, v.object_id, v.field_dict, 0, None, v)
        for v in version.revision.version_set.select_related("content_type")
        if v._model is not None
    ]
    root = next(
        (r for r in candidates if r.model is version._model and r.object_id == version.object_id),
        None,
    )
    if root is None:
        return {}
    found = {(root.model, root.object_id): root}
    frontier = [root]
    while frontier:
        parents = {(row.model, row.object_id): row for row in frontier}
        frontier = []
        for row in candidates:
            if (row.model, row.object_id) in found:
                continue
            link = _link_to(row, parents)
            if link is not None:
                row.parent_field, parent = link
                row.depth = parent.depth + 1
                found[(row.model, row.object_id)] = row
                frontier.append(row)
    return found


def _link_to(row: _Row, parents: dict) -> tuple[str, _Row] | None:
    """Return ``row``'s foreign key pointing at one of ``parents``, and that parent."""
    for model_field in row.model._meta.concrete_fields:
        if not model_field.many_to_one:
            continue
        target = (model_field.related_model, str(row.values.get(model_field.attname)))
        if target in parents:
            return model_field.name, parents[target]
    return None


def _row_change(before: _Row | None, after: _Row | None, labels: _RelatedLabels):
    row = after or before
    kind = "changed" if before and after else ("added" if after else "removed")
    fields = []
    for model_field in _shown_fields(row):
        old = before.values.get(model_field.attname) if before else None
        new = after.values.get(model_field.attname) if after else None
        if kind == "changed" and _same(old, new):
            continue
        if kind != "changed" and _blank(old if kind == "removed" else new):
            continue
        change = _field_change(model_field, old, new, labels)
        if kind == "changed" and change.before == change.after:
            continue  # a change too small to show (seconds of a time): no "14:11 → 14:11" row
        fields.append(change)
    if kind == "changed" and not fields:
        return None
    return RowChange(label=_row_label(row, labels), kind=kind, fields=fields, depth=row.depth)


def _shown_fields(row: _Row):
    for model_field in [*row.model._meta.concrete_fields, *row.model._meta.many_to_many]:
        if model_field.name in IGNORED_FIELDS or model_field.name == row.parent_field:
            continue
        if (
            model_field.many_to_many
            and model_field.remote_field.through._meta.auto_created
            or not model_field.many_to_many
        ):
            yield model_field


def _same(old, new) -> bool:
    if isinstance(old, list) or isinstance(new, list):
        return sorted(map(str, old or [])) == sorted(map(str, new or []))
    if isinstance(old, str) and isinstance(new, str):
        return same_but_spacing(old, new)  # line endings or trailing spaces: not a change
    return (old if old is not None else "") == (new if new is not None else "")


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def _field_change(model_field, old, new, labels: _RelatedLabels) -> FieldChange:
    before, after = _display(model_field, old, labels), _display(model_field, new, labels)
    if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
        diff = inline_diff(old or "", new or "")
    else:
        diff = format_html("<del>{}</del> <ins>{}</ins>", before, after)
    return FieldChange(capfirst(model_field.verbose_name), before, after, diff)


def _display(model_field, value, labels: _RelatedLabels) -> str:
    if _blank(value):
        return "—"
    if model_field.many_to_many:
        return ", ".join(labels.get(model_field.related_model, pk) for pk in value)
    if model_field.many_to_one:
        return labels.get(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return moment_label(value)
    return str(value)


def _row_label(row: _Row, labels: _RelatedLabels) -> str:
    name = capfirst(row.model._meta.verbose_name)
    if issubclass(row.model, Translation):
        language = row.model._meta.get_field("language_code")
        return f"{name} · {_display(language, row.values.get('language_code'), labels)}"
    if row.depth == 0:
        return name
    named = [
        labels.get(model_field.related_model, row.values.get(model_field.attname))
        for model_field in row.model._meta.concrete_fields
        if model_field.many_to_one
        and model_field.name != row.parent_field
        and model_field.name not in IGNORED_FIELDS
        and row.values.get(model_field.attname) is not None
    ]
    return f"{name}: {', '.join(named)}" if named else name


class _RelatedLabels:
    """Names of the objects the rows point at, fetched once per model."""

    def __init__(self, rows: list[_Row]):
        wanted = defaultdict(set)
        for row in rows:
            for model_field in [*row.model._meta.concrete_fields, *row.model._meta.many_to_many]:
                if model_field.name in IGNORED_FIELDS:
                    continue
                value = row.values.get(model_field.attname)
                if model_field.many_to_one and value is not None:
                    wanted[model_field.related_model].add(value)
                elif model_field.many_to_many and value:
                    wanted[model_field.related_model].update(value)
        self.names = {}
        for model, keys in wanted.items():
            objects = model._default_manager.filter(pk__in=keys)
            if issubclass(model, TranslatableModel):
                objects = objects.prefetch_related("translations")
            for obj in objects:
                self.names[(model, str(obj.pk))] = _object_name(obj)

    def get(self, model, pk) -> str:
        return self.names.get((model, str(pk))) or _("#%(id)s (deleted)") % {"id": pk}


def _object_name(obj) -> str:
    if isinstance(obj, TranslatableModel):
        texts = obj.localized(get_language() or "", public=False).texts
        first_field = obj.translation_model().translated_fields[0]
        if texts.get(first_field):
            return texts[first_field]
    return str(obj)
