"""Replacing and deleting an image: old files go on commit, a rollback loses nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import transaction

from images.models import Image
from images.services import image_delete, image_regenerate_renditions, image_replace
from tests.images.pictures import jpeg_upload, truncated_jpeg, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_media_storage")]


class Interrupted(Exception):
    pass


def test_replacing_an_image_deletes_its_old_files_once_committed(
    make_image, stored_files, django_capture_on_commit_callbacks
):
    image = make_image(jpeg_upload(size=(1600, 800)))
    old_names = set(image.stored_names())
    assert stored_files() == old_names

    with django_capture_on_commit_callbacks(execute=True):
        image_replace(image=image, upload=jpeg_upload(size=(900, 900)))

    image.refresh_from_db()
    assert (image.width, image.height) == (900, 900)
    assert stored_files() == set(image.stored_names())
    assert not old_names & stored_files()


def test_deleting_an_image_deletes_all_its_files_once_committed(
    make_image, stored_files, django_capture_on_commit_callbacks
):
    image = make_image()
    keep = make_image()

    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=image)

    assert not Image.objects.filter(pk=image.pk).exists()
    assert stored_files() == set(keep.stored_names())


def test_a_rolled_back_replace_keeps_every_file_the_image_points_to(
    make_image, stored_files, django_capture_on_commit_callbacks
):
    image = make_image()
    old_names = set(image.stored_names())

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Interrupted),
        transaction.atomic(),
    ):
        image_replace(image=Image.objects.get(pk=image.pk), upload=jpeg_upload())
        raise Interrupted

    assert callbacks == []
    image.refresh_from_db()
    assert set(image.stored_names()) == old_names
    assert old_names <= stored_files()


def test_a_rolled_back_delete_keeps_the_files(
    make_image, stored_files, django_capture_on_commit_callbacks
):
    image = make_image()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Interrupted),
        transaction.atomic(),
    ):
        image_delete(image=image)
        raise Interrupted

    assert stored_files() == set(Image.objects.get().stored_names())


def test_a_refused_replacement_changes_nothing(make_image, stored_files):
    image = make_image()
    before = stored_files()

    with pytest.raises(ValidationError):
        image_replace(image=image, upload=upload(truncated_jpeg()))

    image.refresh_from_db()
    assert stored_files() == before == set(image.stored_names())


def test_a_storage_failure_half_way_leaves_no_new_file_behind(
    make_image, stored_files, monkeypatch
):
    image = make_image()
    before = stored_files()
    saved = []
    original_save = Storage.save  # what both back ends save through

    def failing_save(storage, name, content, *args, **kwargs):
        if len(saved) == 3:
            raise OSError("the bucket is full")
        saved.append(name)
        return original_save(storage, name, content, *args, **kwargs)

    monkeypatch.setattr(Storage, "save", failing_save)

    with pytest.raises(OSError, match="bucket is full"):
        image_replace(image=image, upload=jpeg_upload())

    image.refresh_from_db()
    assert stored_files() == before == set(image.stored_names())


def test_regenerating_renditions_replaces_them_and_keeps_the_original(
    make_image, stored_files, settings, django_capture_on_commit_callbacks
):
    image = make_image(jpeg_upload(size=(1600, 800)))
    original = image.file.name
    settings.IMAGE_RENDITION_WIDTHS = [480, 960]

    with django_capture_on_commit_callbacks(execute=True):
        image_regenerate_renditions(image=image)

    image.refresh_from_db()
    assert image.file.name == original
    assert sorted({r["width"] for r in image.renditions}) == [480, 960]
    assert stored_files() == set(image.stored_names())
