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
straight to approved. The export is
streamed (``stream_xliff``), a batch of objects at a time.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET  # building only; parsing is defusedxml
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

import defusedxml
import reversion
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from translations.machinery import (
    TranslatableModel,
    TranslationOrigin,
    TranslationState,
    TranslationStatus,
    language_codes,
)
from translations.scope import for_states, model_by_key, model_key, saga_querysets
from translations.services import Provenance, translation_save
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
    return f"{model_key(type(obj))}:{object_key(obj)}:{field_name}"


def file_original(saga, language_code: str) -> str:
    return f"saga_cms/sagas/{saga.slug}/{language_code}"


def export_file_name(saga, language_code: str) -> str:
    return f"{saga.slug}.{language_code}.xlf"


def stale_fields(row) -> set[str]:
    """Return the fields of ``row`` whose source text changed since it was made from it."""
    if row is None or not row.is_stale:
        return set()
    current = row.parent.source_texts() or {}
    before = row.source_snapshot or {}
    return {n for n in row.translated_fields if before.get(n, "") != current.get(n, "")}


# ------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------


# Objects read and written per round trip to the database while streaming an export: the
# memory an export holds is about one batch, whatever the saga's size.
EXPORT_BATCH = 500


def _translatable_objects(saga, language_code: str, source_language: str):
    """
    Yield the saga's objects written in ``source_language`` (not ``language_code``) that
    have a source text, model by model, a batch at a time.
    """
    if source_language == language_code:
        return
    for model, queryset in saga_querysets(saga):
        written_in = queryset.filter(**{model.original_language_path: source_language})
        with_state = with_states(written_in, [language_code])  # each unit's state
        for obj in for_states(with_state.order_by("pk")).iterator(chunk_size=EXPORT_BATCH):
            if obj.source_texts():
                yield obj


def _unit(obj, name: str, source_text: str, language_code: str) -> ET.Element:
    row = obj.translation(language_code)
    state = obj.translation_state(language_code)
    if state == TranslationState.STALE and name not in stale_fields(row):
        state = TranslationState(row.status)  # this field's source did not change
    unit = ET.Element(_x("trans-unit"), {"id": unit_id(obj, name), "resname": name})
    unit.set(_s("source-digest"), field_digest(source_text))
    unit.set(_s("state"), state.value)
    if row is not None:
        unit.set(_s("version"), str(row.version))
    model_field = obj.translation_model()._meta.get_field(name)
    if getattr(model_field, "max_length", None):
        unit.set("maxwidth", str(model_field.max_length))
        unit.set("size-unit", "char")
    ET.SubElement(unit, _x("source"), {XML_LANG: obj.original_language}).text = source_text
    target = ET.SubElement(unit, _x("target"), {XML_LANG: language_code})
    target.text = getattr(row, name, "") if row is not None else ""
    target.set("state", XLIFF_STATES[state])
    if state == TranslationState.MACHINE:
        target.set("state-qualifier", "leveraged-mt")
    if state == TranslationState.APPROVED:
        unit.set("approved", "yes")
    ET.SubElement(
        unit, _x("note"), {"from": "saga_cms", "annotates": "general"}
    ).text = f"{obj._meta.verbose_name} “{obj}”: {model_field.verbose_name}"
    if state == TranslationState.STALE and row is not None:
        before = (row.source_snapshot or {}).get(name, "")
        if before != source_text:
            ET.SubElement(unit, _x("note"), {"from": "saga_cms", "annotates": "source"}).text = _(
                "The source changed since this translation was made. It was: %(before)s"
            ) % {"before": before}
    return unit


def _without_declarations(element_bytes: bytes) -> bytes:
    """Drop the namespace declarations ET repeats on a fragment (the root declares them)."""
    for declaration in (f' xmlns="{XLIFF_NS}"', f' xmlns:saga="{SAGA_NS}"'):
        element_bytes = element_bytes.replace(declaration.encode(), b"", 1)
    return element_bytes


def _fragment(element: ET.Element, level: int) -> bytes:
    ET.indent(element, space="  ", level=level)
    return _without_declarations(ET.tostring(element, encoding="utf-8", xml_declaration=False))


def stream_xliff(saga, language_code: str):
    """
    Yield the XLIFF 1.2 document of ``saga`` for translation into ``language_code`` in
    pieces: one ``<file>`` per source language, one ``<group>`` per object, read from the
    database a batch at a time, so memory stays bounded whatever the saga's size.
    """
    yield (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<xliff xmlns="{XLIFF_NS}" xmlns:saga="{SAGA_NS}" version="1.2">'
    ).encode()
    date = timezone.now().replace(microsecond=0).isoformat()
    for source_language in sorted(language_codes()):
        opened = False
        for obj in _translatable_objects(saga, language_code, source_language):
            if not opened:
                opened = True
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
                opening = _fragment(file, 1)
                # Everything up to the body's content: the groups follow, then the closing.
                yield b"\n  " + opening[: opening.rindex(b"</body>")]
            group = ET.Element(
                _x("group"),
                {"id": f"{model_key(type(obj))}:{object_key(obj)}", "resname": str(obj)},
            )
            for name, text in obj.source_texts().items():
                if text.strip():
                    group.append(_unit(obj, name, text, language_code))
            yield b"      " + _fragment(group, 3) + b"\n"
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
    saga: TranslatableModel
    language_code: str
    applied: list[str] = field(default_factory=list)  # object keys written
    unchanged: int = 0  # objects whose text was already as in the file
    refused: list[Refusal] = field(default_factory=list)


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


def _parse(data: bytes):
    try:
        root = fromstring(data, forbid_dtd=True)
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
    if root.tag != _x("xliff") or root.get("version") != "1.2":
        raise XliffError([_("This is not an XLIFF 1.2 file.")])
    return root


def _file_saga_and_language(root, saga_model, expected_saga, expected_language):
    files = root.findall(_x("file"))
    if not files:
        raise XliffError([_("The file holds no <file> element.")])
    identities = set()
    for file in files:
        match = _ORIGINAL.match(file.get("original", ""))
        if match is None or file.get("target-language") != match["language"]:
            raise XliffError(
                [
                    _("The <file> “%(original)s” was not exported by saga_cms for one language.")
                    % {"original": file.get("original", "")}
                ]
            )
        identities.add((match["saga"], match["language"]))
    if len(identities) > 1:
        raise XliffError([_("The file mixes several sagas or languages.")])
    slug, language = identities.pop()
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


def _saga_objects(saga) -> dict[tuple[str, str], TranslatableModel]:
    """Return the saga's objects by (model key, object key), with their texts prefetched."""
    found = {}
    for model, queryset in saga_querysets(saga):
        for obj in for_states(queryset):
            found[(model_key(model), object_key(obj))] = obj
    return found


def _resolve(unit_id_text: str, members, language: str):
    """Return (object, field) for a unit id, or raise ValueError with the reason."""
    parts = unit_id_text.split(":")
    if len(parts) != 3:
        raise ValueError(_("this is not a saga_cms unit id"))
    label, key, name = parts
    model = model_by_key(label)
    if model is None:
        raise ValueError(_("there is no kind of object “%(label)s”") % {"label": label})
    obj = members.get((label, key))
    if obj is None:
        if not _object_exists(model, key):
            raise ValueError(_("no such object"))
        raise ValueError(_("this object is not part of this saga"))
    if name not in obj.translation_model().translated_fields:
        raise ValueError(_("“%(field)s” is not a text field here") % {"field": name})
    if obj.original_language == language:
        raise ValueError(_("this object is written in this language: it is the source"))
    return obj, name


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


# At most this many problems are reported (and looked into: telling "no such object" from
# "not in this saga" costs a query): a file with more is wrong throughout.
MAX_PROBLEMS = 50


def _collect_units(root, members, language) -> tuple[dict, list[str]]:
    by_object: dict[int, _ObjectUnits] = {}
    problems, seen = [], set()
    # A file exported from this saga has at most one unit per text field of its objects.
    max_units = sum(len(obj.translation_model().translated_fields) for obj in members.values())
    for number, unit in enumerate(root.iter(_x("trans-unit")), start=1):
        if number > max_units:
            problems.append(
                _("The file has more units than this saga has texts (%(count)s).")
                % {"count": max_units}
            )
            break
        if len(problems) >= MAX_PROBLEMS:
            problems.append(_("…and more problems: correct these first."))
            break
        uid = unit.get("id", "")
        if uid in seen:
            problems.append(_("Unit “%(unit)s”: it appears twice.") % {"unit": uid})
            continue
        seen.add(uid)
        try:
            obj, name = _resolve(uid, members, language)
            text = _target_text(unit)
        except ValueError as reason:
            problems.append(_("Unit “%(unit)s”: %(reason)s.") % {"unit": uid, "reason": reason})
            continue
        entry = by_object.setdefault(id(obj), _ObjectUnits(obj))
        entry.unit_ids.append(uid)
        if text is None or not text.strip():
            continue
        # Unit by unit: a field whose own source changed is left out, the others go in.
        source_changed = _source_changed_since_export(unit, obj, name)
        if source_changed:
            entry.refused.append(entry.refuse(uid, name, source_changed))
            continue
        entry.texts[name] = text
        if unit.find(_x("target")).get("state", "") in DONE_STATES or unit.get("approved") == "yes":
            entry.done.add(name)
        entry.refusal = entry.refusal or _row_changed_since_export(unit, obj, language)
    return by_object, problems


def refusal_for(obj, uid: str, name: str, reason: str) -> Refusal:
    """A refusal naming the object by its headline and the field as the interface says."""
    first = obj.translation_model().translated_fields[0]
    label = obj.localized(get_language() or "", public=False).text(first) or str(obj)
    verbose = obj.translation_model()._meta.get_field(name).verbose_name
    return Refusal(uid, reason, label=label, field=str(verbose))


def _source_changed_since_export(unit, obj, name: str) -> str:
    current = (obj.source_texts() or {}).get(name, "")
    exported = unit.get(_s("source-digest"))
    if exported is None:
        source = unit.find(_x("source"))
        exported = field_digest("".join(source.itertext()) if source is not None else "")
    if exported != field_digest(current):
        return _("its source text changed since the export; export the saga again")
    return ""


def _row_changed_since_export(unit, obj, language: str) -> str:
    row = obj.translation(language)
    version = unit.get(_s("version"))
    if row is not None and version and version != str(row.version):
        return _("its translation was changed in saga_cms since the export")
    return ""


def import_xliff(
    data: bytes, *, file_name: str, user, saga=None, language_code: str | None = None
) -> ImportResult:
    """
    Import a translated XLIFF file on behalf of ``user``; all or nothing.

    ``saga`` and ``language_code``, when given, are what the file must belong to. Raises
    ``XliffError`` (nothing written) when the file cannot be imported as a whole.
    """
    from translations.scope import saga_model

    root = _parse(data)
    saga, language = _file_saga_and_language(root, saga_model(), saga, language_code)
    by_object, problems = _collect_units(root, _saga_objects(saga), language)
    if problems:
        raise XliffError(problems)
    result = ImportResult(saga=saga, language_code=language)
    pending = []
    for entry in by_object.values():
        result.refused += entry.refused
        if entry.refusal:
            refused = {r.unit_id for r in entry.refused}
            result.refused += [
                entry.refuse(uid, uid.rsplit(":", 1)[1], entry.refusal)
                for uid in entry.unit_ids
                if uid not in refused
            ]
        elif not entry.texts:
            continue
        elif _needs_writing(entry, language):
            pending.append(entry)
        else:
            result.unchanged += 1
    _write(pending, result, user=user, file_name=file_name, language=language)
    return result


def _needs_writing(entry: _ObjectUnits, language: str) -> bool:
    row = entry.obj.translation(language)
    if entry.changed(row):
        return True
    # Same text, but the translator confirmed that a stale translation still fits.
    return row is not None and row.is_stale and entry.is_current(row)


def _write(pending, result: ImportResult, *, user, file_name: str, language: str) -> None:
    provenance = Provenance(TranslationOrigin.IMPORT, detail=file_name, at=timezone.now())
    with transaction.atomic(), reversion.create_revision():
        for entry in pending:
            obj = entry.obj
            model = obj.translation_model()
            existing = obj.translation(language)
            row = existing or model(**{model.parent_field: obj}, language_code=language)
            try:
                translation_save(
                    row=row,
                    user=user,
                    texts=entry.texts,
                    status=TranslationStatus.IN_REVIEW,
                    provenance=provenance,
                    made_from_current_source=entry.is_current(existing),
                )
            except (PermissionDenied, ValidationError) as error:
                # A text that cannot be saved (too long, not allowed) refuses the whole file:
                # nothing is written, and the problem is named.
                raise XliffError(
                    [
                        _("Unit “%(unit)s”: %(reason)s")
                        % {"unit": uid, "reason": _error_text(error)}
                        for uid in entry.unit_ids
                    ]
                ) from error
            for item in (obj, row):
                if reversion.is_registered(type(item)):
                    reversion.add_to_revision(item)
            result.applied.append(f"{model_key(type(obj))}:{object_key(obj)}")
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(
            _("Imported %(count)s translation(s) into %(language)s from %(file)s.")
            % {"count": len(result.applied), "language": language, "file": file_name}
        )


def _error_text(error) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return " ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
