"""
The API embeds the event's image, the person's portrait and the organisation's logo:
absolute rendition URLs with their sizes and types, credit, licence, and the alt text in
the requested language with its language, fallback flag and status.
"""

import pytest
import yaml
from rest_framework.test import APIClient

from events.models import Event
from people.models import Organization, Person
from tests.api.test_query_counts import (
    DETAIL_QUERIES,
    EVENTS_LIST_QUERIES,
    OTHER_LIST_QUERIES,
    TIMELINE_QUERIES,
)
from tests.factories import add_text
from tests.images.pictures import jpeg_upload
from tests.scenarios import wide_saga

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def read(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_an_event_embeds_its_image_with_absolute_rendition_urls_sizes_and_types(
    anonymous, illustrated
):
    image = illustrated.event_image

    data = read(anonymous, f"/api/v1/events/{illustrated.story.fired.pk}/?lang=en")["image"]

    assert (data["id"], data["width"], data["height"]) == (image.pk, 1400, 700)
    assert [(r["width"], r["height"], r["mime_type"]) for r in data["renditions"]] == [
        (320, 160, "image/jpeg"),
        (320, 160, "image/webp"),
        (640, 320, "image/jpeg"),
        (640, 320, "image/webp"),
        (1280, 640, "image/jpeg"),
        (1280, 640, "image/webp"),
    ]
    assert [r["url"] for r in data["renditions"]] == [
        f"http://testserver{r.url}" for r in image.rendition_list()
    ]
    assert (data["credit"], data["licence"]) == ("Newsroom photo desk", "All rights reserved")
    assert (data["alt_text"], data["caption"]) == (
        "The OpenAI offices",
        "OpenAI's headquarters in San Francisco",
    )
    assert (data["language"], data["is_fallback"]) == ("en", False)


def test_readers_get_the_original_alt_text_as_a_fallback_never_a_draft(anonymous, illustrated):
    data = read(anonymous, f"/api/v1/events/{illustrated.story.fired.pk}/?lang=ja")["image"]

    assert (data["alt_text"], data["language"], data["is_fallback"]) == (
        "The OpenAI offices",
        "en",
        True,
    )
    assert data["translation_status"] == "draft"


def test_staff_read_the_draft_alt_text_as_they_read_every_draft(staff, illustrated):
    event = read(staff, f"/api/v1/events/{illustrated.story.fired.pk}/?lang=ja")

    assert (event["image"]["alt_text"], event["image"]["language"]) == (
        "下書きの代替テキスト",
        "ja",
    )
    assert event["image"]["is_fallback"] is False


def test_a_person_embeds_the_portrait_described_in_the_requested_language(anonymous, illustrated):
    japanese = read(anonymous, "/api/v1/people/sam-altman/?lang=ja")["portrait"]
    english = read(anonymous, "/api/v1/people/sam-altman/?lang=en")["portrait"]

    assert (japanese["alt_text"], japanese["language"], japanese["is_fallback"]) == (
        "笑顔のサム・アルトマン",
        "ja",
        False,
    )
    assert (english["alt_text"], english["language"]) == ("Sam Altman, smiling", "en")
    assert (japanese["credit"], japanese["licence"]) == ("Jane Doe", "CC BY 4.0")
    assert japanese["renditions"][0]["url"].startswith("http://testserver/media/")


def test_an_organisation_embeds_its_logo_with_png_renditions(anonymous, illustrated):
    logo = read(anonymous, "/api/v1/organizations/openai/?lang=ja")["logo"]

    assert {r["mime_type"] for r in logo["renditions"]} == {"image/png", "image/webp"}
    assert (logo["alt_text"], logo["is_fallback"]) == ("The OpenAI logo", True)
    assert logo["licence"] == "Trademark of OpenAI"


def test_without_a_picture_the_field_is_null(anonymous, illustrated):
    assert read(anonymous, "/api/v1/people/mira-murati/?lang=en")["portrait"] is None
    assert read(anonymous, "/api/v1/organizations/forbes/?lang=en")["logo"] is None
    reaction = illustrated.story.reaction
    assert read(anonymous, f"/api/v1/events/{reaction.pk}/?lang=en")["image"] is None


def test_every_language_lists_the_alt_text_in_the_original_for_readers(anonymous, illustrated):
    data = read(anonymous, f"/api/v1/events/{illustrated.story.fired.pk}/?lang=all")["image"]

    assert data["alt_text"] == "The OpenAI offices"


@pytest.mark.parametrize("size", [2, 6])
def test_pictures_on_every_row_cost_a_list_one_query(
    anonymous, make_image, django_assert_max_num_queries, size
):
    saga = wide_saga(size)
    for number, event in enumerate(saga.events.all()):
        image = make_image(jpeg_upload(size=(400, 200)), alt_text=f"Picture {number}")
        add_text(image, "ja", alt_text=f"写真{number}")
        Event.objects.filter(pk=event.pk).update(image=image)
        portrait = make_image(jpeg_upload(size=(200, 300)), alt_text=f"Portrait {number}")
        Person.objects.filter(events=event).update(portrait=portrait)
    for number, organization in enumerate(Organization.objects.all()):
        logo = make_image(jpeg_upload(size=(200, 100)), alt_text=f"Logo {number}")
        Organization.objects.filter(pk=organization.pk).update(logo=logo)

    with django_assert_max_num_queries(EVENTS_LIST_QUERIES + 1):
        events = read(anonymous, "/api/v1/events/?page_size=50&lang=ja&saga=big")["results"]
    detail = f"/api/v1/events/{saga.events.last().pk}/?lang=ja"
    with django_assert_max_num_queries(DETAIL_QUERIES + 1):
        read(anonymous, detail)
    with django_assert_max_num_queries(OTHER_LIST_QUERIES + 1):
        people = read(anonymous, "/api/v1/people/?page_size=50&lang=ja")["results"]
    with django_assert_max_num_queries(OTHER_LIST_QUERIES + 1):
        organizations = read(anonymous, "/api/v1/organizations/?page_size=50&lang=ja")["results"]

    with django_assert_max_num_queries(TIMELINE_QUERIES + 1):
        slides = read(anonymous, "/api/v1/sagas/big/timelinejs/?lang=ja")["events"]

    assert sorted(slide["media"]["alt"] for slide in slides) == [f"写真{n}" for n in range(size)]
    assert sorted(e["image"]["alt_text"] for e in events) == [f"写真{n}" for n in range(size)]
    assert all(p["portrait"]["alt_text"].startswith("Portrait") for p in people)
    assert all(o["logo"]["alt_text"].startswith("Logo") for o in organizations)


def test_the_schema_describes_the_embedded_image(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)["components"]["schemas"]

    for component, field in [("Event", "image"), ("Person", "portrait"), ("Organization", "logo")]:
        embedded = schema[component]["properties"][field]
        assert embedded["allOf"] == [{"$ref": "#/components/schemas/Image"}]
        assert embedded["nullable"] is True
    image = schema["Image"]["properties"]
    assert {"renditions", "alt_text", "caption", "language", "is_fallback", "credit"} <= set(image)
    assert image["renditions"]["items"] == {"$ref": "#/components/schemas/Rendition"}
    assert set(schema["Rendition"]["properties"]) == {
        "url",
        "width",
        "height",
        "format",
        "mime_type",
    }
