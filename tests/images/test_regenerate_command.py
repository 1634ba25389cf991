"""manage.py regenerate_renditions: every image remade at the widths now configured."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.images.pictures import jpeg_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_media_storage")]


def widths(image):
    image.refresh_from_db()
    return sorted({entry["width"] for entry in image.renditions})


def test_all_renditions_are_remade_at_the_new_widths_with_progress(
    make_image, stored_files, settings, django_capture_on_commit_callbacks
):
    images = [make_image(jpeg_upload(size=(1600, 800))) for _ in range(3)]
    settings.IMAGE_RENDITION_WIDTHS = [400, 800]
    output = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("regenerate_renditions", stdout=output)

    assert [widths(image) for image in images] == [[400, 800]] * 3
    assert stored_files() == {name for image in images for name in image.stored_names()}
    assert "3/3" in output.getvalue()
    assert "Regenerated the renditions of 3 images." in output.getvalue()


def test_outdated_only_skips_images_already_at_the_current_widths(make_image, settings):
    current = make_image(jpeg_upload(size=(1600, 800)))
    settings.IMAGE_RENDITION_WIDTHS = [400]
    call_command("regenerate_renditions", stdout=io.StringIO())
    settings.IMAGE_RENDITION_WIDTHS = [320, 640, 1280]
    older = make_image(jpeg_upload(size=(1600, 800)))
    settings.IMAGE_RENDITION_WIDTHS = [400]
    untouched = list(older.renditions)
    output = io.StringIO()

    call_command("regenerate_renditions", "--outdated", stdout=output)

    assert widths(current) == [400]
    assert widths(older) == [400]
    assert "1/1" in output.getvalue()
    assert untouched != older.renditions


def test_a_damaged_original_is_reported_and_the_command_fails(make_image):
    good, bad = make_image(), make_image()
    storage, name = bad.file.storage, bad.file.name
    with storage.open(name, "rb") as stored:
        head = stored.read(200)
    storage.delete(name)
    assert storage.save(name, ContentFile(head)) == name

    with pytest.raises(CommandError, match=rf"1 of 2 images .*image {bad.pk} .*truncated"):
        call_command("regenerate_renditions", stdout=io.StringIO())

    assert widths(good) == [320, 640, 1280]


def test_the_command_explains_itself(capsys):
    with pytest.raises(SystemExit):
        call_command("regenerate_renditions", "--help")

    assert "IMAGE_RENDITION_WIDTHS" in capsys.readouterr().out
