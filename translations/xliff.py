"""
XLIFF 1.2 exchange with translators and agencies: export a saga for one language, import
the translated file back.

The export holds one ``<trans-unit>`` per non-empty source field of every object of the
saga that is not written in the target language, grouped per object. A unit id names the
object and field, ``events.event:openai-2023/altman-fired:headline`` (the object's natural
key, each part URL-quoted, or ``pk=12`` for a model without one). Two attributes in this
project's namespace make the round trip safe: ``saga:source-digest`` (the source field as
exported; without it the ``<source>`` text itself is compared) and ``saga:version`` (the
translation row's version, so an import never overwrites a change made since the export).

An unreadable file, one from another saga or language, or one unknown unit raises
``XliffError`` naming the problems, and nothing is written. Otherwise the file is applied
unit by unit: a unit whose own source text changed since the export is refused and listed
(naming the object's headline and the field), the object's other units still go in; an
object whose translation changed since the export is refused whole. A text that cannot be
saved (too long) refuses the file, nothing written. Imported text goes to review, never
straight to approved. The export is streamed (``stream_xliff``), a batch of objects at a
time; the import reads the file as a stream (plain or gzipped) and checks and writes it a
batch of objects at a time with bulk queries, one revision per batch, all in one
transaction, so its memory does not grow with the file and a bad unit anywhere (even a
malformed end of file) writes nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import xml.etree.ElementTree as ET  # building only; parsing is defusedxml
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

import defusedxml
import reversion
from defusedxml.ElementTree import iterparse
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.freshness import EVERYTHING, touch, touch_objects
from translations.machinery import (
    TranslatableModel,
    TranslationOrigin,
    TranslationState,
    TranslationStatus,
    language_codes,
    refresh_digests,
    translations_prefetch,
)
from translations.notifications import notify_import_for_review
from translations.scope import for_states, model_key, saga_querysets
from translations.services import Provenance, translation_save_problems
from translations.state_rule import with_states

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
SAGA_NS = "urn:saga-cms:xliff"
ET.register_namespace("", XLIFF_NS)
ET.register_namespace("saga", SAGA_NS)

# What each state asks of the translator, in XLIFF 1.2's own terms.
XLIFF_STATES = {
    TranslationState.MISSING: "needs-translation",
    TranslationState.STALE: "needs-translation",
    TranslationState.MACHINE: "needs-review-translation",
    TranslationState.DRAFT: "needs-review-translation",
    TranslationState.IN_REVIEW: "translated",
    TranslationState.APPROVED: "signed-off",
}
# A translator who leaves a unit in one of these states says the target is done.
DONE_STATES = {"translated", "signed-off", "final"}
INLINE_CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"}
_ORIGINAL = re.compile(r"^saga_cms/sagas/(?P<saga>[^/]+)/(?P<language>[^/]+)$")


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def _s(name: str) -> str:
    return f"{{{SAGA_NS}}}{name}"


def field_digest(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def object_key(obj) -> str:
    """Return the stable key of ``obj`` in unit ids: its natural key, or ``pk=<pk>``."""
    if hasattr(obj, "natural_key"):
        return "/".join(quote(str(part), safe="") for part in obj.natural_key())
    return f"pk={obj.pk}"


def unit_id(obj, field_name: str) -> str:
    """The id of the unit of ``obj``'s field: its group's id (``group_id``) and the field."""
    return f"{group_id(obj, model_key(type(obj)))}:{field_name}"


def group_id(obj, model_label: str) -> str:
    """The id of ``obj``'s ``<group>``, ``model_label`` being its model's key."""
    return f"{model_label}:{object_key(obj)}"


def file_original(saga, language_code: str) -> str:
    return f"saga_cms/sagas/{saga.slug}/{language_code}"


def export_file_name(saga, language_code: str) -> str:
    return f"{saga.slug}.{language_code}.xlf"


def stale_fields(row) -> set[str]:
    """Return the fields of ``row`` whose source text changed since it was made from it."""
    if row is None or not row.is_stale:
        return set()
    return changed_sources(row.source_snapshot, row.parent.source_texts(), row.translated_fields)


def changed_sources(before: dict | None, current: dict | None, names) -> set[str]:
    """Return the fields of ``names`` whose source text differs from ``before`` to ``current``."""
    before, current = before or {}, current or {}
    return {n for n in names if before.get(n, "") != current.get(n, "")}


# ------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------


# Objects read per round trip to the database while streaming an export (and per chunk
# written): the memory an export holds is about one batch, whatever the saga's size.
EXPORT_BATCH = 500


def _translatable_objects(saga, language_code: str, source_language: str):
    """
    Yield the saga's objects written in ``source_language`` (not ``language_code``) that
    have a source text, model by model, a batch at a time: each with its state in
    ``language_code`` annotated (``state_rule.with_states``), then its source texts and its
    row in ``language_code`` (``_with_texts``).
    """
    if source_language == language_code:
        return
    for model, queryset in saga_querysets(saga):
        written_in = queryset.filter(**{model.original_language_path: source_language})
        objects = with_states(written_in, [language_code]).select_related().order_by("pk")
        batch = []
        for obj in objects.iterator(chunk_size=EXPORT_BATCH):
            batch.append(obj)
            if len(batch) == EXPORT_BATCH:
                yield from _with_texts(model, batch, language_code)
                batch = []
        yield from _with_texts(model, batch, language_code)


# What the export reads of a text row, besides its texts.
_ROW_COLUMNS = ("language_code", "status", "version", "source_snapshot")


def _with_texts(model, objects: list, language_code: str):
    """
    Yield (object, its source texts, its row in ``language_code`` or None) for each of
    ``objects`` that has a source text. The rows of the batch are read in one query as plain
    values: building a model instance for each (and ``prefetch_related``'s queryset per
    object) cost more than the rest of the export.
    """
    if not objects:
        return
    rows_model = model.translation_model()
    parent, names = rows_model.parent_field, rows_model.translated_fields
    rows = translations_prefetch("translations", model, language_code).queryset.filter(
        **{f"{parent}__in": [obj.pk for obj in objects]}
    )
    by_object = defaultdict(dict)
    for row in rows.values(parent, *_ROW_COLUMNS, *names):
        by_object[row[parent]][row["language_code"]] = row
    for obj in objects:
        texts = by_object[obj.pk]
        if model.inline_source_field:
            source_texts = obj.source_texts()  # a field of its own, such as a citation's quote
        else:
            source = texts.get(obj.original_language)
            source_texts = source and {name: source[name] or "" for name in names}
        if source_texts:
            yield obj, source_texts, texts.get(language_code)


# ElementTree's own escaping (``_escape_cdata``, ``_escape_attrib``): the file is written as
# text, unit by unit, byte for byte as ``ET.tostring`` wrote it, at a fraction of the cost.
def _text(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


_ATTRIBUTE_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))
_ATTRIBUTE_ESCAPES += (("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _attribute(value: str) -> str:
    for character, escaped in _ATTRIBUTE_ESCAPES:
        if character in value:  # most values hold none: a test is cheaper than a replace
            value = value.replace(character, escaped)
    return value


def _element(tag: str, attributes: str, text: str) -> str:
    if not text:
        return f"<{tag}{attributes} />"
    return f"<{tag}{attributes}>{_text(text)}</{tag}>"


class _ModelTerms:
    """What every unit of one model repeats: its key, names and limits, worked out once."""

    def __init__(self, model):
        self.key = model_key(model)
        self.verbose_name = str(model._meta.verbose_name)
        rows = model.translation_model()
        self.field_names, self.limits = {}, {}
        for name in rows.translated_fields:
            model_field = rows._meta.get_field(name)
            self.field_names[name] = str(model_field.verbose_name)
            max_length = getattr(model_field, "max_length", None)
            self.limits[name] = f' maxwidth="{max_length}" size-unit="char"' if max_length else ""


def _group(obj, terms: _ModelTerms, language_code: str, source_texts: dict, row: dict | None):
    """One object's ``<group>``: a ``<trans-unit>`` per non-empty source field."""
    key = group_id(obj, terms.key)
    label = str(obj)
    object_state = obj.translation_state(language_code)
    changed = set()
    if object_state == TranslationState.STALE:  # then it has a row, made from another source
        changed = changed_sources(row["source_snapshot"], source_texts, source_texts)
    version = f' saga:version="{row["version"]}"' if row is not None else ""
    units = []
    for name, source_text in source_texts.items():
        if not source_text.strip():
            continue
        state = object_state
        if state == TranslationState.STALE and name not in changed:
            state = TranslationState(row["status"])  # this field's source did not change
        approved = ' approved="yes"' if state == TranslationState.APPROVED else ""
        qualifier = ' state-qualifier="leveraged-mt"' if state == TranslationState.MACHINE else ""
        target = row[name] if row is not None else ""
        parts = [
            f'<trans-unit id="{_attribute(f"{key}:{name}")}" resname="{name}" '
            f'saga:source-digest="{field_digest(source_text)}" saga:state="{state.value}"'
            f"{version}{terms.limits[name]}{approved}>",
            _element("source", f' xml:lang="{_attribute(obj.original_language)}"', source_text),
            _element(
                "target",
                f' xml:lang="{_attribute(language_code)}" state="{XLIFF_STATES[state]}"{qualifier}',
                target,
            ),
            _element(
                "note",
                ' from="saga_cms" annotates="general"',
                f"{terms.verbose_name} “{label}”: {terms.field_names[name]}",
            ),
        ]
        if state == TranslationState.STALE and row is not None:
            before = (row["source_snapshot"] or {}).get(name, "")
            if before != source_text:
                note = _(
                    "The source changed since this translation was made. It was: %(before)s"
                ) % {"before": before}
                parts.append(_element("note", ' from="saga_cms" annotates="source"', note))
        units.append("\n          ".join(parts) + "\n        </trans-unit>")
    opening = f'<group id="{_attribute(key)}" resname="{_attribute(label)}"'
    if not units:
        return opening + " />"
    return opening + ">\n        " + "\n        ".join(units) + "\n      </group>"


def _file_opening(saga, language_code: str, source_language: str, date: str) -> bytes:
    """The ``<file>`` element up to its body's content (the groups follow, then the closing)."""
    file = ET.Element(
        _x("file"),
        {
            "original": file_original(saga, language_code),
            "source-language": source_language,
            "target-language": language_code,
            "datatype": "plaintext",
            "date": date,
        },
    )
    header = ET.SubElement(file, _x("header"))
    ET.SubElement(header, _x("tool"), {"tool-id": "saga_cms", "tool-name": "saga_cms"})
    ET.SubElement(file, _x("body")).text = "\n"
    ET.indent(file, space="  ", level=1)
    opening = ET.tostring(file, encoding="utf-8", xml_declaration=False)
    for declaration in (f' xmlns="{XLIFF_NS}"', f' xmlns:saga="{SAGA_NS}"'):
        opening = opening.replace(declaration.encode(), b"", 1)  # the root declares them
    return b"\n  " + opening[: opening.rindex(b"</body>")]


def stream_xliff(saga, language_code: str):
    """
    Yield the XLIFF 1.2 document of ``saga`` for translation into ``language_code`` in
    pieces: one ``<file>`` per source language, one ``<group>`` per object, read from the
    database and written a batch at a time, so memory stays bounded whatever the saga's size.
    """
    yield (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<xliff xmlns="{XLIFF_NS}" xmlns:saga="{SAGA_NS}" version="1.2">'
    ).encode()
    date = timezone.now().replace(microsecond=0).isoformat()
    terms = {}
    for source_language in sorted(language_codes()):
        opened = False
        groups = []
        found = _translatable_objects(saga, language_code, source_language)
        for obj, source_texts, row in found:
            if not opened:
                opened = True
                yield _file_opening(saga, language_code, source_language, date)
            model = type(obj)
            if model not in terms:
                terms[model] = _ModelTerms(model)
            group = _group(obj, terms[model], language_code, source_texts, row)
            groups.append("      " + group + "\n")
            if len(groups) >= EXPORT_BATCH:
                yield "".join(groups).encode()
                groups = []
        if groups:
            yield "".join(groups).encode()
        if opened:
            yield b"    </body>\n  </file>"
    yield b"\n</xliff>"


def export_xliff(saga, language_code: str) -> bytes:
    """Return the whole XLIFF document (``stream_xliff`` joined: for files and tests)."""
    return b"".join(stream_xliff(saga, language_code))


# ------------------------------------------------------------------------------
# Import
# ------------------------------------------------------------------------------


class XliffError(Exception):
    """The file cannot be imported; nothing was written. ``problems`` says why, unit by unit."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class Refusal:
    unit_id: str
    reason: str
    label: str = ""  # the object's headline (name, title) in the interface language
    field: str = ""  # the text field, as the interface names it


@dataclass
class ImportResult:
    saga: TranslatableModel | None
    language_code: str
    applied: list[str] = field(default_factory=list)  # object keys written
    unchanged: int = 0  # objects whose text was already as in the file
    refused: list[Refusal] = field(default_factory=list)
    objects_read: int = 0


@dataclass
class _ObjectUnits:
    obj: TranslatableModel
    texts: dict[str, str] = field(default_factory=dict)
    unit_ids: list[str] = field(default_factory=list)
    done: set[str] = field(default_factory=set)  # fields the translator marked as finished
    refusal: str = ""  # why none of its units can be applied (its row changed since)
    refused: list[Refusal] = field(default_factory=list)  # units left out one by one

    def refuse(self, uid: str, name: str, reason: str) -> Refusal:
        return refusal_for(self.obj, uid, name, reason)

    def changed(self, row) -> set[str]:
        if row is None:
            return set(self.texts)
        return {n for n, text in self.texts.items() if (getattr(row, n) or "") != text}

    def is_current(self, row) -> bool:
        """Whether every field whose source changed was updated or confirmed."""
        return stale_fields(row) <= self.changed(row) | self.done


@dataclass
class _Unit:
    """One ``<trans-unit>`` as read from the file, before its object is loaded."""

    uid: str
    model: type
    pk: int
    name: str
    text: str | None
    done: bool  # the translator marked the target as finished
    source_digest: str  # of the source text as exported
    version: str | None  # of the translation row as exported


# Objects checked and written together: each batch is read with a few queries, written with
# bulk queries and makes one revision, so memory holds one batch whatever the file's size.
IMPORT_BATCH = 500
# A batch of more rows than this touches every content key (as loaddata does) instead of
# working out each row's keys, which costs a few queries per row; a batch that large changes
# most of a saga's pages anyway.
KEYS_ROW_BY_ROW = 50
# At most this many problems are reported (and looked into: telling "no such object" from
# "not in this saga" costs a query): a file with more is wrong throughout.
MAX_PROBLEMS = 50


class _CountingReader:
    """A binary file that counts the bytes read from it (for progress)."""

    def __init__(self, raw):
        self.raw, self.count = raw, 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        return data


def _opened(source) -> tuple[_CountingReader, object, int | None]:
    """Return (counted raw stream, stream to parse, raw size if known); gunzip .xlf.gz."""
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    size = None
    try:
        start = source.tell()
        magic = source.read(2)
        size = source.seek(0, io.SEEK_END) - start
        source.seek(start)
    except (AttributeError, OSError):
        raise XliffError([_("The file cannot be read from its start.")]) from None
    counted = _CountingReader(source)
    if magic == b"\x1f\x8b":
        return counted, gzip.GzipFile(fileobj=counted, mode="rb"), size
    return counted, counted, size


def _exported_digest(unit) -> str:
    exported = unit.get(_s("source-digest"))
    if exported is None:
        source = unit.find(_x("source"))
        exported = field_digest("".join(source.itertext()) if source is not None else "")
    return exported


class _Import:
    """One import run: reads the file as a stream and writes it a batch at a time."""

    def __init__(self, *, user, file_name, saga, language_code, progress):
        from translations.scope import saga_model, translatable_models

        self.user, self.file_name, self.progress = user, file_name, progress
        self.expected_saga, self.expected_language = saga, language_code
        self.saga_model = saga_model()
        self.models = {model_key(m): m for m in translatable_models()}
        self.provenance = Provenance(TranslationOrigin.IMPORT, detail=file_name, at=timezone.now())
        self.identity = None
        self.saga, self.language = None, ""
        self.members: dict[tuple[str, str], int] = {}
        self.max_units = 0
        self.units = 0
        self.seen: set[str] = set()
        self.problems: list[str] = []
        self.stopped = False
        self.batch: list[_Unit] = []
        self.batch_objects: set[tuple[type, int]] = set()
        self.finished: set[tuple[type, int]] = set()
        self.for_review = 0
        self.permissions: dict[tuple, list[str]] = {}
        self.result = ImportResult(saga=None, language_code="")

    # -- reading -------------------------------------------------------------------

    def read(self, source) -> None:
        counted, stream, size = _opened(source)
        self.counted, self.size = counted, size
        stack, is_xliff = [], False
        try:
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    if not stack:
                        is_xliff = self.is_xliff(element)
                    elif is_xliff and len(stack) == 1 and element.tag == _x("file"):
                        self.open_file(element)
                    stack.append(element)
                    continue
                stack.pop()
                if not is_xliff:
                    # Read to the end all the same: a file that is not even well-formed
                    # is refused as such.
                    if stack:
                        stack[-1].remove(element)
                    continue
                if element.tag == _x("trans-unit"):
                    self.read_unit(element)
                if element.tag in {_x("trans-unit"), _x("group")} and stack:
                    stack[-1].remove(element)  # read: nothing of it is kept
                if self.stopped:
                    break
        except defusedxml.DefusedXmlException as error:
            raise XliffError(
                [
                    _("The file declares a DTD or entities, which are refused: %(error)s")
                    % {"error": error}
                ]
            ) from error
        except ET.ParseError as error:
            raise XliffError(
                [_("The file is not well-formed XML: %(error)s") % {"error": error}]
            ) from error
        except (OSError, EOFError, zlib.error) as error:
            raise XliffError([_("The compressed file is damaged.")]) from error
        if not is_xliff:
            raise XliffError([_("This is not an XLIFF 1.2 file.")])
        if self.identity is None:
            raise XliffError([_("The file holds no <file> element.")])
        self.flush()

    def is_xliff(self, root) -> bool:
        return root.tag == _x("xliff") and root.get("version") == "1.2"

    def open_file(self, file) -> None:
        match = _ORIGINAL.match(file.get("original", ""))
        if match is None or file.get("target-language") != match["language"]:
            raise XliffError(
                [
                    _("The <file> “%(original)s” was not exported by saga_cms for one language.")
                    % {"original": file.get("original", "")}
                ]
            )
        identity = (match["saga"], match["language"])
        if self.identity is None:
            self.identity = identity
            self.saga, self.language = _saga_and_language(
                *identity, self.saga_model, self.expected_saga, self.expected_language
            )
            self.result = ImportResult(saga=self.saga, language_code=self.language)
            self.index_members()
        elif identity != self.identity:
            raise XliffError([_("The file mixes several sagas or languages.")])

    def index_members(self) -> None:
        """Map each object of the saga (model key, object key) to its pk; count its texts."""
        for model, queryset in saga_querysets(self.saga):
            label = model_key(model)
            fields = len(model.translation_model().translated_fields)
            for obj in queryset.select_related().iterator(chunk_size=2000):
                self.members[(label, object_key(obj))] = obj.pk
                self.max_units += fields

    def problem(self, uid: str, reason) -> None:
        self.problems.append(_("Unit “%(unit)s”: %(reason)s.") % {"unit": uid, "reason": reason})

    def read_unit(self, unit) -> None:
        if self.identity is None:
            raise XliffError([_("The file holds no <file> element.")])
        self.units += 1
        if self.units > self.max_units:
            # A file exported from this saga has at most one unit per text field of its objects.
            self.problems.append(
                _("The file has more units than this saga has texts (%(count)s).")
                % {"count": self.max_units}
            )
            self.stopped = True
            return
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(_("…and more problems: correct these first."))
            self.stopped = True
            return
        uid = unit.get("id", "")
        if uid in self.seen:
            self.problems.append(_("Unit “%(unit)s”: it appears twice.") % {"unit": uid})
            return
        self.seen.add(uid)
        try:
            model, pk, name = self.locate(uid)
            text = _target_text(unit)
        except ValueError as reason:
            self.problem(uid, reason)
            return
        key = (model, pk)
        if key in self.finished:
            self.problem(uid, _("the units of one object must follow one another"))
            return
        if key not in self.batch_objects and len(self.batch_objects) >= IMPORT_BATCH:
            self.flush()
        self.batch_objects.add(key)
        target = unit.find(_x("target"))
        done = target is not None and target.get("state", "") in DONE_STATES
        self.batch.append(
            _Unit(
                uid=uid,
                model=model,
                pk=pk,
                name=name,
                text=text,
                done=done or unit.get("approved") == "yes",
                source_digest=_exported_digest(unit),
                version=unit.get(_s("version")),
            )
        )

    def locate(self, uid: str) -> tuple[type, int, str]:
        """Return (model, pk, field) for a unit id, or raise ValueError with the reason."""
        parts = uid.split(":")
        if len(parts) != 3:
            raise ValueError(_("this is not a saga_cms unit id"))
        label, key, name = parts
        model = self.models.get(label)
        if model is None:
            raise ValueError(_("there is no kind of object “%(label)s”") % {"label": label})
        pk = self.members.get((label, key))
        if pk is None:
            if not _object_exists(model, key):
                raise ValueError(_("no such object"))
            raise ValueError(_("this object is not part of this saga"))
        if name not in model.translation_model().translated_fields:
            raise ValueError(_("“%(field)s” is not a text field here") % {"field": name})
        return model, pk, name

    # -- checking and writing a batch -----------------------------------------------

    def load(self, units) -> dict[tuple[type, int], TranslatableModel]:
        """Lock the batch's rows in the target language, then read its objects and texts."""
        by_model = defaultdict(set)
        for unit in units:
            by_model[unit.model].add(unit.pk)
        objects = {}
        for model, pks in by_model.items():
            rows = model.translation_model()
            if not self.problems:
                # Locked until the import commits: no edit can slip in between the version
                # check below and the write.
                locked = rows.objects.select_for_update().filter(
                    **{f"{rows.parent_field}__in": pks}, language_code=self.language
                )
                list(locked.values_list("pk", flat=True))
            for obj in for_states(model._default_manager.filter(pk__in=pks)):
                objects[(model, obj.pk)] = obj
        return objects

    def flush(self) -> None:
        units, self.batch = self.batch, []
        self.finished |= self.batch_objects
        self.batch_objects = set()
        if not units:
            return
        objects = self.load(units)
        entries: dict[tuple[type, int], _ObjectUnits] = {}
        for unit in units:
            obj = objects[(unit.model, unit.pk)]
            if obj.original_language == self.language:
                reason = _("this object is written in this language: it is the source")
                self.problem(unit.uid, reason)
                continue
            entry = entries.setdefault((unit.model, unit.pk), _ObjectUnits(obj))
            entry.unit_ids.append(unit.uid)
            if unit.text is None or not unit.text.strip():
                continue
            # Unit by unit: a field whose own source changed is left out, the others go in.
            current = (obj.source_texts() or {}).get(unit.name, "")
            if unit.source_digest != field_digest(current):
                reason = _("its source text changed since the export; export the saga again")
                entry.refused.append(entry.refuse(unit.uid, unit.name, reason))
                continue
            entry.texts[unit.name] = unit.text
            if unit.done:
                entry.done.add(unit.name)
            entry.refusal = entry.refusal or _row_changed_since_export(
                unit.version, obj, self.language
            )
        self.result.objects_read += len(entries)
        if self.problems:
            return  # the file is refused: the rest is only checked
        pending = []
        for entry in entries.values():
            self.result.refused += entry.refused
            if entry.refusal:
                refused = {r.unit_id for r in entry.refused}
                self.result.refused += [
                    entry.refuse(uid, uid.rsplit(":", 1)[1], entry.refusal)
                    for uid in entry.unit_ids
                    if uid not in refused
                ]
            elif not entry.texts:
                continue
            elif _needs_writing(entry, self.language):
                pending.append(entry)
            else:
                self.result.unchanged += 1
        self.write(pending)
        if self.progress is not None:
            self.progress(self.result, self.counted.count, self.size)

    def write(self, pending: list[_ObjectUnits]) -> None:
        if not pending:
            return
        new_rows, changed_rows = defaultdict(list), defaultdict(list)
        with reversion.create_revision():
            for entry in pending:
                existing = entry.obj.translation(self.language)
                row = self.applied(entry, existing)
                (changed_rows if existing else new_rows)[type(row)].append(row)
                self.result.applied.append(f"{model_key(type(entry.obj))}:{object_key(entry.obj)}")
            for model, rows in new_rows.items():
                model.objects.bulk_create(rows, batch_size=200)
            for model, rows in changed_rows.items():
                _update_rows(model, rows)
            # The revision holds each text row as written; its object (an event, with every
            # row it follows: people, citations...) is not copied again for a text change.
            for rows in (*new_rows.values(), *changed_rows.values()):
                for row in rows:
                    if reversion.is_registered(type(row)):
                        reversion.add_to_revision(row)
            if self.user is not None and self.user.is_authenticated:
                reversion.set_user(self.user)
            reversion.set_comment(
                _("Imported %(count)s translation(s) into %(language)s from %(file)s.")
                % {"count": len(pending), "language": self.language, "file": self.file_name}
            )
        written = [row for rows in (*new_rows.values(), *changed_rows.values()) for row in rows]
        # Bulk writes send no signal: the content versions are moved here.
        if len(written) > KEYS_ROW_BY_ROW:
            touch({EVERYTHING})
        else:
            touch_objects(*written)

    def applied(self, entry: _ObjectUnits, existing):
        """Return the row of ``entry`` with its texts applied (as ``translation_save`` does)."""
        obj = entry.obj
        model = obj.translation_model()
        row = existing or model(**{model.parent_field: obj}, language_code=self.language)
        made_from_current_source = existing is None or entry.is_current(existing)
        text_changed = bool(entry.changed(existing)) or existing is None
        problems = self.permission_problems(row, entry.texts, text_changed)
        try:
            if problems:
                raise PermissionDenied(" ".join(problems))
            previous_status = row.status if existing else None
            previous_texts = row.texts()
            for name, value in entry.texts.items():
                setattr(row, name, value)
            row.status = TranslationStatus.IN_REVIEW  # an import never approves
            row.keep_approved_text(previous_status, previous_texts)
            self.provenance.apply_to(row)
            if made_from_current_source:
                row.record_source()
            if self.user is not None and self.user.is_authenticated:
                row.updated_by = self.user
            row.full_clean(
                exclude=[model.parent_field, "reviewed_by", "updated_by"],
                validate_unique=False,  # one row per object and language: the lock holds it
                validate_constraints=False,
            )
        except (PermissionDenied, ValidationError) as error:
            # A text that cannot be saved (too long, not allowed) refuses the whole file:
            # nothing is written, and the problem is named.
            raise XliffError(
                [
                    _("Unit “%(unit)s”: %(reason)s") % {"unit": uid, "reason": _error_text(error)}
                    for uid in entry.unit_ids
                ]
            ) from error
        if previous_status != TranslationStatus.IN_REVIEW:
            self.for_review += 1
        if existing is not None:
            row.version += 1  # as a save does (the row is locked: no one else moved it)
            row.updated_at = timezone.now()
            refresh_digests(row)
        return row

    def permission_problems(self, row, texts, text_changed: bool) -> list[str]:
        """``translation_save_problems``, asked once per kind of change (same user, language)."""
        kind = (row.pk is None, text_changed, row.status)
        if kind not in self.permissions:
            self.permissions[kind] = translation_save_problems(
                row=row, user=self.user, texts=texts, status=TranslationStatus.IN_REVIEW
            )
        return self.permissions[kind]


def _update_rows(model, rows) -> None:
    """
    Write ``rows`` (of one translation model) back with one prepared UPDATE run for all of
    them: ``bulk_update``'s CASE expressions cost more than the rows on both databases.
    """
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in _updated_fields(model)]
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    primary_key = connection.ops.quote_name(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {primary_key} = %s"
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _updated_fields(model) -> list[str]:
    return [
        *model.translated_fields,
        "status",
        "approved_texts",
        "origin",
        "origin_detail",
        "origin_language",
        "origin_at",
        "source_digest",
        "source_snapshot",
        "texts_digest",
        "version",
        "updated_at",
        "updated_by",
    ]


def _saga_and_language(slug, language, saga_model, expected_saga, expected_language):
    if expected_saga is not None and slug != expected_saga.slug:
        raise XliffError(
            [
                _("This file belongs to the saga “%(file)s”, not “%(saga)s”.")
                % {"file": slug, "saga": expected_saga.slug}
            ]
        )
    if expected_language and language != expected_language:
        raise XliffError(
            [
                _("This file is a translation into “%(file)s”, not “%(language)s”.")
                % {"file": language, "language": expected_language}
            ]
        )
    if language not in language_codes():
        raise XliffError(
            [_("“%(language)s” is not one of this site's languages.") % {"language": language}]
        )
    saga = saga_model._default_manager.filter(slug=slug).first()
    if saga is None:
        raise XliffError([_("There is no saga “%(slug)s”.") % {"slug": slug}])
    return saga, language


def _object_exists(model, key: str) -> bool:
    try:
        if key.startswith("pk="):
            return model._default_manager.filter(pk=int(key[3:])).exists()
        model._default_manager.get_by_natural_key(*(unquote(p) for p in key.split("/")))
        return True
    except (ObjectDoesNotExist, ValueError, TypeError, AttributeError):
        return False


def _target_text(unit) -> str | None:
    target = unit.find(_x("target"))
    if target is None:
        return None
    if any(child.tag in {_x(code) for code in INLINE_CODES} for child in target.iter()):
        raise ValueError(_("inline codes are not supported in plain text"))
    return "".join(target.itertext())


def refusal_for(obj, uid: str, name: str, reason: str) -> Refusal:
    """A refusal naming the object by its headline and the field as the interface says."""
    first = obj.translation_model().translated_fields[0]
    label = obj.localized(get_language() or "", public=False).text(first) or str(obj)
    verbose = obj.translation_model()._meta.get_field(name).verbose_name
    return Refusal(uid, reason, label=label, field=str(verbose))


def _row_changed_since_export(version: str | None, obj, language: str) -> str:
    row = obj.translation(language)
    if row is not None and version and version != str(row.version):
        return _("its translation was changed in saga_cms since the export")
    return ""


def import_xliff(
    source,
    *,
    file_name: str,
    user,
    saga=None,
    language_code: str | None = None,
    progress=None,
    hold=None,
    finish=None,
) -> ImportResult:
    """
    Import a translated XLIFF file (bytes or a binary file, plain or gzipped) on behalf of
    ``user``; all or nothing.

    The file is parsed as a stream and applied ``IMPORT_BATCH`` objects at a time (one
    revision per batch), all in one transaction: a problem anywhere, even a malformed end
    of file, writes nothing. ``saga`` and ``language_code``, when given, are what the file
    must belong to. ``progress(result, bytes_read, size)`` is called after each batch.
    Raises ``XliffError`` (nothing written) when the file cannot be imported as a whole.
    ``hold()`` and ``finish(result)`` are called inside that transaction, before the first
    write and after the last (a job's bookkeeping, committed with the import).
    """
    run = _Import(
        user=user, file_name=file_name, saga=saga, language_code=language_code, progress=progress
    )
    with transaction.atomic():
        if hold is not None:
            hold()
        run.read(source)
        if run.problems:
            raise XliffError(run.problems)
        if run.for_review:
            notify_import_for_review(
                language_code=run.language,
                count=run.for_review,
                saga_label=str(run.saga),
                file_name=file_name,
                by=user,
            )
        if finish is not None:
            finish(run.result)
    return run.result


def _needs_writing(entry: _ObjectUnits, language: str) -> bool:
    row = entry.obj.translation(language)
    if entry.changed(row):
        return True
    # Same text, but the translator confirmed that a stale translation still fits.
    return row is not None and row.is_stale and entry.is_current(row)


def _error_text(error) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return " ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
