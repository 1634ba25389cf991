"""`check --deploy` warns about unsafe production settings Django's own checks miss."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
DB_THROTTLE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "saga_throttle_cache",
}


@pytest.fixture
def production(settings):
    """Settings that pass: one worker, rates on, no proxy."""
    settings.SAGA_WORKERS = 1
    settings.CACHES = {"default": LOCMEM, "throttle": DB_THROTTLE}
    settings.SAGA_API_ANON_RATE, settings.SAGA_PAGE_ANON_RATE = "120/minute", "600/minute"
    settings.BEHIND_TLS_PROXY, settings.TLS_PROXY_COUNT = False, 0
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    settings.SECURE_PROXY_SSL_HEADER = None
    return settings


def warnings_of(ids=("saga_cms.W001", "saga_cms.W002", "saga_cms.W003", "saga_cms.W004")):
    try:
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "caches")
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
    except SystemCheckError as error:
        return {code for code in ids if code in str(error)}
    return set()


def test_sound_settings_pass(production):
    assert {"saga_cms.W001", "saga_cms.W003", "saga_cms.W004"}.isdisjoint(warnings_of())


def test_a_process_local_cache_with_several_workers(production):
    production.SAGA_WORKERS = 2
    assert "saga_cms.W001" in warnings_of()
    production.CACHES = {"default": LOCMEM, "throttle": LOCMEM}
    assert "saga_cms.W002" in warnings_of()


def test_proxy_settings_that_disagree(production):
    production.BEHIND_TLS_PROXY, production.TLS_PROXY_COUNT = True, 1
    production.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    production.AXES_IPWARE_PROXY_COUNT = 0
    assert "saga_cms.W003" in warnings_of()  # NUM_PROXIES still 0
    production.REST_FRAMEWORK = {**production.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert "saga_cms.W003" not in warnings_of()


def test_rate_limits_off(production):
    production.SAGA_PAGE_ANON_RATE = None
    assert "saga_cms.W004" in warnings_of()
