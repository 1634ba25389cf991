"""
Read serializers whose fields are built once per process, not once per response.

A serializer builds its fields (and those of every serializer nested in it) the first time
it renders: for an event, some 150 field objects made by introspecting the models, more
than the data itself costs on a detail answer. The fields do not depend on the request,
only on the class and the site's languages (``LanguageField`` reads its choices from the
settings), so ``ReadSerializerMixin`` keeps the tree of a top-level serializer per thread
and hands it to the next serializer of that class: its top fields are re-attached to the
new serializer, so every field below reads the new serializer's context (DRF finds the
context through a field's ``root``).

Only the top of a tree is kept: a nested serializer's fields live in its parent's tree.
Write serializers do not use this: validation keeps errors and data on their fields.

A nested serializer made with ``shared=True`` represents an object once per answer: a list
of events names the same people, organisations, tags and sources again and again, so the
representation made the first time an object (a model and key) shows is given again, the
same dict, wherever it shows in that answer, whichever row of the answer's queries brought
it. Only for serializers whose output depends on the object and the request alone, never on
where it is nested.

Rendering is DRF's field-by-field loop, with the look-up of each field's value decided
once per tree rather than once per object and field: a plain attribute is read directly
(a method is called, as DRF does), a field of the whole object (``source="*"``) gets the
object, anything else (relations, dotted sources) goes through DRF's ``get_attribute``.
"""

import threading
from types import MethodType

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, PKOnlyObject, RelatedField
from rest_framework.serializers import ListSerializer

_trees = threading.local()


def _is_top(serializer) -> bool:
    parent = serializer.parent
    return parent is None or (isinstance(parent, ListSerializer) and parent.parent is None)


# Where an answer's shared representations are kept: in its serializer context, by the
# serializer class and the object's model and key.
_SHARED = "_shared_representations"


class ReadSerializerMixin:
    # Keeps the fields of a top-level read serializer for the next one of its class. (A
    # comment, not a docstring: drf-spectacular would describe the serializers with it.)

    def __init__(self, *args, shared: bool = False, **kwargs):
        self.shared = shared
        super().__init__(*args, **kwargs)

    @property
    def fields(self):
        fields = self.__dict__.get("_kept_fields")
        if fields is not None:
            return fields
        if not _is_top(self):
            fields = super().fields
        else:
            kept = _trees.__dict__.setdefault("trees", {})
            key = (type(self), tuple(code for code, _name in settings.LANGUAGES))
            fields = kept.get(key)
            if fields is None:
                fields = kept[key] = super().fields
            for field in fields.values():
                field.parent = self
            fields.serializer = self
        self.__dict__["_kept_fields"] = fields
        return fields

    def read_plan(self):
        """Return ``(name, field, how)`` for each readable field: how to get its value."""
        fields = self.fields
        plan = getattr(fields, "read_plan", None)
        if plan is None:
            plan = fields.read_plan = [
                (field.field_name, field, _lookup(field)) for field in self._readable_fields
            ]
        return plan

    def to_representation(self, instance):
        if not self.shared:
            return self.represent(instance)
        kept = self.context.setdefault(_SHARED, {})
        key = (type(self), type(instance), instance.pk)
        if key not in kept:
            kept[key] = self.represent(instance)
        return kept[key]

    def represent(self, instance):
        """Return ``instance``'s representation, field by field."""
        ret = {}
        for name, field, how in self.read_plan():
            if how is _WHOLE:
                ret[name] = field.to_representation(instance)
                continue
            try:
                attribute = _value(instance, field, how)
            except SkipField:
                continue
            if isinstance(attribute, PKOnlyObject):
                ret[name] = None if attribute.pk is None else field.to_representation(attribute)
            else:
                ret[name] = None if attribute is None else field.to_representation(attribute)
        return ret


_WHOLE = object()  # the field reads the whole object (source="*")
_GENERAL = object()  # DRF's get_attribute decides


def _value(instance, field, how):
    if how is not _GENERAL:
        try:
            attribute = getattr(instance, how)
        except (AttributeError, KeyError, ObjectDoesNotExist):
            pass  # DRF's own look-up below: defaults, nulls and its error messages
        else:
            return attribute() if type(attribute) is MethodType else attribute
    return field.get_attribute(instance)


def _lookup(field):
    if field.source == "*":
        return _WHOLE
    if isinstance(field, (RelatedField, ManyRelatedField)) or len(field.source_attrs) != 1:
        return _GENERAL
    return field.source_attrs[0]
