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

from collections.abc import Mapping

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import (
    AutocompleteMixin,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import FieldDoesNotExist
from django.db.models import prefetch_related_objects
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator
from django.utils.functional import cached_property

from editorial.constraints import ConstraintsCheckedInPython
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


class LabelledAutocompleteMixin:
    """
    An autocomplete select that shows its selected objects by ``picker_label``, read in one
    query with what the labels need (``picker_queryset``), or none when its formset has
    read the labels of all its rows at once (``preloaded``: value -> label, in order).
    """

    preloaded: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        for option_value, label in self.selected_labels(selected):
            index = len(default[1])
            default[1].append(self.create_option(name, option_value, label, selected, index))
        return [default]

    def selected_labels(self, selected: set[str]) -> list[tuple[str, str]]:
        if not selected:
            return []
        known = self.preloaded or {}
        if selected <= known.keys():
            return [(value, label) for value, label in known.items() if value in selected]
        found = objects_of(self.choices.queryset.using(self.db), self.to_field, selected)
        return [(value, picker_label(obj)) for value, obj in found.items()]

    @property
    def to_field(self) -> str:
        remote = self.field.remote_field
        opts = remote.model._meta
        return opts.get_field(getattr(remote, "field_name", opts.pk.attname)).attname


class LabelledAutocompleteSelect(LabelledAutocompleteMixin, AutocompleteSelect):
    pass


class LabelledAutocompleteSelectMultiple(LabelledAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class KnownObjectsChoiceField(forms.ModelChoiceField):
    """
    A choice of one object that first looks among the objects already read for its form
    (``known``: value -> object, read from this field's queryset for every row at once),
    rather than reading its own with a query of its own.
    """

    known: dict = {}

    def to_python(self, value):
        if value not in self.empty_values and str(value) in self.known:
            return self.known[str(value)]
        return super().to_python(value)


class KnownObjectsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """
    A choice of several objects that takes them from those already read for its form
    (``known``, as ``KnownObjectsChoiceField``) when all of them are there, rather than
    reading them again with a query of its own.
    """

    known: dict = {}

    def _check_values(self, value):
        values = [str(v) for v in value]
        if self.known and set(values) <= self.known.keys():
            return list({v: self.known[v] for v in values}.values())
        return super()._check_values(value)


def preload_pickers(forms) -> None:
    """
    Read the objects chosen in the autocomplete pickers of ``forms`` (a formset's rows, or one
    form) at once: those their instances already hold (joined or prefetched with the form's
    object), the rest in one query per picker, whatever the number of rows. The pickers show
    their labels (read when first shown, ``PickerLabels``) and their fields take them as
    cleaned values.
    """
    forms = list(forms)
    if not forms:
        return
    for name, field in forms[0].fields.items():
        widget = _picker(field.widget)
        if not isinstance(widget, LabelledAutocompleteMixin):
            continue
        wanted = {value for form in forms for value in _chosen(form, name)}
        known = {}
        for form in forms:
            for obj in _held_objects(form.instance, name):
                value = str(getattr(obj, widget.to_field))
                if value in wanted:
                    known[value] = obj
        missing = wanted - known.keys()
        if missing:
            known |= objects_of(field.queryset.using(widget.db), widget.to_field, missing)
        labels = PickerLabels(known, field.queryset)
        for form in forms:
            _picker(form.fields[name].widget).preloaded = labels
            known_field = (KnownObjectsChoiceField, KnownObjectsMultipleChoiceField)
            if isinstance(form.fields[name], known_field):
                form.fields[name].known = known


class PickerLabels(Mapping):
    """
    value -> picker label of the objects chosen in a picker (``known``: value -> object), in
    their order. The labels, and the texts they read (what ``picker_queryset`` loads, for all
    the objects at once), are read when the picker is first shown: a save that goes through
    never shows it.
    """

    def __init__(self, known: dict, queryset):
        self.known, self.queryset = known, queryset
        self._labels = None

    def labels(self) -> dict[str, str]:
        if self._labels is None:
            lookups = picker_queryset(self.queryset.none())._prefetch_related_lookups
            prefetch_related_objects(list(self.known.values()), *lookups)
            self._labels = {value: picker_label(obj) for value, obj in self.known.items()}
        return self._labels

    def __getitem__(self, value):
        return self.labels()[value]

    def __iter__(self):
        return iter(self.known)

    def __len__(self):
        return len(self.known)

    def keys(self):
        return self.known.keys()


def hold_chosen(form) -> None:
    """Let the menus of ``form`` take its instance's related objects as read (``held``)."""
    for name, field in form.fields.items():
        if isinstance(field, MenuChoiceField):
            field.held = next(iter(_held_objects(form.instance, name)), None)


def objects_of(queryset, to_field: str, values) -> dict:
    """Return {value: object} of the objects of ``queryset`` with those values, in one read,
    with what their picker labels read."""
    found = picker_queryset(queryset.filter(**{f"{to_field}__in": values}))
    return {str(getattr(obj, to_field)): obj for obj in found}


def _chosen(form, name) -> set[str]:
    empty = form.fields[name].empty_values
    return {
        str(value)
        for value in _values(form[name].value())
        if value not in empty and str(value) not in empty
    }


def _held_objects(instance, name) -> list:
    """The related objects ``instance`` already holds in field ``name`` (none if not loaded)."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:  # a form field that is not a model field
        return []
    if field.many_to_many:
        cache = getattr(instance, "_prefetched_objects_cache", {})
        return list(cache[name]) if name in cache else []
    if field.is_relation and field.is_cached(instance):
        related = field.get_cached_value(instance)
        return [related] if related is not None else []
    return []


class PickerRowForm(ConstraintsCheckedInPython):
    """
    An inline row whose pickers' objects were read for the whole formset: the model's own
    check that each chosen object exists (a query per row and foreign key) is left out,
    the form field having found it in its queryset already; its unique constraints (the
    same person twice in one role) are still checked, on the form.
    """


class PickerLabelsFormSet(BaseInlineFormSet):
    """
    An inline formset whose rows' pickers and own ids are read together (see
    ``preload_pickers``): validating or showing its rows costs no query per row.
    """

    @cached_property
    def forms(self):
        forms = super().forms
        preload_pickers(forms)
        return forms

    @cached_property
    def empty_form(self):
        """The form a new row is made from: built once (the admin asks for it several times)."""
        return super().empty_form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        find_rows_among_read(self, form)


def find_rows_among_read(formset, form) -> None:
    """
    For a bound model formset's ``form``: the row's own id is found among the rows the
    formset read (its queryset, read once), not with one query per row.
    """
    name = formset.model._meta.pk.name
    field = form.fields.get(name)
    if type(field) is forms.ModelChoiceField and formset.is_bound:
        known = KnownObjectsChoiceField(
            field.queryset, initial=field.initial, required=False, widget=field.widget
        )
        known.known = {str(obj.pk): obj for obj in formset.get_queryset()}
        form.fields[name] = known


def _picker(widget):
    """The select inside the admin's wrapper (the add and change links around it)."""
    return getattr(widget, "widget", widget)


def _values(value):
    return value if isinstance(value, (list, tuple)) else [value]


class PickerLabelsMixin:
    """For ModelAdmins and inlines: autocomplete selects and menus show ``picker_label``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            kwargs.setdefault("form_class", KnownObjectsChoiceField)
        elif "widget" not in kwargs and db_field.name not in self.raw_id_fields:
            kwargs.setdefault("form_class", MenuChoiceField)
        return _labelled(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            kwargs.setdefault("form_class", KnownObjectsMultipleChoiceField)
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
            formfield.iterator = PickerChoiceIterator
            formfield.widget.choices = formfield.choices
    return formfield


class PickerChoiceIterator(ModelChoiceIterator):
    """
    A menu's choices, read with what their labels need (``picker_queryset``). Only the menu
    reads them so: checking a posted choice reads that one object, without its texts.
    """

    def __init__(self, field):
        super().__init__(field)
        self.queryset = picker_queryset(field.queryset)

    def __iter__(self):
        if not isinstance(self.field, MenuChoiceField):
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.menu():
            yield self.choice(obj)

    def __len__(self):
        if not isinstance(self.field, MenuChoiceField):
            return super().__len__()
        return len(self.field.menu()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        if not isinstance(self.field, MenuChoiceField):
            return super().__bool__()
        return self.field.empty_label is not None or bool(self.field.menu())


class MenuChoiceField(forms.ModelChoiceField):
    """
    A menu of one object (a select listing every choice): its choices are read once per
    form, with what their labels need, and a posted choice is found among them rather than
    read again (the form shown again after a refused save lists them anyway).
    """

    iterator = PickerChoiceIterator
    _menu = None
    # The object the form's instance already holds in this field (read with it): a posted
    # choice of it is taken as it is when the menu may list any object (``hold_chosen``).
    held = None

    def _set_queryset(self, queryset):
        self._menu = None
        self.__dict__.pop("_read", None)
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    # Other menus of the form whose objects this menu's objects point to (relation name ->
    # menu field): their objects, read with their labels' texts, are used here rather than
    # read again (the chapters of a saga name the saga listed by the saga menu).
    shares: dict = {}

    def menu(self) -> list:
        if self._menu is None:
            self._menu = self._read_menu()
        return self._menu

    def _read_menu(self) -> list:
        queryset = picker_queryset(self.queryset)
        if not self.shares:
            return list(queryset)
        lookups = [
            lookup
            for lookup in queryset._prefetch_related_lookups
            if getattr(lookup, "prefetch_through", lookup).split(LOOKUP_SEP)[0] not in self.shares
        ]
        objects = list(queryset.prefetch_related(None).prefetch_related(*lookups))
        for name, other in self.shares.items():
            listed = {str(related.pk): related for related in other.menu()}
            unlisted = []
            for obj in objects:
                related = listed.get(str(getattr(obj, obj._meta.get_field(name).attname)))
                if related is not None:
                    setattr(obj, name, related)
                else:
                    unlisted.append(obj)
            dropped = [
                lookup
                for lookup in queryset._prefetch_related_lookups
                if getattr(lookup, "prefetch_through", lookup).split(LOOKUP_SEP)[0] == name
            ]
            prefetch_related_objects(unlisted, *dropped)
        return objects

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        if self._menu is None:
            # Not listed (a save): the held object, else the posted choice read alone; the
            # menu is read only when the form is shown again.
            held = self.held
            is_held = held is not None and str(getattr(held, key)) == str(value)
            if is_held and not self.queryset.query.has_filters():
                return held
            read = self.__dict__.setdefault("_read", {})  # the posted and the opened value
            if str(value) not in read:
                read[str(value)] = super().to_python(value)
            return read[str(value)]
        for obj in self.menu():
            if str(getattr(obj, key)) == str(value):
                return obj
        raise forms.ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )
