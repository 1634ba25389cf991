"""
Write serializers that take each value only as the JSON type the schema gives it.

DRF quietly turns a number into a string, "3" into 3 and "yes" into true; for an API whose
schema says "string", "integer" or "boolean", ``{"slug": 0}`` or ``{"position": "3"}`` is
bad input and gets a 400 like any other.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictStringMixin:
    default_error_messages = {"not_a_string": _("Give text (a JSON string).")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    pass


class StrictSlugField(StrictStringMixin, serializers.SlugField):
    pass


class StrictURLField(StrictStringMixin, serializers.URLField):
    pass


class StrictUUIDField(StrictStringMixin, serializers.UUIDField):
    pass


RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.I)


class StrictDateTimeField(serializers.DateTimeField):
    """An instant as RFC 3339 says it, with its offset: no guessing which zone was meant."""

    default_error_messages = {
        "not_rfc_3339": _("Give a date and time with its offset, like 2023-11-17T12:28:00-08:00.")
    }

    def to_internal_value(self, value):
        if not isinstance(value, str) or not RFC_3339.match(value):
            self.fail("not_rfc_3339")
        return super().to_internal_value(value)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"not_an_integer": _("Give a whole number (a JSON number).")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_an_integer")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"not_a_boolean": _("Give true or false.")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("not_a_boolean")
        return data


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    serializer_related_field = StrictPrimaryKeyRelatedField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.IntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.BooleanField: StrictBooleanField,
        models.DateTimeField: StrictDateTimeField,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.URLField: StrictURLField,
    }


class StrictSlugRelatedField(serializers.SlugRelatedField):
    """A reference by slug: anything but a plain string is refused before the database is asked."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class BlankAsNullURLField(StrictURLField):
    """An optional unique address: "" means none (null), so that many may have none."""

    def run_validation(self, data=serializers.empty):
        return super().run_validation(None if data == "" else data)

    def to_representation(self, value):
        return value or None
