"""What is stored and served: upright, metadata-free files and renditions of fixed widths."""

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PillowImage

from tests.images.pictures import (
    CAMERA,
    SECRET_COMMENT,
    animated_gif,
    camera_exif,
    encoded,
    jpeg_upload,
    tagged_png,
    two_colour,
    upload,
)

pytestmark = pytest.mark.django_db


def reopen(name):
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    with default_storage.open(name, "rb") as stored:
        picture = PillowImage.open(stored)
        picture.load()
    return data, picture


def assert_no_metadata(name):
    data, picture = reopen(name)
    assert not picture.getexif(), name
    assert not picture.getexif().get_ifd(0x8825), name  # the GPS block
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Comment"} & set(
        picture.info
    ), (name, picture.info.keys())
    for needle in (b"Exif", CAMERA.encode(), SECRET_COMMENT.encode(), b"GPS", b"xmpmeta"):
        assert needle not in data, (name, needle)


@pytest.mark.parametrize(
    "make_upload",
    [
        lambda: jpeg_upload(orientation=6),
        lambda: upload(tagged_png(), "chart.png"),
        lambda: upload(tagged_png(transparent=True), "logo.png"),
        lambda: upload(animated_gif(), "loop.gif"),
        lambda: upload(encoded(two_colour(), "WEBP", exif=camera_exif()), "a.webp"),
    ],
)
def test_no_stored_file_carries_exif_gps_xmp_profile_or_comment(make_image, make_upload):
    image = make_image(make_upload())

    assert len(image.stored_names()) > 1
    for name in image.stored_names():
        assert_no_metadata(name)


def test_the_exif_orientation_is_applied_to_the_original_and_every_rendition(make_image):
    # Orientation 6: the camera was turned a quarter clockwise; upright, the left half of
    # the sensor (red) is at the top.
    image = make_image(jpeg_upload(size=(1600, 800), orientation=6))

    assert (image.width, image.height) == (800, 1600)
    for name in image.stored_names():
        _data, picture = reopen(name)
        width, height = picture.size
        assert height == 2 * width, name
        top = picture.convert("RGB").getpixel((width // 2, height // 8))
        bottom = picture.convert("RGB").getpixel((width // 2, height * 7 // 8))
        assert top[0] > 200 and top[2] < 60, (name, top)
        assert bottom[2] > 200 and bottom[0] < 60, (name, bottom)


def rendition_shapes(image):
    return sorted((r["width"], r["height"], r["format"]) for r in image.renditions)


def test_a_large_picture_gets_webp_and_jpeg_at_each_configured_width(make_image):
    image = make_image(jpeg_upload(size=(2000, 1000)))

    assert rendition_shapes(image) == [
        (320, 160, "jpeg"),
        (320, 160, "webp"),
        (640, 320, "jpeg"),
        (640, 320, "webp"),
        (1280, 640, "jpeg"),
        (1280, 640, "webp"),
    ]
    for entry in image.renditions:
        _data, picture = reopen(entry["name"])
        assert picture.size == (entry["width"], entry["height"])
        assert picture.format == entry["format"].upper()


def test_renditions_are_never_upscaled_the_picture_width_stands_in(make_image):
    assert rendition_shapes(make_image(jpeg_upload(size=(500, 250)))) == [
        (320, 160, "jpeg"),
        (320, 160, "webp"),
        (500, 250, "jpeg"),
        (500, 250, "webp"),
    ]
    assert rendition_shapes(make_image(jpeg_upload(size=(200, 100)))) == [
        (200, 100, "jpeg"),
        (200, 100, "webp"),
    ]


def test_the_widths_come_from_the_setting(make_image, settings):
    settings.IMAGE_RENDITION_WIDTHS = [100, 1000]

    image = make_image(jpeg_upload(size=(1600, 800)))

    assert {r["width"] for r in image.renditions} == {100, 1000}


def test_renditions_live_under_a_prefix_named_after_the_original(make_image):
    image = make_image(jpeg_upload())

    stem = image.file.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    assert image.file.name.startswith("images/")
    assert all(r["name"].startswith(f"images/renditions/{stem}/") for r in image.renditions)


def test_a_transparent_picture_falls_back_to_png_and_keeps_its_transparency(make_image):
    image = make_image(upload(tagged_png(transparent=True), "logo.png"))

    assert {r["format"] for r in image.renditions} == {"webp", "png"}
    for name in image.stored_names():
        _data, picture = reopen(name)
        assert picture.mode == "RGBA", name
        assert picture.getpixel((1, 1))[3] == 0, name  # the transparent left half


def test_an_animated_gif_is_stored_as_its_first_frame_in_png(make_image):
    image = make_image(upload(animated_gif(size=(400, 200)), "loop.gif"))

    data, original = reopen(image.file.name)
    assert image.file.name.endswith(".png")
    assert original.format == "PNG"
    assert original.convert("RGB").getpixel((10, 10))[0] > 200  # red: frame one, not green


def test_a_sixteen_bit_greyscale_png_keeps_its_tones(make_image):
    grey = PillowImage.new("I;16", (400, 200), 32768)  # mid grey in 16 bits

    image = make_image(upload(encoded(grey, "PNG"), "scan.png"))

    _data, original = reopen(image.file.name)
    assert 120 <= original.convert("L").getpixel((5, 5)) <= 135


def test_a_cmyk_picture_with_an_unusable_profile_is_stored_as_plain_rgb(make_image):
    from PIL import ImageCms

    lab_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    cmyk = PillowImage.new("CMYK", (400, 200), (0, 255, 255, 0))  # printers' red

    image = make_image(upload(encoded(cmyk, "JPEG", icc_profile=lab_profile), "print.jpg"))

    _data, original = reopen(image.file.name)
    assert original.mode == "RGB"
    assert "icc_profile" not in original.info
    red, green, blue = original.getpixel((5, 5))
    assert red > 200 and green < 60 and blue < 60
