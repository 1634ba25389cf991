"""URL configurations for the "view on site" tests: with and without a public event page."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path


def event_page(request, saga_slug, slug):
    return HttpResponse(f"{saga_slug}/{slug}")


public_events = ([path("<slug:saga_slug>/<slug:slug>/", event_page, name="event")], "events")

with_public_pages = [path("admin/", admin.site.urls), path("sagas/", include(public_events))]
without_public_pages = [path("admin/", admin.site.urls)]
urlpatterns = with_public_pages
