import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path

from saga_cms import views
from translations.admin import view_on_site

urlpatterns = [
    path("admin/translations/", include("translations.urls")),
    # Before the admin's own (which "admin:view_on_site" still names; this one has no name
    # of its own): the same redirect, for those who may see the object only.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("api/", include("saga_cms.api_urls")),
    # Public site: the front door picks a language; every page lives under its prefix.
    path("", views.choose_language, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
]

urlpatterns += i18n_patterns(
    path("", include("events.urls")),
    path("", include("people.urls")),
    path("", include("sources.urls")),
)


def _never_served(request):
    raise Http404


if settings.DEBUG and settings.MEDIA_STORAGE == "filesystem":
    # Files waiting for a job (uploaded XLIFF files) are never served.
    _private = "^" + re.escape(settings.MEDIA_URL.lstrip("/")) + "private/"
    urlpatterns += [re_path(_private, _never_served)]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "saga_cms.errors.server_error"
