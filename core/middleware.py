"""
What visitors get while the database cannot be reached: a plain 503, never a traceback.

A request that fails because the database refused, dropped or timed out its connection
(``OperationalError``/``InterfaceError``) is answered with a static page that needs no
database, with ``Retry-After``. Nothing is cached: Django opens a fresh connection for the
next request (and health-checks persistent ones), so the site comes back by itself as soon
as the database does. The outage is logged once when it starts and once when it ends, not
once per refused request.
"""

import logging
import threading

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


class Outage:
    """The current database outage of this process, so that it is logged once, not per request."""

    def __init__(self):
        self._lock = threading.Lock()
        self.started_at = None
        self.refused = 0

    def request_refused(self, error: Exception) -> None:
        with self._lock:
            self.refused += 1
            if self.started_at is not None:
                return
            self.started_at = timezone.now()
        logger.error("Database unreachable; answering 503 until it is back.", exc_info=error)

    def request_served(self) -> None:
        with self._lock:
            if self.started_at is None:
                return
            started_at, refused = self.started_at, self.refused
            self.started_at, self.refused = None, 0
        logger.warning(
            "Database reachable again after %s; %d request(s) were answered 503.",
            timezone.now() - started_at,
            refused,
        )


outage = Outage()


def database_unavailable(request, error: Exception) -> HttpResponse:
    """Return the 503 answer for a request the database could not serve (no database used)."""
    outage.request_refused(error)
    if request.accepts("application/json") and not request.accepts("text/html"):
        response = JsonResponse(
            {"detail": _("The service is temporarily unavailable. Try again shortly.")},
            status=503,
        )
    else:
        response = HttpResponse(
            render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response.database_unavailable = True
    # Logged once per outage above; this stops Django's request logger repeating it per request.
    response._has_been_logged = True
    return response


def database_was_used() -> bool:
    return any(conn.connection is not None for conn in connections.all(initialized_only=True))


class DatabaseUnavailableMiddleware:
    """Answer 503 when a view fails for want of the database; notice when it is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(response, "database_unavailable", False) and database_was_used():
            outage.request_served()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None
