"""ImageSerializer: rendition URLs with their sizes, credit, licence, alt text per language."""

import pytest
from rest_framework.test import APIRequestFactory

from images.models import Image
from images.serializers import ImageSerializer, ImageUploadSerializer
from tests.factories import add_text
from tests.images.pictures import jpeg_upload, truncated_jpeg, upload

pytestmark = pytest.mark.django_db


def test_the_image_is_served_with_absolute_rendition_urls_and_sizes(make_image):
    image = make_image(jpeg_upload(size=(500, 250)), credit="Jane Doe", licence="CC BY 4.0")
    request = APIRequestFactory().get("/api/v1/people/")

    data = ImageSerializer(image, context={"request": request, "language": "en"}).data

    assert data["width"] == 500 and data["height"] == 250
    assert data["credit"] == "Jane Doe" and data["licence"] == "CC BY 4.0"
    assert data["alt_text"] == "Two coloured halves"
    assert data["language"] == "en"
    assert [(r["width"], r["height"], r["format"], r["mime_type"]) for r in data["renditions"]] == [
        (320, 160, "jpeg", "image/jpeg"),
        (320, 160, "webp", "image/webp"),
        (500, 250, "jpeg", "image/jpeg"),
        (500, 250, "webp", "image/webp"),
    ]
    for rendition in data["renditions"]:
        assert rendition["url"].startswith("http://testserver/media/images/renditions/")


def test_the_alt_text_is_in_the_requested_language_or_says_it_is_the_original(make_image):
    image = make_image(caption="In the board room")
    add_text(image, "ja", alt_text="赤と青の二色", caption="取締役会で")

    japanese = ImageSerializer(image, context={"language": "ja"}).data
    assert (japanese["alt_text"], japanese["caption"], japanese["language"]) == (
        "赤と青の二色",
        "取締役会で",
        "ja",
    )

    row = image.translation("ja")
    row.status = "draft"
    row.save()
    image = Image.objects.get(pk=image.pk)  # as the next request reads it
    fallback = ImageSerializer(image, context={"language": "ja"}).data
    assert (fallback["alt_text"], fallback["language"], fallback["is_fallback"]) == (
        "Two coloured halves",
        "en",
        True,
    )


def upload_request(editor):
    request = APIRequestFactory().post("/api/v1/images/")
    request.user = editor
    return request


def test_an_upload_through_the_api_serializer_stores_the_image_and_answers_its_renditions(
    editor, stored_files
):
    serializer = ImageUploadSerializer(
        data={"file": jpeg_upload(size=(500, 250)), "original_language": "en", "alt_text": "Alt"},
        context={"request": upload_request(editor), "language": "en"},
    )

    assert serializer.is_valid(), serializer.errors
    image = serializer.save()

    assert image.localized("en", public=False).alt_text == "Alt"
    assert stored_files() == set(image.stored_names())
    assert [r["width"] for r in serializer.data["renditions"]] == [320, 320, 500, 500]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"plain text", "This is not a JPEG, PNG, WebP or GIF image."),
        (truncated_jpeg(), "This image cannot be read: the file is truncated or damaged."),
    ],
)
def test_a_refused_api_upload_is_a_field_error_and_stores_nothing(
    editor, stored_files, data, message
):
    serializer = ImageUploadSerializer(
        data={"file": upload(data), "original_language": "xx", "alt_text": "Alt"},
        context={"request": upload_request(editor)},
    )

    assert not serializer.is_valid()
    assert serializer.errors["file"] == [message]
    assert serializer.errors["original_language"][0].startswith("“xx” is not one of")
    assert stored_files() == set()
