"""
Write serializers that take text only as JSON strings.

DRF's text fields quietly turn a number into a string; for an API whose schema says
"string", ``{"slug": 0}`` is bad input and gets a 400 like any other.
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


class StrictModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
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
