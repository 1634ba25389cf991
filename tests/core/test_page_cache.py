"""The in-process copy of large shared answers (core.page_cache)."""

from core.page_cache import shared_answer_get, shared_answer_set

ANSWER = (b'{"events": []}', {"ETag": '"abc"'})


def test_an_answer_stored_in_the_shared_cache_is_served_again():
    shared_answer_set("saga_cms:api:v1:test-kept", ANSWER)

    assert shared_answer_get("saga_cms:api:v1:test-kept") == ANSWER


def test_with_caching_off_no_answer_is_kept_in_the_process(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    shared_answer_set("saga_cms:api:v1:test-not-kept", ANSWER)

    assert shared_answer_get("saga_cms:api:v1:test-not-kept") is None
