"""The translation workflow's admin pages, under /admin/translations/ (staff only)."""

from django.contrib import admin
from django.urls import path

from translations import dashboard as views

app_name = "translations"

urlpatterns = [
    path("", admin.site.admin_view(views.dashboard), name="dashboard"),
    path(
        "<slug:saga_slug>/import/", admin.site.admin_view(views.xliff_import), name="xliff_import"
    ),
    path(
        "<slug:saga_slug>/<str:language_code>/xliff/",
        admin.site.admin_view(views.xliff_export),
        name="xliff_export",
    ),
    path(
        "<slug:saga_slug>/<str:language_code>/",
        admin.site.admin_view(views.worklist),
        name="worklist",
    ),
]
