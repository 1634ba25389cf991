"""The site's URLs plus uploaded images served from the MEDIA_ROOT of the running test."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from saga_cms.urls import handler500  # noqa: F401
from saga_cms.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # The site serves MEDIA_ROOT as it was at start-up; each test has its own.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
