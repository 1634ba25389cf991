"""
The public pages show the portrait, the logo and the event's image: responsive, sized,
described in the page's language (or marked as a fallback), credited and licensed.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from people.models import Organization, Person
from tests.site.helpers import elements, json_ld_blocks, page

pytestmark = pytest.mark.django_db

PERSON = "/{}/people/sam-altman/"
ORGANIZATION = "/{}/organisations/openai/"
EVENT = "/{}/sagas/openai-2023/altman-fired/"


def srcset(renditions) -> str:
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def shown_picture(html: str, image) -> tuple[dict, dict]:
    """Return the attributes of ``image``'s WebP ``<source>`` and ``<img>`` on the page."""
    largest = image.fallback_renditions()[-1]
    (img,) = [attrs for attrs in elements(html, "img") if attrs.get("src") == largest.url]
    (source,) = [
        attrs
        for attrs in elements(html, "source")
        if attrs.get("srcset", "").startswith(image.rendition_list("webp")[0].url)
    ]
    return source, img


def test_the_person_page_shows_the_portrait_with_its_japanese_alt_text(client, illustrated):
    portrait = illustrated.portrait

    html = page(client.get(PERSON.format("ja")))

    source, img = shown_picture(html, portrait)
    largest = portrait.fallback_renditions()[-1]
    assert source["type"] == "image/webp"
    assert source["srcset"] == srcset(portrait.rendition_list("webp"))
    assert img["srcset"] == srcset(portrait.rendition_list("jpeg"))
    assert img["sizes"] == source["sizes"] == "(min-width: 40rem) 12rem, 40vw"
    assert (img["width"], img["height"]) == (str(largest.width), str(largest.height))
    assert img["alt"] == "笑顔のサム・アルトマン"
    assert "lang" not in img
    assert "提供：Jane Doe" in html
    assert "CC BY 4.0" in html


def test_the_person_page_in_english_describes_the_portrait_in_english(client, illustrated):
    html = page(client.get(PERSON.format("en")))

    _source, img = shown_picture(html, illustrated.portrait)
    assert img["alt"] == "Sam Altman, smiling"
    assert "Credit: Jane Doe" in html


def test_the_organisation_page_shows_the_logo_with_the_original_alt_text_as_a_fallback(
    client, illustrated
):
    logo = illustrated.logo

    html = page(client.get(ORGANIZATION.format("ja")))

    _source, img = shown_picture(html, logo)
    assert img["srcset"] == srcset(logo.rendition_list("png"))
    assert (img["alt"], img["lang"]) == ("The OpenAI logo", "en")
    assert "Trademark of OpenAI" in html


def test_the_event_page_shows_its_image_with_caption_credit_and_licence_never_a_draft(
    client, illustrated
):
    html = page(client.get(EVENT.format("ja")))

    _source, img = shown_picture(html, illustrated.event_image)
    assert (img["alt"], img["lang"]) == ("The OpenAI offices", "en")
    assert "下書きの代替テキスト" not in html
    assert '<span class="image-caption" lang="en">OpenAI&#x27;s headquarters' in html
    assert "提供：Newsroom photo desk" in html
    assert "All rights reserved" in html


def test_a_page_without_an_image_has_no_picture(client, illustrated):
    html = page(client.get("/en/sagas/openai-2023/altman-posts/"))

    assert "<picture" not in html and "<figure" not in html


def queries(client, url: str) -> int:
    cache.clear()  # a first render, not the page cache's copy
    with CaptureQueriesContext(connection) as captured:
        page(client.get(url))
    return len(captured)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("url", "model", "field", "slug"),
    [
        (PERSON, Person, "portrait", "sam-altman"),
        (ORGANIZATION, Organization, "logo", "openai"),
        (EVENT, Event, "image", "altman-fired"),
    ],
)
def test_an_image_costs_a_page_at_most_one_query(
    client, illustrated, django_assert_max_num_queries, url, model, field, slug, language
):
    url = url.format(language)
    image = getattr(model.objects.get(slug=slug), field)
    model.objects.filter(slug=slug).update(**{field: None})
    without = queries(client, url)
    model.objects.filter(slug=slug).update(**{field: image})
    cache.clear()

    with django_assert_max_num_queries(without + 1):
        html = page(client.get(url))

    assert html.count("<picture") == 1


def test_the_structured_data_names_the_picture_with_its_size_alt_text_and_credit(
    client, illustrated
):
    largest = illustrated.portrait.fallback_renditions()[-1]

    (person,) = json_ld_blocks(page(client.get(PERSON.format("ja"))))
    (organization,) = json_ld_blocks(page(client.get(ORGANIZATION.format("en"))))
    (event,) = json_ld_blocks(page(client.get(EVENT.format("en"))))

    assert person["image"] == {
        "@type": "ImageObject",
        "contentUrl": f"http://testserver{largest.url}",
        "width": largest.width,
        "height": largest.height,
        "caption": "笑顔のサム・アルトマン",
        "creditText": "Jane Doe",
        "copyrightNotice": "CC BY 4.0",
    }
    assert organization["logo"]["caption"] == "The OpenAI logo"
    assert event["image"]["creditText"] == "Newsroom photo desk"
    assert "image" not in json_ld_blocks(page(client.get("/en/people/mira-murati/")))[0]
