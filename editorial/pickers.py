"""
Pickers with the labels a newsroom reads: autocomplete lists, menus and selected values show
each object's headline or name in the interface language (“Sam Altman”, not ``sam-altman``),
chapters as “saga title / chapter heading”, sources with publisher, date and title.

Each content admin says how its objects read in a picker (``picker_label``) and what to load
for that (``picker_queryset``); the admin site's autocomplete answers, the selects on the
forms, breadcrumbs, titles, messages and history all name objects through ``picker_label``.
A model with no admin of its own (an event's person involved) registers its label with
``label_for``.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteMixin

from translations.labels import row_label, text_label
from translations.machinery import Translation

_LABELS = {}


def label_for(model):
    """Register the decorated function as how objects of ``model`` (without an admin) read."""

    def register(function):
        _LABELS[model] = function
        return function

    return register


def picker_label(obj) -> str:
    """Return how ``obj`` reads in a picker, as its admin says (else its name or headline)."""
    model_admin = admin.site._registry.get(type(obj))
    label = getattr(model_admin, "picker_label", None) or _LABELS.get(type(obj))
    if label is not None:
        return label(obj)
    if isinstance(obj, Translation):
        return row_label(obj)
    return text_label(obj)


def picker_queryset(queryset):
    """Return ``queryset`` loading what its objects' picker labels read."""
    model_admin = admin.site._registry.get(queryset.model)
    load = getattr(model_admin, "picker_queryset", None)
    return load(queryset) if load else queryset


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def get_queryset(self):
        return picker_queryset(super().get_queryset())

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": picker_label(obj)}


def labelled_autocomplete_view(request):
    return LabelledAutocompleteJsonView.as_view(admin_site=admin.site)(request)


class PickerLabelsMixin:
    """For ModelAdmins and inlines: autocomplete selects and menus show ``picker_label``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _labelled(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _labelled(super().formfield_for_manytomany(db_field, request, **kwargs))


def _labelled(formfield):
    if formfield is None or not hasattr(formfield, "label_from_instance"):
        return formfield
    model = formfield.queryset.model
    labelled = model in admin.site._registry or model in _LABELS
    if isinstance(formfield.widget, AutocompleteMixin) or labelled:
        formfield.label_from_instance = picker_label
        if not isinstance(formfield.widget, AutocompleteMixin):
            # A menu lists every choice: load their labels' texts with them.
            formfield.queryset = picker_queryset(formfield.queryset)
    return formfield
