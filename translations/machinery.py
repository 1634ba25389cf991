"""
Over 600 lines on purpose: the base classes, querysets and text joins of one mechanism, kept whole.

The shared translation machinery, used by every translatable model.

A translatable object (``Event``, ``Person``...) holds the language-neutral facts. Its text
lives in a sibling table, one row per (object, language), whose model subclasses
``Translation``. The row in the object's original language is the *source text*; every
other row is a translation of it and records the digest (and a snapshot) of the source
text it was made from, so that staleness is derived, never stored:

    stale  <=>  not the source row  and  its source_digest != digest(current source text)

which the database works out, the one place it is written (``translations.state_rule``).

Readers get ``obj.localized(lang)``: the approved text in their language, else the approved
source text marked as a fallback, never a draft. Adding a language is a settings change:
language fields take their choices from ``settings.LANGUAGES`` when they are validated.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, FilteredRelation, Prefetch, Q
from django.db.models.query import ModelIterable, RelatedPopulator
from django.utils.translation import gettext_lazy as _

from core.languages import (  # noqa: F401 (here too: where the machinery is read)
    TranslationState,
    TranslationStatus,
    language_choices,
    language_codes,
    language_name,
    validate_language_code,
)
from core.natural_keys import NaturalKeyManagerMixin, related_filter, related_object
from translations.state_rule import (
    ROW_STATE,
    joined_row_states,
    state_column,
    with_row_state,
    with_states,
)


def text_digest(texts: Mapping[str, str]) -> str:
    """Return a stable digest of a set of text fields (order and key order do not matter)."""
    return _digest_of_items(tuple(sorted(texts.items())))


# Every translation shown asks whether it is stale, which digests its source text: a page of
# 50 events asks it hundreds of times, mostly of the same few texts (a person's name, a tag).
@lru_cache(maxsize=4096)
def _digest_of_items(items: tuple[tuple[str, str], ...]) -> str:
    payload = json.dumps(dict(items), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class DigestField(models.CharField):
    """
    The stored digest of a row's own text (``stored_digest()`` of its model), set on every
    write that goes through the model (save, bulk_create, loaddata's raw saves by the
    ``pre_save`` hook of the translations app), so staleness can be compared in SQL.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = model_instance.stored_digest()
        setattr(model_instance, self.attname, value)
        return value


def refresh_digests(instance) -> None:
    """Set the digest fields of ``instance`` (for saves that skip ``pre_save``: loaddata)."""
    for field_ in instance._meta.concrete_fields:
        if isinstance(field_, DigestField):
            field_.pre_save(instance, add=False)


class TranslationOrigin(models.TextChoices):
    HUMAN = "human", _("written by a person")
    MACHINE = "machine", _("machine translation")
    IMPORT = "import", _("imported from a file")
    PIVOT = "pivot", _("translated via another language")


def translation_constraints(parent_field: str, model_name: str) -> list:
    """Return the database constraints every translation table carries."""
    return [
        models.UniqueConstraint(
            fields=[parent_field, "language_code"],
            name=f"{model_name}_one_per_language",
            violation_error_message=_("There is already a text in this language."),
        ),
        # The list of languages is a setting, so the database can only hold the shape of a
        # code; membership in LANGUAGES is checked by model validation.
        models.CheckConstraint(
            condition=Q(language_code__regex=r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$"),
            name=f"{model_name}_language_code_shape",
            violation_error_message=_("A language code looks like “ja”, “en” or “zh-hans”."),
        ),
    ]


class TranslationManager(NaturalKeyManagerMixin, models.Manager):
    def natural_key_filter(self, *key):
        """A row's natural key is its object's natural key followed by the language code."""
        *parent_key, language_code = key
        parent_field = self.model.parent_field
        parents = self.model._meta.get_field(parent_field).related_model._default_manager
        return {
            **related_filter(parents, parent_field, *parent_key),
            "language_code": language_code,
        }


class Translation(models.Model):
    """
    Abstract base of every translation table.

    Concrete subclasses declare a foreign key to their object with
    ``related_name="translations"``, name it in ``parent_field``, list their text fields
    in ``translated_fields`` (and the ones that may not be empty in ``required_fields``),
    and add ``translation_constraints(...)`` to their ``Meta.constraints``.
    """

    parent_field: str = ""
    translated_fields: tuple[str, ...] = ()
    required_fields: tuple[str, ...] = ()

    language_code = models.CharField(
        _("language"), max_length=15, choices=language_choices, db_index=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TranslationStatus.choices,
        default=TranslationStatus.DRAFT,
        db_index=True,
    )
    origin = models.CharField(
        _("origin"),
        max_length=16,
        choices=TranslationOrigin.choices,
        default=TranslationOrigin.HUMAN,
    )
    origin_detail = models.CharField(
        _("origin detail"),
        max_length=255,
        blank=True,
        help_text=_("The engine, the imported file's name, or how the text was obtained."),
    )
    origin_language = models.CharField(
        _("translated via"),
        max_length=15,
        blank=True,
        help_text=_("For a text translated via another language: that language's code."),
    )
    origin_at = models.DateTimeField(
        _("obtained at"),
        null=True,
        blank=True,
        help_text=_("When the text was imported or generated."),
    )
    source_digest = models.CharField(
        _("source digest"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Digest of the source text this translation was made from."),
    )
    source_snapshot = models.JSONField(
        _("source snapshot"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The source text this translation was made from, to show what changed since."),
    )
    texts_digest = DigestField(
        _("text digest"), help_text=_("Digest of this row's own text, kept on every save.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_texts = models.JSONField(
        _("last approved text"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "While a change to an approved text awaits review, the text readers keep seeing."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TranslationManager()

    class Meta:
        abstract = True
        ordering = ["language_code"]

    def __str__(self):
        return f"{self.parent} [{self.language_code}]"

    def save(self, *args, **kwargs):
        self.__dict__.pop(ROW_STATE, None)  # the state loaded with the row may change now
        super().save(*args, **kwargs)

    def natural_key(self):
        return (*related_object(self, self.parent_field).natural_key(), self.language_code)

    @property
    def parent(self) -> TranslatableModel:
        return getattr(self, self.parent_field)

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) or "" for name in self.translated_fields}

    def stored_digest(self) -> str:
        """What ``texts_digest`` holds: the digest a translation of this text records."""
        return text_digest(self.texts())

    def for_readers(self) -> Translation | None:
        """
        Return this row as readers may see it, or None when they may not see it at all.

        An approved row is shown as it is. A row changed after its approval and not yet
        approved again is shown with its last approved text (``approved_texts``): a change
        waiting for review never takes a published text away from readers. Anything else
        (machine output, drafts, text in review that was never approved) is not shown: the
        rule is ``readers_see``, which the database filters (``shown_to_readers_q``) apply too.
        """
        seen = readers_see(self.status, self.approved_texts)
        if seen is None:
            return None
        if seen is OWN_TEXT:
            return self
        shown = copy.copy(self)
        for name in self.translated_fields:
            setattr(shown, name, self.approved_texts.get(name, ""))
        shown.status = TranslationStatus.APPROVED
        shown.is_kept_text = True
        return shown

    def keep_approved_text(self, previous_status: str, previous_texts: dict[str, str]) -> None:
        """
        Update ``approved_texts`` for a save that moves the row from ``previous_status``
        and ``previous_texts`` to its current status and texts (``translation_save``).
        """
        if TranslationStatus.shown_to_readers(self.status):
            self.approved_texts = None  # the row itself is what readers see
        elif TranslationStatus.shown_to_readers(previous_status):
            self.approved_texts = previous_texts

    @property
    def is_source(self) -> bool:
        """Whether this row is the source text (the object's original language)."""
        return self.language_code == self.parent.original_language

    @property
    def is_stale(self) -> bool:
        """Whether the source text changed after this translation was made from it."""
        return self.state == TranslationState.STALE

    @property
    def state(self) -> TranslationState:
        """
        The row's state (its status, or *stale*), as the database works it out
        (``translations.state_rule``): read from the annotation the row was loaded with
        (``with_row_state``, the prefetches and joins of this module), else asked of the
        database. The last approved text kept for readers (``for_readers``) is approved,
        unless stale.
        """
        state = self.__dict__.get(ROW_STATE) or self._state_in_database()
        if getattr(self, "is_kept_text", False) and state != TranslationState.STALE:
            return TranslationState.APPROVED
        return TranslationState(state)

    def _state_in_database(self) -> str:
        if self.pk is None:
            return self.status  # not saved: nothing the database could have made it from
        rows = with_row_state(type(self)._default_manager.filter(pk=self.pk))
        return rows.values_list(ROW_STATE, flat=True).first() or self.status

    def provenance(self) -> dict:
        """Return where the text came from, as plain data (for the admin and the API)."""
        return {
            "origin": self.origin,
            "detail": self.origin_detail,
            "via": self.origin_language,
            "at": self.origin_at,
        }

    def provenance_label(self) -> str:
        """Return where the text came from, in words: “machine translation (DeepL)”."""
        label = str(TranslationOrigin(self.origin).label)
        details = [self.origin_detail] if self.origin_detail else []
        if self.origin_language:
            details.append(
                _("via %(language)s") % {"language": language_name(self.origin_language)}
            )
        return f"{label} ({', '.join(str(d) for d in details)})" if details else label

    def record_source(self) -> None:
        """Mark this translation as made from the object's current source text."""
        if self.is_source:
            self.source_digest, self.source_snapshot = "", {}
            return
        source = self.parent.source_texts() or {}
        self.source_digest = text_digest(source) if source else ""
        self.source_snapshot = source

    def clean(self):
        super().clean()
        errors = {}
        if self.language_code:
            try:
                validate_language_code(self.language_code)
            except ValidationError as error:
                errors["language_code"] = error
        for name in self.required_fields:
            if not (getattr(self, name) or "").strip():
                errors[name] = ValidationError(_("This text may not be empty."), code="required")
        errors.update(self.provenance_errors())
        if errors:
            raise ValidationError(errors)

    def provenance_errors(self) -> dict[str, ValidationError]:
        """Return what is missing or contradictory in the provenance fields."""
        errors = {}
        needs_detail = {
            TranslationOrigin.MACHINE: _("Name the engine that produced this text."),
            TranslationOrigin.IMPORT: _("Name the file this text was imported from."),
        }
        if self.origin in needs_detail and not self.origin_detail.strip():
            errors["origin_detail"] = ValidationError(needs_detail[self.origin], code="required")
        if self.origin == TranslationOrigin.PIVOT and not self.origin_language:
            errors["origin_language"] = ValidationError(
                _("Name the language this text was translated via."), code="required"
            )
        if self.origin_language and self.origin_language == self.language_code:
            errors["origin_language"] = ValidationError(
                _("A text cannot be translated via its own language."), code="invalid"
            )
        return errors


@dataclass(frozen=True)
class Localized:
    """The text of one object as shown in one language, and how it was chosen."""

    requested_language: str
    language_code: str = ""
    status: str = TranslationState.MISSING
    texts: Mapping[str, str] = field(default_factory=dict)
    translation: Translation | None = None

    @property
    def is_fallback(self) -> bool:
        """Whether the text is in another language than the one asked for."""
        return bool(self.language_code) and self.language_code != self.requested_language

    @property
    def exists(self) -> bool:
        return bool(self.language_code)

    def __getattr__(self, name):
        # Lets templates and serializers read fields directly: ``{{ text.headline }}``.
        texts = self.__dict__.get("texts", {})
        if name in texts:
            return texts[name]
        raise AttributeError(name)

    def text(self, name: str, default: str = "") -> str:
        """Return one text field, or ``default`` when there is no text to show (never raise)."""
        return self.__dict__.get("texts", {}).get(name) or default

    @property
    def state(self) -> TranslationState:
        """The state of the text shown (approved, or stale... for editors: any)."""
        if self.translation is not None:
            return self.translation.state
        return TranslationState(self.status)

    @classmethod
    def from_row(cls, row: Translation, requested_language: str) -> Localized:
        return cls(
            requested_language=requested_language,
            language_code=row.language_code,
            status=row.status,
            texts=row.texts(),
            translation=row,
        )


class TranslatableModel(models.Model):
    """
    Abstract base of every model with text in several languages.

    Concrete models provide ``original_language`` (a field, or a property that follows a
    relation) and name its ORM path in ``original_language_path``.
    """

    original_language_path = "original_language"
    # ORM lookups from this model to the saga its objects belong to ("saga",
    # "events__saga"); the saga model itself says ("pk",). A model without any is part of
    # a saga when an object of the saga refers to it (an image). See
    # ``translations.scope.saga_members``.
    saga_lookups: tuple[str, ...] = ()
    # A model whose source text is a field of its own (a citation's quote) names it here,
    # with a ``DigestField`` named ``<field>_digest`` beside it (see ``translations.states``).
    inline_source_field: str = ""
    # The ORM path of the date that puts new objects first on the work lists ("" for the
    # object's ``created_at`` when it has one).
    newness_path: str = ""

    class Meta:
        abstract = True

    @classmethod
    def translation_model(cls) -> type[Translation]:
        return cls._meta.get_field("translations").related_model

    def translation_rows(self) -> list[Translation]:
        """Return the translations, from the prefetch cache when the queryset made one."""
        # Read the prefetched rows directly: going through the related manager builds a
        # manager and a queryset on every call, which costs more than the rows on long pages.
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("translations")
        if prefetched is not None:
            return list(prefetched)
        return list(with_row_state(self.translations.all()))

    def translation(self, language_code: str) -> Translation | None:
        return next((t for t in self.translation_rows() if t.language_code == language_code), None)

    def source_texts(self) -> dict[str, str] | None:
        """Return the source text (the original language's row), whatever its status."""
        row = self.translation(self.original_language)
        return row.texts() if row else None

    def source_digest(self) -> str | None:
        texts = self.source_texts()
        return text_digest(texts) if texts is not None else None

    def original_localized(self, requested_language: str, *, public: bool) -> Localized:
        """Return the source text as a fallback (what readers may see of it, for readers)."""
        row = self.translation(self.original_language)
        if row is not None and public:
            row = row.for_readers()
        if row is None:
            return Localized(requested_language=requested_language)
        return Localized.from_row(row, requested_language)

    def localized(self, language_code: str, *, public: bool = True) -> Localized:
        """
        Return the text to show in ``language_code``.

        Readers (``public=True``) get the approved translation in that language (its last
        approved text while a change awaits review, see ``Translation.for_readers``), else
        the approved source text as a fallback, else nothing. Editors (``public=False``) get
        whatever text exists in that language, else the source text.
        """
        row = self.translation(language_code)
        if row is not None and public:
            row = row.for_readers()
        if row is not None:
            return Localized.from_row(row, language_code)
        return self.original_localized(language_code, public=public)

    def translation_state(self, language_code: str) -> TranslationState:
        """
        Return the object's state in ``language_code`` (its badge), as the database works it
        out (``translations.state_rule.with_states``): read from the queryset's annotation
        when it made one, else asked of the database (one query).
        """
        return self.translation_states([language_code])[language_code]

    def translation_states(self, languages=None) -> dict[str, TranslationState]:
        """Return the object's state in each of ``languages`` (every site language)."""
        languages = list(language_codes() if languages is None else languages)
        found = {code: self.__dict__.get(state_column(code)) for code in languages}
        unknown = [code for code, state in found.items() if state is None]
        if unknown:
            own = with_states(type(self)._default_manager.filter(pk=self.pk), unknown)
            asked = own.values(*(state_column(code) for code in unknown)).first() or {}
            for code in unknown:
                found[code] = asked.get(state_column(code)) or TranslationState.MISSING
        return {code: TranslationState(state) for code, state in found.items()}


# Which text of a translation row readers see: the one definition (``readers_see``), applied
# to a row in memory by ``Translation.for_readers`` and ``localized_labels``, and turned into
# filters on the table (``_readers_see_q``) for search and listings.
OWN_TEXT, KEPT_TEXT = "own", "kept"


def readers_see(status: str, approved_texts: dict | None) -> str | None:
    """
    Return which text readers see of a row with ``status`` and ``approved_texts``: its own
    (``OWN_TEXT``: a status readers see), its last approved text (``KEPT_TEXT``: a change
    awaiting review), or None (machine output, drafts, text in review never approved).
    """
    if TranslationStatus.shown_to_readers(status):
        return OWN_TEXT
    if approved_texts is not None:
        return KEPT_TEXT
    return None


def _readers_see_q(seen: str) -> Q:
    """The rows of which ``readers_see`` answers ``seen``, as a filter: the same tests in SQL."""
    shown_statuses = [s for s in TranslationStatus.values if TranslationStatus.shown_to_readers(s)]
    own = Q(status__in=shown_statuses)
    if seen == OWN_TEXT:
        return own
    return ~own & Q(approved_texts__isnull=False)


def shown_to_readers_q() -> Q:
    """The translation rows readers see any text of (``readers_see``), as a filter."""
    return _readers_see_q(OWN_TEXT) | _readers_see_q(KEPT_TEXT)


def text_contains_q(fields: tuple[str, ...], text: str, *, public: bool) -> Q:
    """
    The translation rows one of whose ``fields`` contains ``text`` (case-insensitive): as
    readers see it with ``public`` (``Translation.for_readers``), else as the row holds it.
    """
    current = Q()
    for name in fields:
        current |= Q(**{f"{name}__icontains": text})
    if not public:
        return current
    kept = Q()
    for name in fields:
        kept |= Q(**{f"approved_texts__{name}__icontains": text})
    return (_readers_see_q(OWN_TEXT) & current) | (_readers_see_q(KEPT_TEXT) & kept)


def translations_prefetch(
    lookup: str, model: type[TranslatableModel], language_code: str | None = None
) -> Prefetch:
    """
    Return a Prefetch of ``lookup`` (a path ending in ``translations``) for ``model``.

    With a language, only the rows a reader of that language can be shown are fetched:
    that language and the source text.
    """
    rows = with_row_state(model.translation_model().objects.all())
    if language_code:
        parent = model.translation_model().parent_field
        rows = rows.filter(
            Q(language_code=language_code)
            | Q(language_code=F(f"{parent}__{model.original_language_path}"))
        )
    return Prefetch(lookup, queryset=rows)


# The columns of a translation row that ``localized`` never reads (see ``join_texts``);
# ``updated_at`` stays: the API dates its answers (Last-Modified) from it.
UNSHOWN_FIELDS = (
    "source_snapshot",
    "origin",
    "origin_detail",
    "origin_language",
    "origin_at",
    "reviewed_by",
    "reviewed_at",
    "version",
    "created_at",
    "updated_by",
)


def join_texts(
    queryset: models.QuerySet, language_code: str, *paths: str, states: bool = True
) -> models.QuerySet:
    """
    Return ``queryset`` joining, rather than prefetching, the translations
    ``localized(language_code)`` reads (that language and the source text) of the object at
    each of ``paths``: "" for each object itself, or a chain of single-valued relations
    ("saga", "chapter", "source__publisher"), which is selected too. Each path saves a query;
    the rows are handed to their objects as if prefetched.

    With ``states``, each row also carries its state (``Translation.state``, the badge the
    API and the editors' screens show). Readers' pages never show it and pass False: its
    expressions are about half of what compiling such a query costs, on every request. A
    row loaded without its state asks the database for it if it is ever read.
    """
    relations, aliases, annotations = {}, {}, {}
    for path in paths:
        relations.update(_text_relations(queryset.model, path, language_code))
        if states:
            path_aliases, path_states = joined_row_states(
                _model_at(queryset.model, path), _text_alias(path), f"{path}__" if path else ""
            )
            aliases.update(path_aliases)
            annotations.update(path_states)
    joined = tuple(dict.fromkeys((*getattr(queryset._iterable_class, "text_paths", ()), *paths)))
    clone = (
        queryset.annotate(**relations)
        .alias(**aliases)
        .annotate(**annotations)
        .select_related(*relations, *filter(None, paths))
    )
    if "" in paths:  # Django defers through a one-level filtered relation only
        own = _text_alias("")
        # What a translation was made from is for the admin's diff, and its review and
        # provenance for the editors' screens: ``localized`` reads none of them, and each
        # date costs a conversion per row (thousands on a page of 50 events).
        clone = clone.defer(
            *(f"{own}_{row}__{name}" for row in ("asked", "source") for name in UNSHOWN_FIELDS)
        )
    clone._iterable_class = _joined_texts_iterable(joined)
    return clone


def localized_labels(
    queryset: models.QuerySet, language_code: str, field: str, key: str = "slug"
) -> list[tuple[object, str]]:
    """
    Return ``(key, label)`` for each object of ``queryset``, in its order: the ``field`` of
    the text ``localized(language_code)`` shows readers, or the key when there is none.

    One query of plain values, no model instances: for lists of hundreds of names (a
    timeline's filters) where building each object and its texts costs more than the page.
    The choice of text is ``localized``'s (approved in that language, else the approved
    source text), read from the two rows ``join_texts`` would join.
    """
    alias = _text_alias("")
    asked, source = f"{alias}_asked", f"{alias}_source"
    rows = queryset.annotate(**_text_relations(queryset.model, "", language_code)).values_list(
        key,
        *(f"{row}__{name}" for row in (asked, source) for name in READER_COLUMNS),
        f"{asked}__{field}",
        f"{source}__{field}",
    )
    labels = []
    for value, *states, asked_text, source_text in rows:
        asked_label = _label_for_readers(*states[:2], asked_text, field)
        source_label = _label_for_readers(*states[2:], source_text, field)
        shown = asked_label if asked_label is not None else source_label
        labels.append((value, value if shown is None else shown))
    return labels


# What ``Translation.for_readers`` reads of a row besides its texts.
READER_COLUMNS = ("status", "approved_texts")


def _label_for_readers(status, approved_texts, text, field: str) -> str | None:
    """``Translation.for_readers`` on one field of a row read as plain values."""
    seen = readers_see(status, approved_texts)
    if seen is OWN_TEXT:
        return text or ""
    if seen is KEPT_TEXT:
        return approved_texts.get(field, "")
    return None


def _text_alias(path: str) -> str:
    return "_text_" + (path.replace("__", "_") or "self")


def _model_at(model, path: str):
    for part in filter(None, path.split("__")):
        model = model._meta.get_field(part).related_model
    return model


def _text_relations(model, path: str, language_code: str) -> dict[str, FilteredRelation]:
    target = _model_at(model, path)
    prefix = f"{path}__" if path else ""
    rows = f"{prefix}translations"
    alias = _text_alias(path)
    original = F(f"{prefix}{target.original_language_path}")
    return {
        f"{alias}_asked": FilteredRelation(
            rows, condition=Q(**{f"{rows}__language_code": language_code})
        ),
        f"{alias}_source": FilteredRelation(
            rows, condition=Q(**{f"{rows}__language_code": original})
        ),
    }


class JoinedTextsIterable(ModelIterable):
    """
    Yield objects whose joined translations (``join_texts``) are handed to their owners.

    Each selected related object and joined text is built once per query: the rows that
    show the same person, tag, chapter or saga share one instance (``SharedPopulator``).
    A timeline page's 150 involvements name a few dozen people, its 100 tags a dozen.
    """

    text_paths: tuple[str, ...] = ()

    def __iter__(self):
        for obj in self._objects():
            for path in self.text_paths:
                _adopt_joined_texts(obj, path)
            yield obj

    def _objects(self):
        # ``ModelIterable.__iter__``, with shared populators.
        queryset = self.queryset
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        select, klass_info = compiler.select, compiler.klass_info
        annotation_col_map = compiler.annotation_col_map
        model_cls = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = SharedPopulator.for_relations(klass_info, select, db, built={})
        # The objects a related manager's queryset knows already (``saga.events``: the saga).
        known = [
            (relation, objects, attrgetter(relation.attname))
            for relation, objects in queryset._known_related_objects.items()
        ]
        for row in compiler.results_iter(results):
            obj = model_cls.from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotation_col_map.items():
                setattr(obj, name, row[position])
            for relation, objects, related_id in known:
                if not relation.is_cached(obj) and related_id(obj) in objects:
                    setattr(obj, relation.name, objects[related_id(obj)])
            yield obj


class SharedPopulator(RelatedPopulator):
    """
    Django's populator of a selected relation, building each related object once per query.

    ``built`` is shared by every populator of the query, keyed by model, columns, selected
    relations and key: the text a page asks for and the original it falls back to are one row
    when the asked language is the original, and are then one instance.
    """

    def __init__(self, klass_info, select, db, *, built: dict):
        super().__init__(klass_info, select, db)
        self.related_populators = self.for_relations(klass_info, select, db, built=built)
        self.built = built
        # Only objects read with the same columns and the same selected relations are shared.
        self.kind = (
            self.model_cls,
            tuple(self.init_list),
            tuple(populator.kind for populator in self.related_populators),
        )

    @classmethod
    def for_relations(cls, klass_info, select, db, *, built: dict) -> list[SharedPopulator]:
        infos = klass_info.get("related_klass_infos", [])
        return [cls(info, select, db, built=built) for info in infos]

    def populate(self, row, from_obj):
        if self.reorder_for_init:
            data = self.reorder_for_init(row)
        else:
            data = row[self.cols_start : self.cols_end]
        pk = data[self.pk_idx]
        obj = None if pk is None else self.built.get((self.kind, pk))
        if obj is None and pk is not None:
            obj = self.model_cls.from_db(self.db, self.init_list, data)
            self.built[(self.kind, pk)] = obj
            for populator in self.related_populators:
                populator.populate(row, obj)
        self.local_setter(from_obj, obj)
        if obj is not None:
            self.remote_setter(obj, from_obj)


@cache
def _joined_texts_iterable(paths: tuple[str, ...]) -> type[JoinedTextsIterable]:
    return type("JoinedTextsIterable", (JoinedTextsIterable,), {"text_paths": paths})


def _adopt_joined_texts(obj, path: str) -> None:
    owner = obj
    for part in filter(None, path.split("__")):
        owner = getattr(owner, part)
        if owner is None:
            return
    alias = _text_alias(path)
    rows = {}
    for which in ("asked", "source"):
        row = getattr(obj, f"{alias}_{which}", None)
        if row is not None:
            row.__dict__[ROW_STATE] = getattr(obj, f"{alias}_{which}_state", None)
            rows[row.pk] = row
    parent = (
        type(owner)
        .translation_model()
        ._meta.get_field(type(owner).translation_model().parent_field)
    )
    for row in rows.values():
        parent.set_cached_value(row, owner)
    owner.__dict__.setdefault("_prefetched_objects_cache", {})["translations"] = list(rows.values())


def attach_translations(objects, parents: models.QuerySet, language_code: str) -> None:
    """
    Give each of ``objects`` (the results of ``parents``) the translations
    ``localized(language_code)`` reads, in one query, as ``for_language`` would.

    For exports of thousands of objects: ``prefetch_related`` builds a queryset per object,
    which costs more than the rows themselves.
    """
    model = parents.model
    parent_field = model.translation_model().parent_field
    rows = (
        translations_prefetch("translations", model, language_code)
        .queryset.filter(**{f"{parent_field}__in": parents.order_by().values("pk")})
        .defer(*UNSHOWN_FIELDS)
    )
    by_parent = {obj.pk: obj for obj in objects}
    found: dict[int, list] = {pk: [] for pk in by_parent}
    descriptor = model.translation_model()._meta.get_field(parent_field)
    for row in rows:
        parent_pk = getattr(row, descriptor.attname)
        if parent_pk in by_parent:
            descriptor.set_cached_value(row, by_parent[parent_pk])
            found[parent_pk].append(row)
    for pk, obj in by_parent.items():
        obj.__dict__.setdefault("_prefetched_objects_cache", {})["translations"] = found[pk]


class TranslatableQuerySet(models.QuerySet):
    def with_translations(self):
        """Prefetch every translation (editors' views, badges, exports)."""
        return self.prefetch_related(translations_prefetch("translations", self.model))

    def for_language(self, language_code: str):
        """Prefetch just what ``localized(language_code)`` needs (readers' views)."""
        return self.prefetch_related(
            translations_prefetch("translations", self.model, language_code)
        )
