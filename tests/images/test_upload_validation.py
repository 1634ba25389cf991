"""Uploads that are refused, each with an error that says what is wrong, storing nothing."""

import pytest
from django.core.exceptions import ValidationError

from images.models import Image
from images.services import image_create
from tests.images.pictures import (
    SVG,
    animated_gif,
    camera_jpeg,
    encoded,
    png_declaring,
    tagged_png,
    truncated_jpeg,
    two_colour,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_media_storage")]


def refusal(editor, data, name="picture.jpg"):
    with pytest.raises(ValidationError) as caught:
        image_create(
            upload=upload(data, name), original_language="en", alt_text="A picture", user=editor
        )
    return caught.value


def assert_nothing_stored(stored_files):
    assert Image.objects.count() == 0
    assert stored_files() == set()


def test_a_text_file_named_jpg_is_refused_as_not_an_image(editor, stored_files):
    error = refusal(editor, b"Quarterly figures, not a picture at all.\n" * 20)

    assert error.code == "not_an_image"
    assert error.messages == ["This is not a JPEG, PNG, WebP or GIF image."]
    assert_nothing_stored(stored_files)


def test_an_svg_is_refused_whatever_its_name(editor, stored_files):
    for name in ("logo.svg", "logo.png"):
        error = refusal(editor, SVG, name)

        assert error.code == "not_an_image"
    assert_nothing_stored(stored_files)


def test_a_format_outside_the_four_is_refused_even_when_pillow_reads_it(editor, stored_files):
    from PIL import Image as PillowImage

    bitmap = encoded(PillowImage.new("RGB", (50, 50), "red"), "BMP")

    assert refusal(editor, bitmap, "photo.jpg").code == "not_an_image"
    assert_nothing_stored(stored_files)


def test_a_truncated_jpeg_is_refused_as_damaged(editor, stored_files):
    error = refusal(editor, truncated_jpeg())

    assert error.code == "damaged"
    assert error.messages == ["This image cannot be read: the file is truncated or damaged."]
    assert_nothing_stored(stored_files)


def test_a_png_declaring_a_huge_size_is_refused_before_it_is_decoded(editor, stored_files):
    # 100000 × 100000 is far past Pillow's own guard; 7000 × 7000 is past the site's limit.
    for width, height in ((100_000, 100_000), (7000, 7000)):
        error = refusal(editor, png_declaring(width, height), "small.png")

        assert error.code == "too_many_pixels"
        assert "more than 40 megapixels" in error.messages[0]
    assert_nothing_stored(stored_files)


def test_an_image_over_the_pixel_setting_is_refused_naming_its_size(editor, stored_files, settings):
    settings.IMAGE_MAX_PIXELS = 500_000

    error = refusal(editor, camera_jpeg(size=(1000, 600)))

    assert error.code == "too_many_pixels"
    assert error.messages == [
        "This image has more than 0.5 megapixels (it is 1000 × 600 pixels). "
        "Reduce it and upload it again."
    ]
    assert_nothing_stored(stored_files)


def test_a_file_over_the_byte_setting_is_refused_before_it_is_read(editor, stored_files, settings):
    settings.IMAGE_MAX_BYTES = 2 * 1024 * 1024
    data = b"\xff\xd8" + b"\x00" * (3 * 1024 * 1024)  # not even a JPEG: size comes first

    error = refusal(editor, data)

    assert error.code == "too_large"
    assert error.messages == [
        "This file is 3.0\xa0MB, larger than 2.0\xa0MB. Reduce it and upload it again."
    ]
    assert_nothing_stored(stored_files)


def test_an_empty_file_is_refused_as_not_an_image(editor, stored_files):
    assert refusal(editor, b"").code == "not_an_image"
    assert_nothing_stored(stored_files)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (camera_jpeg(size=(400, 300)), "photo.jpg"),
        (tagged_png(), "chart.png"),
        (animated_gif(), "loop.gif"),
        (encoded(two_colour((300, 200)), "WEBP"), "frame.webp"),
        (camera_jpeg(size=(400, 300)), "photo-without-the-right-name.txt"),
    ],
)
def test_the_four_formats_are_accepted_by_their_content_not_their_name(editor, data, name):
    image = image_create(
        upload=upload(data, name), original_language="en", alt_text="A picture", user=editor
    )

    assert image.width and image.height
    assert image.renditions
