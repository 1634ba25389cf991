"""
The API's routes: ``/api/v1/`` (one router for every app), the OpenAPI schema and its
documentation pages (Swagger UI and Redoc, served from drf-spectacular-sidecar: offline).
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from events.api import ChapterViewSet, EventViewSet, SagaViewSet
from people.api import OrganizationViewSet, PersonViewSet
from saga_cms.api.errors import not_found
from sources.api import SourceViewSet

router = DefaultRouter()
router.register("sagas", SagaViewSet, basename="saga")
router.register("chapters", ChapterViewSet, basename="chapter")
router.register("events", EventViewSet, basename="event")
router.register("people", PersonViewSet, basename="person")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("sources", SourceViewSet, basename="source")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # Anything else under /api/ is a 404 in JSON, like every other API answer.
    re_path(r"^[\s\S]*/$", not_found),
]
