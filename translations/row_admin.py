"""
Admin pieces shared by every translatable model.

- ``TranslationInline``: one block per language on an object's change form, each text
  field beside its source text (and, for a stale translation, what changed in the source).
- ``TranslatableAdmin``: saves those blocks through ``translation_save`` (the role rules),
  offers editors the *minor change* box, and gives the saga list its XLIFF actions.
- ``TranslationRowAdmin``: the translators' surface, one per translation model: a list of
  rows in the user's languages and a side-by-side editor for one row (``translation_editor``).
"""

from copy import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import lookup_spawns_duplicates, unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_edit_text, can_review, is_editor, languages_of
from translations.admin_search import TEXTS, searched_by_texts
from translations.diff import source_changes
from translations.editor import TranslationEditor
from translations.machinery import Translation, language_codes, language_name
from translations.quality import Glossary, check_translation, debris_by_language
from translations.services import (
    Provenance,
    stored_source_digest,
    translation_save,
    translation_save_problems,
    translations_keep_current,
)
from translations.state_rule import with_row_state, with_states
from translations.widgets import minor_change_field, put_sources_beside

MINOR_CHANGE_NOTE = _("source text (minor change: translations kept current)")


# ------------------------------------------------------------------------------
# The inline on an object's change form
# ------------------------------------------------------------------------------


class TranslationInlineForm(forms.ModelForm):
    """A translation block whose save is checked against the role rules before it is made."""

    user = None  # set by TranslationInline.get_formset

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("language_code") or self.instance.language_code
        if not language or not self.has_changed():
            return cleaned
        if self.instance.pk and language != self.instance.language_code:
            raise forms.ValidationError(
                _("The language of an existing text cannot be changed; add a new one instead.")
            )
        probe = copy(self.instance)
        probe.language_code = language
        texts = {
            n: cleaned.get(n) or "" for n in self._meta.model.translated_fields if n in cleaned
        }
        problems = translation_save_problems(
            row=probe, user=self.user, texts=texts, status=cleaned.get("status")
        )
        if problems:
            raise forms.ValidationError(problems)
        return cleaned


class TranslationFormSet(forms.BaseInlineFormSet):
    """Show each block's fields beside the source text of the object being edited."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        parent = self.instance
        if parent.pk is None:
            return form
        row = form.instance
        setattr(row, row.parent_field, parent)
        if row.pk and row.is_source:
            return form
        put_sources_beside(
            form,
            source=parent.source_texts(),
            language=parent.original_language,
            changes=source_changes(row) if row.pk else None,
        )
        return form


class TranslationInline(admin.StackedInline):
    """One stacked block per language, holding the text fields and their review metadata."""

    form = TranslationInlineForm
    formset = TranslationFormSet
    extra = 0
    min_num = 0
    show_change_link = True
    readonly_fields = (
        "translation_state",
        "reviewed_by",
        "reviewed_at",
        "provenance",
        "quality_warnings",
    )
    review_fields = ("status", "translation_state", "reviewed_by", "reviewed_at")
    origin_fields = ("provenance", "origin", "origin_detail", "origin_language", "origin_at")

    def get_max_num(self, request, obj=None, **kwargs):
        return len(language_codes())

    def get_queryset(self, request):
        return with_row_state(super().get_queryset(request))  # for each block's state

    def get_fieldsets(self, request, obj=None):
        model = self.model
        return [
            (None, {"fields": ("language_code", *model.translated_fields)}),
            # Folded: decisions are made on the review screen; the block's heading shows
            # the state.
            (
                _("Review"),
                {"fields": (*self.review_fields, "quality_warnings"), "classes": ["collapse"]},
            ),
            (_("Origin"), {"fields": self.origin_fields, "classes": ["collapse"]}),
        ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"user": request.user})
        return formset

    @admin.display(description=_("state"))
    def translation_state(self, row):
        if not row.pk:
            return "—"
        return state_badge(row.state)

    @admin.display(description=_("provenance"))
    def provenance(self, row):
        return row.provenance_label() if row.pk else "—"

    @admin.display(description=_("quality checks"))
    def quality_warnings(self, row):
        if not row.pk:
            return "—"
        if not hasattr(self, "_glossary"):  # read once for the form's rows
            self._glossary = Glossary.load()
            self._debris = debris_by_language(language_codes())
        if row.language_code not in self._debris:
            self._debris |= debris_by_language([row.language_code])
        return warnings_list(
            check_translation(row, glossary=self._glossary, debris=self._debris[row.language_code])
        )


def state_badge(state):
    return format_html('<span class="state-badge state-{}">{}</span>', state.value, state.label)


def warnings_list(warnings):
    if not warnings:
        return gettext("No warnings.")
    return format_html(
        '<ul class="translation-warnings">{}</ul>',
        format_html_join("", "<li>{}</li>", ((w.message,) for w in warnings)),
    )


# ------------------------------------------------------------------------------
# The ModelAdmin of every translatable model
# ------------------------------------------------------------------------------


class StatesChangeList(ChangeList):
    """A change list whose page of objects carries their state in every language."""

    def get_results(self, request):
        # The page only: actions work on ``get_queryset``, without the states' joins.
        self.queryset = with_states(self.queryset, language_codes())
        super().get_results(request)


class TranslatableAdmin(admin.ModelAdmin):
    """
    ModelAdmin for translatable objects.

    Text blocks are saved through ``translation_save`` (the source text first), so the role
    rules and the staleness bookkeeping are the same as everywhere else. Editors may tick
    *minor change*: translations made from the previous source text stay current. The
    change list's badges read each object's states from its query (``StatesChangeList``).
    """

    def get_search_results(self, request, queryset, search_term):
        """
        Django's matches (every word in one of ``search_fields``), the texts searched by a
        subquery of the text rows (``searched_by_texts``); duplicates only from the object's
        own to-many fields, as Django judges them.
        """
        own = [field for field in self.search_fields if not field.startswith(TEXTS)]
        duplicates = any(lookup_spawns_duplicates(self.opts, field) for field in own)
        return searched_by_texts(queryset, self.search_fields, search_term), duplicates

    def get_changelist(self, request, **kwargs):
        return StatesChangeList

    @admin.display(description=_("text"))
    def localized_label(self, obj):
        label_field = obj.translation_model().translated_fields[0]
        text = obj.localized(get_language(), public=False)
        return text.texts.get(label_field) or str(obj)

    def offers_minor_change(self, request, obj) -> bool:
        return obj is not None and is_editor(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.offers_minor_change(request, obj):
            fieldsets = [*fieldsets, (_("Source text"), {"fields": ["minor_change"]})]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.offers_minor_change(request, obj):
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(base.__name__, (base,), {"minor_change": minor_change_field()})
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and form.cleaned_data.get("minor_change"):
            form.previous_source_digest = stored_source_digest(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        previous = getattr(form, "previous_source_digest", None)
        if previous:
            translations_keep_current(
                parent=form.instance, previous_digest=previous, user=request.user
            )

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        if not add and form.cleaned_data.get("minor_change"):
            message.append({"changed": {"fields": [str(MINOR_CHANGE_NOTE)]}})
        return message

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, Translation):
            return super().save_formset(request, form, formset, change)
        return save_translation_formset(formset, parent=form.instance, user=request.user)

    # The saga list's XLIFF actions --------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "pk" in getattr(self.model, "saga_lookups", ()) and languages_of(request.user):
            for action in (download_xliff, upload_xliff):
                actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions


def save_translation_formset(formset, *, parent, user) -> None:
    """Save the changed text blocks through ``translation_save``, the source text first."""
    model = formset.model
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = formset.deleted_forms if formset.can_delete else []
    for form in deleted:
        if form.instance.pk:
            formset.deleted_objects.append(form.instance)
            form.instance.delete()
    changed = [f for f in formset.forms if f not in deleted and f.has_changed()]
    changed.sort(key=lambda f: f.cleaned_data["language_code"] != parent.original_language)
    for form in changed:
        data = form.cleaned_data
        if form.instance.pk:
            # As it now stands: translation_save reads it again once it has claimed it.
            row = copy(form.instance)
        else:
            row = model(**{model.parent_field: parent}, language_code=data["language_code"])
        provenance = None
        if set(form.changed_data) & {"origin", "origin_detail", "origin_language", "origin_at"}:
            provenance = Provenance(
                data["origin"],
                data.get("origin_detail", ""),
                data.get("origin_language", ""),
                data.get("origin_at"),
            )
        # Only the fields this editor changed: the rest may have been changed by someone else
        # since the page was opened (the form remembers what it showed).
        edited = [n for n in model.translated_fields if n in form.changed_data or not row.pk]
        saved = translation_save(
            row=row,
            user=user,
            texts={n: data.get(n) or "" for n in edited if n in data},
            status=data.get("status"),
            provenance=provenance,
            expected_version=data.get("row_version"),
        )
        setattr(saved, model.parent_field, parent)  # as saved: what the messages name
        form.instance = saved
        if form in formset.extra_forms:
            formset.new_objects.append(saved)
        else:
            formset.changed_objects.append((saved, form.changed_data))


# ------------------------------------------------------------------------------
# XLIFF admin actions (on the saga list)
# ------------------------------------------------------------------------------


@admin.action(description=_("Download XLIFF files for translation"))
def download_xliff(modeladmin, request, queryset):
    languages = [code for code in language_codes() if code in languages_of(request.user)]
    sagas = list(queryset)
    if len(sagas) == 1 and len(languages) == 1:
        return redirect(
            "translations:xliff_export", saga_slug=sagas[0].slug, language_code=languages[0]
        )
    return TemplateResponse(
        request,
        "admin/translations/xliff_choice.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": gettext("XLIFF files"),
            "opts": modeladmin.model._meta,
            "sagas": sagas,
            "languages": [(code, language_name(code)) for code in languages],
        },
    )


@admin.action(description=_("Upload a translated XLIFF file"))
def upload_xliff(modeladmin, request, queryset):
    sagas = list(queryset[:2])
    if len(sagas) != 1:
        modeladmin.message_user(
            request, gettext("Select one saga to upload a file for."), messages.WARNING
        )
        return None
    return redirect("translations:xliff_import", saga_slug=sagas[0].slug)


# ------------------------------------------------------------------------------
# The translators' surface: one admin per translation model
# ------------------------------------------------------------------------------


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language_code"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code in visible_languages(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language_code=self.value())
        return queryset


def visible_languages(user) -> list[str]:
    """Return the languages whose rows ``user`` sees, in the order of LANGUAGES."""
    mine = languages_of(user)
    return [code for code in language_codes() if is_editor(user) or code in mine]


def _required_relations(model, prefix: str, *, depth: int) -> set[str]:
    """The paths from ``prefix`` along ``model``'s non-null foreign keys, ``depth`` steps."""
    found = set()
    if depth == 0:
        return found
    for field_ in model._meta.concrete_fields:
        if field_.many_to_one and not field_.null:
            path = f"{prefix}__{field_.name}"
            found |= {path} | _required_relations(field_.related_model, path, depth=depth - 1)
    return found


class TranslationRowAdmin(admin.ModelAdmin):
    """
    The list and side-by-side editor of one translation model's rows.

    Translators and reviewers only ever see rows in their assigned languages (the queryset
    says so, so another language's row is a 404), and only change them through the editor.
    """

    list_display = [
        "object_link",
        "language_code",
        "state_column",
        "status",
        "origin",
        "updated_at",
    ]
    list_filter = [LanguageFilter, "status", "origin"]
    list_per_page = 50

    def get_search_fields(self, request):
        return list(self.model.translated_fields)

    def get_queryset(self, request):
        model = self.model
        parent_model = model._meta.get_field(model.parent_field).related_model
        related = {model.parent_field}
        path = parent_model.original_language_path.rsplit("__", 1)[0]
        if path != parent_model.original_language_path:
            related.add(f"{model.parent_field}__{path}")
        # What the objects' names read (a citation is “<saga> / <event> ← <source>”): the
        # objects their required foreign keys point to, two steps out.
        related |= _required_relations(parent_model, model.parent_field, depth=2)
        queryset = with_row_state(
            super()
            .get_queryset(request)
            .select_related(*sorted(related))
            .prefetch_related(f"{model.parent_field}__translations")
        )
        if not is_editor(request.user):
            queryset = queryset.filter(Q(language_code__in=languages_of(request.user)))
        return queryset

    def get_object(self, request, object_id, from_field=None):
        """
        Find the row in the user's languages, or else the source text it is translated from:
        a translator follows the original's link to read it (read-only), never to a dead end.
        """
        row = super().get_object(request, object_id, from_field)
        if row is not None or is_editor(request.user):
            return row
        model = self.model
        parent_model = model._meta.get_field(model.parent_field).related_model
        original = f"{model.parent_field}__{parent_model.original_language_path}"
        sources = model._default_manager.filter(language_code=F(original))
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return sources.get(**{field.name: field.to_python(object_id)})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_text(request.user, obj.language_code) or can_review(
            request.user, obj.language_code
        )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and bool(languages_of(request.user))

    @admin.display(description=_("object"), ordering="pk")
    def object_link(self, row):
        return str(row.parent)

    @admin.display(description=_("state"))
    def state_column(self, row):
        return state_badge(row.state)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        row = None
        if object_id is not None:
            row = self.get_object(request, unquote(object_id))
            if row is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
            if not self.has_view_or_change_permission(request, row):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        return TranslationEditor(self, request, row).response()
