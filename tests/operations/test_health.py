"""/healthz says the process answers; /readyz says whether what it needs answers too."""

import json

import pytest

from tests.conftest import free_port


def get(client, path, **headers):
    response = client.get(path, **headers)
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


def test_healthz_answers_without_the_database(client):
    # No db mark: pytest-django would fail any query here.
    assert get(client, "/healthz") == (200, {"status": "alive"})


@pytest.mark.parametrize("path", ["/healthz", "/healthz/", "/readyz"])
def test_probes_skip_host_checks_redirects_and_language_prefixes(client, settings, path, db):
    settings.ALLOWED_HOSTS = ["news.example"]
    settings.SECURE_SSL_REDIRECT = True

    status, _body = get(client, path, HTTP_HOST="10.0.0.7:8000")  # a probe by address

    assert status == 200
    # No language prefix either.
    assert client.get(f"/en{path}", HTTP_HOST="news.example", secure=True).status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("each_media_storage")
def test_readyz_is_ready_when_database_cache_and_storage_answer(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert get(client, "/readyz") == (
        200,
        {"status": "ready", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}},
    )


@pytest.mark.django_db
def test_an_unreachable_cache_is_named_and_its_address_kept_secret(client, settings, caplog):
    address = f"redis://:hunter2@127.0.0.1:{free_port()}/5"
    working = settings.CACHES
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": address}
    }
    try:
        status, body = get(client, "/readyz")
    finally:
        settings.CACHES = working  # the test's own clean-up clears the cache

    assert "hunter2" not in json.dumps(body)

    assert (status, body) == (
        503,
        {
            "status": "unavailable",
            "failed": ["cache"],
            "checks": {"database": "ok", "cache": "unavailable", "storage": "ok"},
        },
    )
    assert "Readiness check failed: cache" in caplog.text  # the reason is in the log


@pytest.mark.django_db
def test_an_unreachable_bucket_is_named_and_its_keys_kept_secret(client, s3_media, settings):
    options = settings.STORAGES["default"]["OPTIONS"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**options, "endpoint_url": f"http://127.0.0.1:{free_port()}"},
        },
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content)["failed"] == ["storage"]
    assert options["secret_key"].encode() not in response.content
    assert b"127.0.0.1" not in response.content


def test_an_unreachable_database_is_named(client):
    # Without a db mark pytest-django refuses every connection: to the probe, a database
    # that cannot be reached.
    status, body = get(client, "/readyz")

    assert status == 503
    assert body["failed"] == ["database"]


def test_probes_only_read(client):
    response = client.post("/readyz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
