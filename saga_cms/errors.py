"""The last-resort error view: no traceback, and a database outage answered as one."""

import logging
import sys

from django.http import HttpResponseServerError
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from core.middleware import DATABASE_ERRORS, database_unavailable

logger = logging.getLogger(__name__)

PLAIN_500 = "<!doctype html><title>Server Error (500)</title><h1>Server Error (500)</h1>"


@requires_csrf_token
def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """
    Answer an unhandled exception (handler500, used when DEBUG is off).

    Django calls this while the exception is being handled, so it is still at hand: a
    database outage raised outside a view (a session saved after the view ran, the 404 page
    asking for the user) gets the same 503 as one raised inside. A 500 page that fails
    itself gives way to a plain one.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable(request, error)
    try:
        return defaults.server_error(request, template_name=template_name)
    except Exception:
        logger.exception("The 500 page could not be rendered; sent a plain one.")
        return HttpResponseServerError(PLAIN_500)
