"""
Pickers with the labels a newsroom reads: autocomplete lists and selected values show each
object's headline or name in the interface language (“Sam Altman”, not ``sam-altman``),
chapters as “saga title / chapter heading”, sources with publisher, date and title.

Each content admin says how its objects read in a picker (``picker_label``) and what to load
for that (``picker_queryset``); the admin site's autocomplete answers and the selects on the
forms both use them.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteMixin

from translations.labels import text_label


def picker_label(obj) -> str:
    """Return how ``obj`` reads in a picker, as its admin says (else its name or headline)."""
    model_admin = admin.site._registry.get(type(obj))
    label = getattr(model_admin, "picker_label", None)
    return label(obj) if label else text_label(obj)


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        load = getattr(self.model_admin, "picker_queryset", None)
        return load(queryset) if load else queryset

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": picker_label(obj)}


def labelled_autocomplete_view(request):
    return LabelledAutocompleteJsonView.as_view(admin_site=admin.site)(request)


class PickerLabelsMixin:
    """For ModelAdmins and inlines: autocomplete selects show ``picker_label`` too."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _labelled(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _labelled(super().formfield_for_manytomany(db_field, request, **kwargs))


def _labelled(formfield):
    if formfield is not None and isinstance(formfield.widget, AutocompleteMixin):
        formfield.label_from_instance = picker_label
    return formfield
