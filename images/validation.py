"""
Decide whether an uploaded file is an image this site accepts, and decode it safely.

Nothing about the upload is trusted: not its name, not its content type. The bytes must be
a JPEG, PNG, WebP or GIF as Pillow reads them (SVG is refused: it is a document that can
carry scripts), no larger than ``IMAGE_MAX_BYTES``, with no more than ``IMAGE_MAX_PIXELS``
declared in its header (checked before any pixel is decoded, so a decompression bomb costs
nothing), and it must decode completely (a truncated or damaged file is refused rather
than stored half grey).
"""

import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PillowImage

# Pillow's names for the formats accepted. MPO is how Pillow reads the JPEG files many
# cameras write (a JPEG with extra preview frames); it is stored as a plain JPEG.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
JPEG_VARIANTS = {"MPO": "JPEG"}

# What Pillow's decoders raise on bytes that end early or contradict themselves.
DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)


def _not_an_image() -> ValidationError:
    return ValidationError(_("This is not a JPEG, PNG, WebP or GIF image."), code="not_an_image")


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}"
    if width and height:
        return ValidationError(
            _(
                "This image has more than %(limit)s megapixels (it is %(width)s × %(height)s "
                "pixels). Reduce it and upload it again."
            ),
            code="too_many_pixels",
            params={"limit": limit, "width": width, "height": height},
        )
    return ValidationError(
        _("This image has more than %(limit)s megapixels. Reduce it and upload it again."),
        code="too_many_pixels",
        params={"limit": limit},
    )


def _damaged() -> ValidationError:
    return ValidationError(
        _("This image cannot be read: the file is truncated or damaged."), code="damaged"
    )


def check_file_size(upload) -> None:
    """Refuse a file larger than ``IMAGE_MAX_BYTES`` before reading any of it."""
    if upload.size is not None and upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s, larger than %(limit)s. Reduce it and upload it again."),
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMAGE_MAX_BYTES),
            },
        )


def read_image(upload, *, enforce_limits: bool = True) -> PillowImage.Image:
    """
    Return the upload decoded by Pillow (its first frame), or raise ``ValidationError``.

    ``upload`` is any Django ``File`` (an ``UploadedFile``, a ``ContentFile``...). The
    returned image keeps its metadata (``info``, EXIF) so that the caller can apply the
    orientation before stripping everything else. ``enforce_limits=False`` is for files
    this site stored itself, accepted under limits that may since have been lowered.
    """
    if enforce_limits:
        check_file_size(upload)
    upload.seek(0)
    try:
        picture = PillowImage.open(upload, formats=ACCEPTED_FORMATS)
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning):
        # Pillow measured the header against its own limit, which ImagesConfig sets to
        # IMAGE_MAX_PIXELS. The warning is raised rather than issued where warnings are errors.
        raise _too_many_pixels() from None
    except PillowImage.UnidentifiedImageError:
        raise _not_an_image() from None
    except DECODING_ERRORS:
        raise _damaged() from None
    width, height = picture.size
    if width < 1 or height < 1:
        raise _damaged()
    if enforce_limits and width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels(width, height)
    try:
        picture.load()
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning):
        raise _too_many_pixels(width, height) from None
    except DECODING_ERRORS:
        raise _damaged() from None
    return picture


def accepted_format(picture: PillowImage.Image) -> str:
    """Return the accepted format ``picture`` was read as (JPEG for a camera's MPO)."""
    return JPEG_VARIANTS.get(picture.format, picture.format)
