"""
Writes that store, replace and delete an image's files (the admin, the API and commands).

Files live in storage, outside the database transaction, so the order matters:

- new files are written first; if anything in the service then fails, they are deleted
  before the error propagates (no orphans);
- the files they replace are deleted only once the transaction commits
  (``transaction.on_commit``), so a rolled-back transaction never loses a file its rows
  still point to.

Django has no hook for a rollback, so when a caller's own transaction rolls back *after*
a service returned (or the process dies before the commit), the files just written are
left unreferenced; ``manage.py delete_orphan_image_files`` sweeps them.

Everything goes through the field's storage (``default_storage`` unless configured), so the
same code serves a local folder or object storage through django-storages.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext as _

from images.models import Image, ImageTranslation
from images.processing import Encoded, clean_picture, make_renditions, prepare_upload
from images.validation import read_image
from translations.machinery import TranslationStatus
from translations.services import translation_save

logger = logging.getLogger(__name__)


def delete_stored_files(storage: Storage, names) -> None:
    """Delete ``names`` from ``storage``; a failure is logged, never raised (after commit)."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - storage back ends raise anything; keep deleting
            logger.exception("Could not delete the image file %s", name)


def _delete_on_commit(storage: Storage, names) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_stored_files(storage, names))


def _store_renditions(image: Image, renditions: list[Encoded], written: list[str]) -> list[dict]:
    entries = []
    for rendition in renditions:
        name = f"{image.rendition_prefix}{rendition.width}.{rendition.extension}"
        name = image.file.storage.save(name, ContentFile(rendition.content))
        written.append(name)
        entries.append(
            {
                "name": name,
                "width": rendition.width,
                "height": rendition.height,
                "format": rendition.format.lower(),
            }
        )
    return entries


def _previous_names(image: Image) -> list[str]:
    """Return the files the stored row points to, locking it against a concurrent replace."""
    if image.pk is None:
        return []
    stored = Image.objects.select_for_update().filter(pk=image.pk).first()
    return stored.stored_names() if stored else []


@transaction.atomic
def image_save(*, image: Image, upload=None) -> Image:
    """
    Save ``image``; with ``upload`` (a Django ``File``), store it as the image's new file.

    The upload is validated (``ValidationError`` naming the problem; nothing is stored),
    re-encoded upright and without metadata, and its renditions are made. The files it
    replaces are deleted when the transaction commits.
    """
    if upload is None:
        if not image.file:
            raise ValidationError({"file": _("Choose an image file to upload.")}, code="required")
        image.full_clean(exclude=["file"])
        image.save()
        return image
    original, renditions = prepare_upload(read_image(upload))
    previous = _previous_names(image)
    written = []
    try:
        image.file.save(f"upload.{original.extension}", ContentFile(original.content), save=False)
        written.append(image.file.name)
        image.width, image.height = original.width, original.height
        image.renditions = _store_renditions(image, renditions, written)
        image.full_clean(exclude=["file"])
        image.save()
    except BaseException:
        delete_stored_files(image.file.storage, written)
        raise
    _delete_on_commit(image.file.storage, set(previous) - set(written))
    return image


@transaction.atomic
def image_create(
    *,
    upload,
    original_language: str,
    alt_text: str,
    user,
    caption: str = "",
    credit: str = "",
    licence: str = "",
    status: str = TranslationStatus.DRAFT,
) -> Image:
    """Store a new image with its alt text (and caption) in its original language."""
    image = image_save(
        image=Image(original_language=original_language, credit=credit, licence=licence),
        upload=upload,
    )
    translation_save(
        row=ImageTranslation(image=image, language_code=original_language),
        user=user,
        texts={"alt_text": alt_text, "caption": caption},
        status=status,
    )
    return image


def image_replace(*, image: Image, upload) -> Image:
    """Give ``image`` a new file; its old file and renditions go once the change commits."""
    return image_save(image=image, upload=upload)


@transaction.atomic
def image_delete(*, image: Image) -> None:
    """Delete ``image``; its files go once the deletion commits."""
    names = _previous_names(image) or image.stored_names()
    storage = image.file.storage
    image.delete()
    _delete_on_commit(storage, names)


@transaction.atomic
def image_regenerate_renditions(*, image: Image) -> Image:
    """Remake ``image``'s renditions from its stored original (after the widths changed)."""
    previous = [entry["name"] for entry in image.renditions]
    with image.file.open("rb") as stored:
        picture = read_image(stored, enforce_limits=False)
    written = []
    try:
        renditions = make_renditions(clean_picture(picture))
        image.renditions = _store_renditions(image, renditions, written)
        image.save(update_fields=["renditions", "updated_at"])
    except BaseException:
        delete_stored_files(image.file.storage, set(written) - set(previous))
        raise
    _delete_on_commit(image.file.storage, set(previous) - set(written))
    return image
