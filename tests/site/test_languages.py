"""Language prefixes, the front door, alternates, the switcher and lang attributes."""

import pytest
from django.test import override_settings

from tests.site.helpers import alternates, elements, page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en-GB,en;q=0.9", "/en/"), ("ja-JP,ja;q=0.9", "/ja/"), ("fr-FR", "/ja/")],
)
def test_the_front_door_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_public_page_answers_in_both_languages(client, story, language):
    urls = [
        "/",
        "/sagas/openai-2023/",
        "/sagas/openai-2023/altman-fired/",
        "/people/",
        "/people/sam-altman/",
        "/organisations/openai/",
        "/sources/",
        "/sources/altman-post/",
        "/search/?q=OpenAI",
    ]
    for url in urls:
        html = page(client.get(f"/{language}{url}"))
        assert f'<html lang="{language}"' in html


def test_an_event_page_lists_its_alternates_and_x_default(client, story):
    html = page(client.get("/en/sagas/openai-2023/altman-fired/"))

    assert alternates(html) == {
        "ja": "http://testserver/ja/sagas/openai-2023/altman-fired/",
        "en": "http://testserver/en/sagas/openai-2023/altman-fired/",
        "x-default": "http://testserver/sagas/openai-2023/altman-fired/",
    }
    canonical = [link for link in elements(html, "link") if link.get("rel") == "canonical"]
    assert canonical == [
        {"rel": "canonical", "href": "http://testserver/en/sagas/openai-2023/altman-fired/"}
    ]


def test_the_language_switcher_keeps_the_reader_on_the_same_object_and_filters(client, story):
    html = page(client.get("/ja/sagas/openai-2023/?person=sam-altman"))

    switcher = {a["hreflang"]: a for a in elements(html, "a") if "hreflang" in a and "lang" in a}
    assert switcher["en"]["href"] == "/en/sagas/openai-2023/?person=sam-altman"
    assert switcher["ja"]["aria-current"] == "page"


def test_an_english_quote_on_a_japanese_page_carries_its_language(client, story):
    html = page(client.get("/ja/sagas/openai-2023/altman-fired/"))

    assert "アルトマン氏の退任は" in html
    assert '<q lang="en">Mr. Altman&#x27;s departure follows a deliberative review process' in html
    assert '<cite lang="en"><a href="https://openai.com/' in html


def test_a_japanese_fallback_on_an_english_page_carries_its_language(client, story):
    html = page(client.get("/en/sagas/openai-2023/"))

    assert (
        '<h4 class="event-headline" lang="ja"><a href="/en/sagas/openai-2023/altman-posts/">'
        in (html)
    )


@override_settings(
    LANGUAGES=[("ja", "Japanese"), ("en", "English"), ("de", "German")],
    READER_TIME_ZONES={"ja": "Asia/Tokyo", "en": "America/New_York", "de": "Europe/Berlin"},
)
def test_a_third_language_just_works_with_fallbacks(client, story):
    html = page(client.get("/de/sagas/openai-2023/altman-fired/"))

    assert '<html lang="de"' in html
    assert '<h1 lang="ja">取締役会がアルトマン氏を解任</h1>' in html
    assert alternates(html)["de"] == "http://testserver/de/sagas/openai-2023/altman-fired/"
    assert 'href="/ja/sagas/openai-2023/altman-fired/"' in html  # the original's page


def test_the_x_default_address_sends_each_reader_to_their_language(client, story):
    response = client.get("/sagas/openai-2023/altman-fired/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/en/sagas/openai-2023/altman-fired/"
