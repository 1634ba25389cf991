"""
Brute-force protection for log-ins, on django-axes.

Axes counts failed log-ins per (user name, address) and refuses further attempts once the
limit is reached (settings ``AXES_*``). This module adapts it to the site: the backend that
guards every log-in made through a web request, and the page a locked-out person sees.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django.contrib import admin
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class LoginAttemptsBackend(AxesStandaloneBackend):
    """
    Refuse log-ins for a locked-out user name and address; authenticate nothing itself.

    A log-in without a request (the test client's ``login()``, a script in ``manage.py
    shell``) has no address to count and no attacker behind it, so it is left to the next
    backend; every web log-in (admin, API token) passes its request and is guarded.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message(minutes: int) -> str:
    return ngettext(
        "Too many failed log-in attempts. Logging in with this user name from your address "
        "is paused for %(minutes)d minute. Try again after that; each attempt before then "
        "starts the wait again.",
        "Too many failed log-in attempts. Logging in with this user name from your address "
        "is paused for %(minutes)d minutes. Try again after that; each attempt before then "
        "starts the wait again.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked-out log-in: 429, when to try again, in the admin's look or as JSON."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    message = lockout_message(max(1, math.ceil(seconds / 60)))
    wants_json = request.headers.get("x-requested-with") == "XMLHttpRequest" or (
        "application/json" in request.headers.get("accept", "")
    )
    if wants_json:
        response = JsonResponse({"detail": message}, status=429)
    else:
        context = {
            **admin.site.each_context(request),
            "title": _("Log-in paused"),
            "message": message,
            "username": get_client_username(request, credentials) or "",
        }
        response = render(request, "admin/login_locked_out.html", context, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
