"""Routes reversed once per page (the event cards' links) read as ``reverse`` writes them."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from core.reversing import Route, cached_reverse


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_cached_route_is_the_reversed_path_in_each_language(language):
    with translation.override(language):
        for kwargs in (
            {"saga_slug": "openai-2023", "slug": "altman-fired"},
            {"saga_slug": "a", "slug": "b_2"},
        ):
            assert cached_reverse("events:event", **kwargs) == reverse(
                "events:event", kwargs=kwargs
            )
        assert Route("people:person", "slug")(slug="sam-altman") == reverse(
            "people:person", kwargs={"slug": "sam-altman"}
        )


def test_a_route_follows_the_script_prefix():
    try:
        set_script_prefix("/news/")
        with translation.override("en"):
            assert cached_reverse("events:saga", slug="x") == "/news/en/sagas/x/"
    finally:
        set_script_prefix("/")


def test_an_argument_that_is_not_a_slug_is_reversed_as_usual():
    with translation.override("en"), pytest.raises(Exception, match="Reverse"):
        cached_reverse("events:saga", slug="not a slug")
