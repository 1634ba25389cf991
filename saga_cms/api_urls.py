"""
The API's routes: ``/api/v1/`` (one router for every app), the OpenAPI schema and its
documentation pages (Swagger UI and Redoc, served from drf-spectacular-sidecar: offline).
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from api.errors import not_found
from events.api import ChapterViewSet, EventViewSet, SagaViewSet
from people.api import OrganizationViewSet, PersonViewSet
from sources.api import SourceViewSet

router = DefaultRouter()
router.register("sagas", SagaViewSet, basename="saga")
router.register("chapters", ChapterViewSet, basename="chapter")
router.register("events", EventViewSet, basename="event")
router.register("people", PersonViewSet, basename="person")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("sources", SourceViewSet, basename="source")

app_name = "api"

# The documentation pages run only this site's scripts (Swagger UI's set-up is served as a
# script of its own), but both viewers style themselves inline and Redoc searches in a
# worker it builds from a blob, and Swagger UI draws its icons from data: URLs: the site's
# policy is widened for these two pages only.
docs_policy = csp_update(
    {"style-src": [UNSAFE_INLINE], "img-src": ["data:"], "worker-src": [SELF, "blob:"]}
)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "redoc/",
        docs_policy(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    # Anything else under /api/ is a 404 in JSON, like every other API answer.
    re_path(r"^[\s\S]*/$", not_found),
]
