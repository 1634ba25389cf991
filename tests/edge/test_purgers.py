"""
Each purger sends its edge's real purge request for exactly the keys of a change, after the
commit; a failing edge is retried, then logged, and never fails the save.
"""

import logging

import pytest
from django.core import checks
from django.db import transaction

from core.edge_cache import purge_keys
from core.signals import content_changed
from tests.edge.recorder import recording_server


@pytest.fixture
def edge(settings):
    settings.SAGA_EDGE_PURGE_TIMEOUT = 2
    with recording_server() as recorder:
        settings.SAGA_EDGE_VARNISH_URLS = [recorder.url]
        settings.SAGA_EDGE_FASTLY_API_URL = recorder.url
        settings.SAGA_EDGE_FASTLY_SERVICE_ID = "SU1Z0isxPaozGVKXdv0eY"
        settings.SAGA_EDGE_FASTLY_API_TOKEN = "fastly-token"
        settings.SAGA_EDGE_CLOUDFLARE_API_URL = recorder.url + "/client/v4"
        settings.SAGA_EDGE_CLOUDFLARE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
        settings.SAGA_EDGE_CLOUDFLARE_API_TOKEN = "cloudflare-token"
        recorder.body = b'{"success": true, "errors": [], "messages": [], "result": {}}'
        yield recorder


def test_varnish_xkey_purges_the_keys_with_one_purge_request(settings, edge):
    settings.SAGA_EDGE_PURGER = "varnish-xkey"

    assert purge_keys(frozenset({"saga-3", "event-7"}))

    [request] = edge.requests
    assert (request.method, request.path) == ("PURGE", "/")
    assert request.headers["xkey-purge"] == "event-7 saga-3"


def test_varnish_xkey_purges_every_varnish(settings, edge):
    settings.SAGA_EDGE_PURGER = "varnish-xkey"
    settings.SAGA_EDGE_VARNISH_URLS = [edge.url, edge.url + "/"]

    purge_keys(frozenset({"saga-3"}))

    assert [request.headers["xkey-purge"] for request in edge.requests] == ["saga-3", "saga-3"]


def test_varnish_ban_sends_the_keys_in_a_ban_request(settings, edge):
    settings.SAGA_EDGE_PURGER = "varnish-ban"

    purge_keys(frozenset({"person-2", "people"}))

    [request] = edge.requests
    assert (request.method, request.path) == ("BAN", "/")
    assert request.headers["X-Ban-Keys"] == "people person-2"


def test_fastly_purges_by_surrogate_keys_through_its_api(settings, edge):
    settings.SAGA_EDGE_PURGER = "fastly"

    purge_keys(frozenset({"saga-3", "sagas"}))

    [request] = edge.requests
    assert (request.method, request.path) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    assert request.headers["Fastly-Key"] == "fastly-token"
    assert request.headers["Content-Type"] == "application/json"
    assert "Fastly-Soft-Purge" not in request.headers
    assert request.json() == {"surrogate_keys": ["saga-3", "sagas"]}


def test_fastly_soft_purge_when_asked(settings, edge):
    settings.SAGA_EDGE_PURGER = "fastly"
    settings.SAGA_EDGE_FASTLY_SOFT_PURGE = True

    purge_keys(frozenset({"saga-3"}))

    assert edge.requests[0].headers["Fastly-Soft-Purge"] == "1"


def test_fastly_sends_at_most_256_keys_a_request(settings, edge):
    settings.SAGA_EDGE_PURGER = "fastly"

    purge_keys(frozenset(f"event-{number}" for number in range(300)))

    sent = [request.json()["surrogate_keys"] for request in edge.requests]
    assert [len(keys) for keys in sent] == [256, 44]
    assert {key for keys in sent for key in keys} == {f"event-{n}" for n in range(300)}


def test_cloudflare_purges_by_cache_tags_30_at_a_time(settings, edge):
    settings.SAGA_EDGE_PURGER = "cloudflare"

    purge_keys(frozenset(f"source-{number}" for number in range(31)))

    first, second = edge.requests
    assert (first.method, first.path) == (
        "POST",
        "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache",
    )
    assert first.headers["Authorization"] == "Bearer cloudflare-token"
    assert len(first.json()["tags"]) == 30
    assert len(second.json()["tags"]) == 1


def test_cloudflare_answer_without_success_is_a_failure(settings, edge, caplog):
    settings.SAGA_EDGE_PURGER = "cloudflare"
    settings.SAGA_EDGE_PURGE_ATTEMPTS = 2
    edge.body = (
        b'{"success": false, "errors": [{"code": 10000, "message": "Authentication error"}]}'
    )

    assert not purge_keys(frozenset({"saga-1"}))

    assert len(edge.requests) == 2
    assert "Authentication error" in caplog.text


def test_a_failing_purge_is_retried_then_succeeds(settings, edge, caplog):
    settings.SAGA_EDGE_PURGER = "varnish-xkey"
    edge.statuses = [503, 500]

    assert purge_keys(frozenset({"saga-3"}))

    assert len(edge.requests) == 3
    assert "Edge purge failed" not in caplog.text


def test_a_purge_that_keeps_failing_is_logged_and_does_not_raise(settings, edge, caplog):
    settings.SAGA_EDGE_PURGER = "varnish-xkey"
    settings.SAGA_EDGE_PURGE_ATTEMPTS = 3
    edge.statuses = [503, 503, 503]

    with caplog.at_level(logging.ERROR, logger="core.edge_cache"):
        assert not purge_keys(frozenset({"saga-3"}))

    assert len(edge.requests) == 3
    [record] = caplog.records
    assert "Edge purge failed after 3 attempts (varnish-xkey, keys saga-3)" in record.message
    assert "503" in record.message


def test_an_unreachable_edge_is_logged(settings, caplog):
    settings.SAGA_EDGE_PURGER = "fastly"
    settings.SAGA_EDGE_FASTLY_API_URL = "http://127.0.0.1:9"  # discard: nothing listens
    settings.SAGA_EDGE_FASTLY_SERVICE_ID = "service"
    settings.SAGA_EDGE_FASTLY_API_TOKEN = "secret-token-value"
    settings.SAGA_EDGE_PURGE_ATTEMPTS = 1

    assert not purge_keys(frozenset({"saga-3"}))

    assert "Edge purge failed after 1 attempts (fastly, keys saga-3)" in caplog.text
    assert "secret-token-value" not in caplog.text


def test_keys_that_could_break_a_header_or_a_ban_are_never_sent(settings, edge, caplog):
    settings.SAGA_EDGE_PURGER = "varnish-ban"

    purge_keys(frozenset({"saga-1", "x|.*", "a\r\nb"}))

    [request] = edge.requests
    assert request.headers["X-Ban-Keys"] == "saga-1"
    assert "invalid keys" in caplog.text


@pytest.mark.django_db
def test_content_changed_purges_its_keys_once_the_transaction_commits(
    settings, edge, django_capture_on_commit_callbacks
):
    settings.SAGA_EDGE_PURGER = "varnish-xkey"

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        content_changed.send(sender=None, keys=frozenset({"saga-9", "sagas"}))
        assert edge.requests == []

    [request] = edge.requests
    assert request.headers["xkey-purge"] == "saga-9 sagas"


@pytest.mark.django_db
def test_no_purge_when_the_transaction_rolls_back(settings, edge):
    settings.SAGA_EDGE_PURGER = "varnish-xkey"

    with pytest.raises(RuntimeError), transaction.atomic():
        content_changed.send(sender=None, keys=frozenset({"saga-9"}))
        raise RuntimeError

    assert edge.requests == []


def test_no_purger_sends_nothing(settings, edge):
    settings.SAGA_EDGE_PURGER = "none"

    assert purge_keys(frozenset({"saga-1"}))

    assert edge.requests == []


@pytest.mark.parametrize(
    ("purger", "missing"),
    [
        ("varnish-xkey", "SAGA_EDGE_VARNISH_URLS is empty"),
        ("fastly", "SAGA_EDGE_FASTLY_SERVICE_ID is not set"),
        ("cloudflare", "SAGA_EDGE_CLOUDFLARE_API_TOKEN is not set"),
    ],
)
def test_the_system_check_names_a_missing_setting(settings, purger, missing):
    settings.SAGA_EDGE_PURGER = purger
    settings.SAGA_EDGE_VARNISH_URLS = []
    settings.SAGA_EDGE_FASTLY_SERVICE_ID = ""
    settings.SAGA_EDGE_CLOUDFLARE_API_TOKEN = ""

    errors = [error.msg for error in checks.run_checks() if error.id.startswith("core.E20")]

    assert any(missing in message for message in errors)


def test_the_system_check_names_an_unknown_purger(settings):
    settings.SAGA_EDGE_PURGER = "akamai"

    errors = [error.msg for error in checks.run_checks() if error.id == "core.E201"]

    assert errors == [
        "SAGA_EDGE_PURGER is 'akamai'; it must be one of: "
        "none, varnish-xkey, varnish-ban, fastly, cloudflare."
    ]
