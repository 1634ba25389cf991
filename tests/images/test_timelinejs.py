"""
TimelineJS: an event's image is its slide's media (a rendition, absolute, with credit,
caption and alt text in the timeline's language), and survives an export-import round trip.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from events.models import Event, Saga
from sources.models import Source
from tests.factories import add_text
from tests.images.pictures import jpeg_upload

pytestmark = pytest.mark.django_db


def timeline(slug: str, lang: str, user=None) -> dict:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    response = client.get(f"/api/v1/sagas/{slug}/timelinejs/?lang={lang}")
    assert response.status_code == 200, response.content
    return {slide["unique_id"]: slide for slide in response.json()["events"]} | {
        "": response.json()
    }


def test_an_event_image_is_the_slide_media_with_credit_caption_and_alt_text(illustrated):
    image = illustrated.event_image
    jpeg = image.rendition_list("jpeg")

    media = timeline("openai-2023", "en")["altman-fired"]["media"]

    assert media == {
        "url": f"http://testserver{jpeg[-1].url}",
        "thumbnail": f"http://testserver{jpeg[0].url}",
        "credit": "Newsroom photo desk · All rights reserved",
        "caption": "OpenAI's headquarters in San Francisco",
        "alt": "The OpenAI offices",
    }
    assert jpeg[-1].width == 1280


def test_the_alt_text_follows_the_timeline_language_with_the_readers_fallback(
    illustrated, make_image
):
    picture = make_image(jpeg_upload(size=(800, 400)), alt_text="Staff at their desks")
    add_text(picture, "ja", alt_text="机に向かう社員")
    Event.objects.filter(pk=illustrated.story.letter.pk).update(image=picture)

    slides = timeline("openai-2023", "ja")

    assert slides["staff-letter"]["media"]["caption"] == "机に向かう社員"  # no caption: the alt
    assert slides["staff-letter"]["media"]["alt"] == "机に向かう社員"
    assert slides["staff-letter"]["media"]["credit"] == ""
    # The Japanese alt text of the firing's image is a draft: readers get the original.
    assert slides["altman-fired"]["media"]["alt"] == "The OpenAI offices"


def test_an_event_without_an_image_cites_its_source_as_a_link_not_as_media(illustrated):
    """A web page is no picture: TimelineJS would load it as one, which the policy blocks."""
    founding = timeline("openai-2023", "en")["founding"]

    assert "media" not in founding
    assert (
        '<p class="saga-source">Source: <a href="'
        'https://openai.com/blog/openai-announces-leadership-transition"'
    ) in founding["text"]["text"]


def test_an_exported_timeline_imports_back_with_the_same_images_and_no_source_for_them(
    illustrated, editor, tmp_path
):
    exported = timeline("openai-2023", "ja")[""]
    path = tmp_path / "openai.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    sources_before = Source.objects.count()

    with translation.override("en"):
        call_command(
            "import_timelinejs",
            str(path),
            slug="openai-copy",
            time_zone="America/Los_Angeles",
            language="ja",
            user=editor.username,
            stdout=io.StringIO(),
        )

    copy = Saga.objects.get(slug="openai-copy")
    assert copy.events.get(slug="altman-fired").image == illustrated.event_image
    assert copy.events.get(slug="founding").image is None
    assert Source.objects.count() == sources_before  # every other media is a known source
    assert not Source.objects.filter(url__contains="/media/").exists()
    original = next(s for s in exported["events"] if s["unique_id"] == "altman-fired")["media"]
    copied = timeline("openai-copy", "ja", user=editor)["altman-fired"]["media"]
    assert [copied[key] for key in ("url", "thumbnail", "credit")] == [
        original[key] for key in ("url", "thumbnail", "credit")
    ]
