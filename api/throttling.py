"""Rate limits for anonymous clients, read from settings at request time (tests change them)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousClientThrottle(AnonRateThrottle):
    """Limit anonymous clients by address to ``SAGA_API_ANON_RATE`` (``None`` turns it off)."""

    def get_rate(self):
        return settings.SAGA_API_ANON_RATE
