"""
Rate limits for anonymous clients, read from settings at request time (tests change them).

Counters live in the "throttle" cache, which every worker shares (Redis, else a database
table), and are kept per client address as DRF's ``NUM_PROXIES`` finds it: the address the
nearest trusted proxy appended, never what the client wrote into X-Forwarded-For itself.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


class AnonymousClientThrottle(AnonRateThrottle):
    """Limit anonymous clients by address to ``SAGA_API_ANON_RATE`` (``None`` turns it off)."""

    @property
    def cache(self):
        return caches["throttle"]

    def get_rate(self):
        return settings.SAGA_API_ANON_RATE

    def allow_request(self, request, view):
        # Readers come first: when the counters cannot be read (the database is down, its
        # table was never created), the request is served and the failure logged.
        try:
            return super().allow_request(request, view)
        except DatabaseError:
            logger.exception("Rate-limit counters unavailable; request let through")
            return True


class AnonymousReaderThrottle(AnonymousClientThrottle):
    """The same for the public pages, on their own counter (``SAGA_PAGE_ANON_RATE``)."""

    scope = "pages"

    def get_rate(self):
        return settings.SAGA_PAGE_ANON_RATE
