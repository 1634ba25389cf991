"""
Serializers for translated text.

Every translatable object in a payload carries its text in the request's language, as
``obj.localized()`` chooses it (readers: approved text, else the approved original marked
as a fallback; staff: whatever text exists), and says which language that text is in
(``language``), whether it is a fallback (``is_fallback``) and the state of the object's
translation into the requested language (``translation_status``: approved, in_review,
draft, machine, stale or missing). With ``?lang=all`` it also lists every translation
(``translations``, null otherwise; readers see only approved ones).
"""

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override
from rest_framework import serializers

from api.reading import ReadSerializerMixin
from api.strict import StrictBooleanField, StrictModelSerializer
from translations.machinery import (
    Localized,
    TranslationOrigin,
    TranslationState,
    TranslationStatus,
    language_choices,
)
from translations.quality import Glossary, check_translation, debris_entries


def text_language(context) -> str:
    """Return the language a serializer's ``context`` asks text in (the API sets ``language``)."""
    return context.get("language") or get_language() or settings.LANGUAGE_CODE


def is_public(context) -> bool:
    """
    Return whether a serializer's ``context`` is for readers (approved text only).

    The API sets ``public`` from the user's rights; a serializer used without it (a
    command, a test) errs on the readers' side.
    """
    return context.get("public", True)


def localized_text(obj, context) -> Localized:
    """Return ``obj``'s text for this request, computed once per object and request shape."""
    key = (text_language(context), is_public(context))
    cache = obj.__dict__.setdefault("_api_localized", {})
    if key not in cache:
        cache[key] = obj.localized(key[0], public=key[1])
    return cache[key]


def shown_status(obj, shown: Localized, context) -> str:
    """
    Return the state of ``obj``'s text in the requested language (``translation_status``):
    of the text shown when it is in that language, else of the row in that language that
    readers may not see (its state, read from the query that loaded it), else missing.
    """
    if shown.exists and not shown.is_fallback:
        return shown.state.value
    row = obj.translation(text_language(context))
    return (row.state if row is not None else TranslationState.MISSING).value


class LanguageField(serializers.ChoiceField):
    """A language of the site; its choices are read from settings each time it is built."""

    def __init__(self, **kwargs):
        super().__init__(choices=language_choices(), **kwargs)


class _ReadsLocalized:
    """A read-only field computed from the whole object's localized text."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        context = self.context  # found by walking up to the root: once, not twice
        return self.represent(obj, localized_text(obj, context), context)

    def represent(self, obj, shown: Localized, context):
        """Return the field's value from ``shown``, the object's text for this request."""
        raise NotImplementedError


class TextLanguageField(_ReadsLocalized, LanguageField):
    def __init__(self, **kwargs):
        super().__init__(
            allow_null=True,
            help_text=_("The language the text fields are in; null when there is no text to show."),
            **kwargs,
        )

    def represent(self, obj, shown, context):
        return shown.language_code or None


class IsFallbackField(_ReadsLocalized, serializers.BooleanField):
    def __init__(self, **kwargs):
        super().__init__(
            help_text=_(
                "Whether the text is the original shown because the requested language "
                "has no text a reader may see."
            ),
            **kwargs,
        )

    def represent(self, obj, shown, context):
        return shown.is_fallback


class TranslationStatusField(_ReadsLocalized, serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=TranslationState.choices,
            help_text=_("The state of this object's text in the requested language."),
            **kwargs,
        )

    def represent(self, obj, shown, context):
        return shown_status(obj, shown, context)


class LocalizedTextField(_ReadsLocalized, serializers.CharField):
    def __init__(self, name: str, **kwargs):
        self.text_name = name
        super().__init__(**kwargs)

    def represent(self, obj, shown, context):
        return shown.texts.get(self.text_name, "")


class QualityWarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, for programs: “name_missing”, …"))
    field = serializers.CharField(help_text=_("The text field concerned; empty for the row."))
    message = serializers.CharField(help_text=_("For people, in the response's language."))


class QualityWarningsField(serializers.Field):
    """The quality checks' warnings on a row, for staff; null for readers."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)
        set_override(self, "field", QualityWarningSerializer(many=True, allow_null=True))

    def to_representation(self, row):
        if is_public(self.context) or row.pk is None:
            return None
        # One glossary and one debris list per language for the whole response.
        cache = self.context.setdefault("_quality", {})
        if "glossary" not in cache:
            cache["glossary"] = Glossary.load()
        if row.language_code not in cache:
            cache[row.language_code] = debris_entries(row.language_code)
        warnings = check_translation(
            row, glossary=cache["glossary"], debris=cache[row.language_code]
        )
        return [warning.as_dict() for warning in warnings]


class TranslationRowSerializer(StrictModelSerializer):
    """One translation row: its text, review state and provenance. Base of each model's."""

    base_fields = [
        "language",
        "status",
        "state",
        "is_source",
        "origin",
        "origin_detail",
        "origin_language",
        "origin_at",
        "reviewed_at",
        "version",
        "updated_at",
        "qa_warnings",
        "minor_change",
    ]

    language = LanguageField(source="language_code", read_only=True)
    status = serializers.ChoiceField(choices=TranslationStatus.choices, required=False)
    state = serializers.ChoiceField(
        choices=TranslationState.choices,
        read_only=True,
        help_text=_("The status, or “stale” when the source text changed after this was made."),
    )
    is_source = serializers.BooleanField(
        read_only=True, help_text=_("Whether this is the original text the others translate.")
    )
    origin = serializers.ChoiceField(choices=TranslationOrigin.choices, required=False)
    minor_change = StrictBooleanField(
        write_only=True,
        required=False,
        help_text=_(
            "Editors, on an original text: a typo fixed, so its translations stay current."
        ),
    )
    qa_warnings = QualityWarningsField(
        help_text=_("What the quality checks found, for staff (null for readers).")
    )

    class Meta:
        read_only_fields = ["reviewed_at", "version", "updated_at"]

    def get_field_names(self, declared_fields, info):
        """Return the metadata fields, then the text fields of the model (``Meta.model``)."""
        return [*self.base_fields, *self.Meta.model.translated_fields]

    def to_representation(self, row):
        data = super().to_representation(row)
        if is_public(self.context):
            # Where a text came from in detail (an imported file's name, the engine) is the
            # newsroom's business; readers see the kind of origin only.
            data["origin_detail"] = None
        return data


class TranslationsField(serializers.Field):
    """Every translation row a client may see with ``?lang=all``; null otherwise."""

    def __init__(self, row_serializer_class, **kwargs):
        self.row_serializer_class = row_serializer_class
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)
        set_override(self, "field", row_serializer_class(many=True, allow_null=True))

    def to_representation(self, obj):
        context = self.context
        if not context.get("all_languages"):
            return None
        rows = obj.translation_rows()
        if is_public(context):
            rows = [shown for row in rows if (shown := row.for_readers()) is not None]
        return self.row_serializer_class(rows, many=True, context=context).data


class LocalizedModelSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    """
    A ModelSerializer that adds the object's text and its language metadata.

    Subclasses set ``row_serializer_class`` (the model's ``TranslationRowSerializer``) to
    list every translation with ``?lang=all``, or leave it unset for a summary; and may
    name a subset of the text fields in ``Meta.text_fields``.
    """

    row_serializer_class: type[TranslationRowSerializer] | None = None

    def get_fields(self):
        fields = super().get_fields()
        fields["language"] = TextLanguageField()
        fields["translation_status"] = TranslationStatusField()
        fields["is_fallback"] = IsFallbackField()
        translation_model = self.Meta.model.translation_model()
        for name in getattr(self.Meta, "text_fields", translation_model.translated_fields):
            fields[name] = LocalizedTextField(name)
        if self.row_serializer_class is not None:
            fields["translations"] = TranslationsField(
                self.row_serializer_class,
                help_text=_(
                    "With ?lang=all, every translation (readers see approved ones); else null."
                ),
            )
        return fields
