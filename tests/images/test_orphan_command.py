"""manage.py delete_orphan_image_files: what a rolled-back upload left behind is swept."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from images.models import Image
from images.services import image_replace
from tests.images.pictures import jpeg_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_media_storage")]


class Interrupted(Exception):
    pass


def replace_then_roll_back(image):
    with pytest.raises(Interrupted), transaction.atomic():
        image_replace(image=Image.objects.get(pk=image.pk), upload=jpeg_upload())
        raise Interrupted


def test_files_of_a_rolled_back_upload_are_swept_and_the_images_kept(make_image, stored_files):
    image = make_image()
    replace_then_roll_back(image)
    image.refresh_from_db()
    orphans = stored_files() - set(image.stored_names())
    assert len(orphans) == 7  # the original and six renditions written before the rollback
    output = io.StringIO()

    call_command("delete_orphan_image_files", "--min-age", "0", stdout=output)

    assert stored_files() == set(image.stored_names())
    assert "Deleted 7 orphaned files." in output.getvalue()


def test_recent_orphans_are_kept_as_their_upload_may_still_be_committing(make_image, stored_files):
    image = make_image()
    replace_then_roll_back(image)
    before = stored_files()

    call_command("delete_orphan_image_files", stdout=io.StringIO())

    assert stored_files() == before


def test_a_dry_run_lists_and_keeps(make_image, stored_files):
    replace_then_roll_back(make_image())
    before = stored_files()
    output = io.StringIO()

    call_command("delete_orphan_image_files", "--min-age", "0", "--dry-run", stdout=output)

    assert stored_files() == before
    assert "Would delete 7 orphaned files." in output.getvalue()


def test_nothing_stored_yet_is_not_an_error():
    output = io.StringIO()

    call_command("delete_orphan_image_files", "--min-age", "0", stdout=output)

    assert "Deleted 0 orphaned files." in output.getvalue()
