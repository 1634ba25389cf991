"""Serializer fields for moments known to a precision: never more precise than known."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import iso_at_precision


def precise_moment(moment, precision: str, time_zone: str) -> str | None:
    """Return ``moment`` as ``PreciseMomentField`` shows it (null when unknown)."""
    return None if moment is None else iso_at_precision(moment, precision, time_zone)


@extend_schema_field(OpenApiTypes.STR)
class PreciseMomentField(serializers.Field):
    """
    An instant as ISO 8601 cut to its precision: ``2023``, ``2023-11``, ``2023-11-17`` or
    ``2023-11-17T12:23-08:00``, in the time zone where it happened (``time_zone(obj)``,
    else the serializer context's ``time_zone``, else UTC); null when unknown.
    """

    def __init__(self, *, moment: str, precision: str, time_zone=None, **kwargs):
        self.moment, self.precision = moment, precision
        self.time_zone = time_zone
        kwargs.setdefault("allow_null", True)
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        moment = getattr(obj, self.moment)
        if moment is None:
            return None
        if self.time_zone is not None:
            zone = self.time_zone(obj)
        else:
            zone = self.context.get("time_zone", settings.TIME_ZONE)
        return precise_moment(moment, getattr(obj, self.precision), zone)
