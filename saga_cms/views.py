"""Site-wide views outside the language prefixes: the front door and robots.txt."""

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe


@require_safe
def choose_language(request):
    """Send the reader to the front page in their language (Accept-Language, else the default)."""
    # LocaleMiddleware has already chosen the language from the cookie, Accept-Language
    # or LANGUAGE_CODE, so reversing now gives that language's prefix.
    response = HttpResponseRedirect(reverse("events:index"))
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
