"""A URL configuration with the admin only: the site's public pages are not there."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
