"""
What the edge may keep: answers that name their surrogate keys, for anonymous readers only;
repeated for each edge's header, with s-maxage and stale-while-revalidate from the settings.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from core.edge_cache import EdgeCacheMiddleware
from core.models import ScheduledChange
from tests import scenarios

# The middleware reads the scheduled publications.
pytestmark = pytest.mark.django_db


def answer(*, user=None, method="GET", headers=None, response_headers=None, cookie=None):
    request = getattr(RequestFactory(), method.lower())("/en/sagas/x/", headers=headers or {})
    request.user = user or AnonymousUser()

    def view(request):
        response = HttpResponse("page")
        response["Surrogate-Key"] = "saga-1 event-2 sagas"
        response["Cache-Control"] = "public, max-age=60"
        for name, value in (response_headers or {}).items():
            response[name] = value
        if cookie:
            response.set_cookie(cookie, "1")
        return response

    return EdgeCacheMiddleware(view)(request)


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_keys_are_repeated_for_varnish_and_cloudflare(settings):
    settings.SAGA_EDGE_MAX_AGE = 3600
    settings.SAGA_EDGE_STALE_SECONDS = 15

    response = answer()

    assert response["Surrogate-Key"] == "saga-1 event-2 sagas"
    assert response["xkey"] == "saga-1 event-2 sagas"
    assert response["Cache-Tag"] == "saga-1,event-2,sagas"
    assert cache_control(response) == {
        "public",
        "max-age=60",
        "s-maxage=3600",
        "stale-while-revalidate=15",
    }


def test_an_answer_without_keys_is_left_alone():
    def view(request):
        return HttpResponse("x", headers={"Cache-Control": "public, max-age=60"})

    request = RequestFactory().get("/robots.txt")
    request.user = AnonymousUser()
    response = EdgeCacheMiddleware(view)(request)

    assert response["Cache-Control"] == "public, max-age=60"
    assert "xkey" not in response


@pytest.mark.parametrize(
    "case",
    ["staff", "private", "no-store", "sets a cookie", "token", "post", "unsettled"],
)
def test_answers_for_one_person_get_no_edge_caching_and_lose_their_keys(case, django_user_model):
    if case == "staff":
        response = answer(user=django_user_model(username="desk", is_staff=True))
    elif case == "private":
        response = answer(response_headers={"Cache-Control": "private, max-age=0"})
    elif case == "no-store":
        response = answer(response_headers={"Cache-Control": "no-store"})
    elif case == "sets a cookie":
        response = answer(cookie="csrftoken")
    elif case == "unsettled":
        response = answer(response_headers={"Surrogate-Control": "no-store"})
        assert "no-store" in response["Cache-Control"]
    elif case == "token":
        response = answer(headers={"Authorization": "Token abc"})
    else:
        response = answer(method="POST")

    assert not {"Surrogate-Key", "xkey", "Cache-Tag"} & set(response.headers)
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_the_edge_keeps_an_answer_no_later_than_its_next_scheduled_publication(settings, client):
    # Through the real read path: the response cache names the next scheduled change of
    # the keys the page shows, and the edge keeps the page no longer.
    settings.SAGA_EDGE_MAX_AGE = 86400
    settings.SAGA_EDGE_STALE_SECONDS = 30
    now = timezone.now()
    shown = scenarios.saga("shown", ja={"title": "表示される物語"})
    scenarios.event(shown, "soon", ja={"headline": "予定"}, publish_at=now + timedelta(seconds=120))
    other = scenarios.saga("other", ja={"title": "別の物語"})
    scenarios.event(other, "sooner", ja={"headline": "別"}, publish_at=now + timedelta(seconds=10))

    response = client.get("/ja/sagas/shown/")

    assert response.status_code == 200
    parts = cache_control(response)
    s_maxage = next(part for part in parts if part.startswith("s-maxage="))
    assert 100 <= int(s_maxage.split("=")[1]) <= 120
    assert "stale-while-revalidate=0" in parts


def test_an_answer_with_nothing_scheduled_gets_the_full_time():
    ScheduledChange.objects.create(key="saga-9", at=timezone.now() + timedelta(seconds=10))

    assert "s-maxage=86400" in cache_control(answer())
