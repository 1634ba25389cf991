"""Site-wide views outside the language prefixes: the front door, robots.txt, the sitemap."""

from django.contrib.sitemaps import views as sitemaps
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from core.response_cache import depends_on, public_page
from saga_cms.sitemaps import SITEMAPS

# What the sitemap lists: every public saga, event, person, organisation and source.
SITEMAP_KEYS = ("sagas", "people", "organizations", "sources")


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


@public_page
def sitemap_index(request):
    """The sitemap index: one entry per page of each section (pages of ``PublicSitemap.limit``)."""
    depends_on(request, *SITEMAP_KEYS)
    return sitemaps.index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section")


@public_page(params=("p",))
def sitemap_section(request, section):
    """One page (``?p=``) of one section of the sitemap."""
    depends_on(request, *SITEMAP_KEYS)
    return sitemaps.sitemap(request, sitemaps=SITEMAPS, section=section)
