"""
A rate limit for anonymous readers of the public pages (``SAGA_PAGE_ANON_RATE``).

The API limits its own clients (saga_cms/api/throttling.py); this middleware applies the
same rule, on its own counter, to everything else an anonymous client can ask for: pages,
feeds, the sitemap, search. Signed-in staff, the admin and the API are not counted here.
Over the limit the answer is a plain 429 with ``Retry-After``, before any page is built.
"""

import math

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from api.throttling import AnonymousReaderThrottle

NOT_COUNTED_PREFIXES = ("/api/", "/admin/", "/static/")


class PublicPageThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.counted(request):
            throttle = AnonymousReaderThrottle()
            if not throttle.allow_request(request, None):
                wait = throttle.wait()
                response = HttpResponse(
                    _("Too many requests from your address. Please try again shortly."),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                if wait is not None:
                    response["Retry-After"] = str(max(1, math.ceil(wait)))
                response["Cache-Control"] = "no-store"
                return response
        return self.get_response(request)

    @staticmethod
    def counted(request) -> bool:
        if not settings.SAGA_PAGE_ANON_RATE:
            return False
        if request.path_info.startswith(NOT_COUNTED_PREFIXES):
            return False
        if settings.MEDIA_URL and request.path_info.startswith(settings.MEDIA_URL):
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)
