"""The site's URLs plus the baseline view: the same stack doing no work (the ceiling)."""

import json

from django.http import HttpResponse
from django.urls import path

from saga_cms.urls import urlpatterns as site_urlpatterns

BASELINE_SIZE = 2048


def baseline_body(size: int = BASELINE_SIZE) -> bytes:
    """Return a JSON document of exactly ``size`` bytes."""
    empty = json.dumps({"baseline": True, "padding": ""}).encode()
    return json.dumps({"baseline": True, "padding": "x" * (size - len(empty))}).encode()


BASELINE_BODY = baseline_body()


def baseline(request):
    """Answer a constant 2 KB JSON body through the full middleware stack."""
    return HttpResponse(BASELINE_BODY, content_type="application/json")


urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    *site_urlpatterns,
]
