"""
Turn a decoded upload into the files that are stored and served, with nothing else in them.

The stored original and every rendition are re-encoded from pixels alone: the EXIF
orientation is applied first, colours are converted to sRGB (then the profile is dropped,
as browsers assume sRGB), and no EXIF, GPS, XMP, ICC profile or comment ever reaches a
stored file. Animated images keep their first frame only.

Renditions are made for the widths in ``IMAGE_RENDITION_WIDTHS`` that are smaller than the
picture, plus the picture's own width when a configured width is larger (never upscaled),
each as WebP and as a fallback that every browser reads: JPEG, or PNG when the picture
has transparency (JPEG has none).
"""

import contextlib
import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image as PillowImage
from PIL import ImageCms, ImageOps

from images.validation import DECODING_ERRORS, accepted_format

# Format of the stored original for each accepted format: GIF becomes PNG because only
# the first frame is kept and PNG holds it losslessly with its transparency.
ORIGINAL_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ENCODER_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82, "method": 4},
}
# The original is re-encoded at high quality without the optimize/progressive passes, which
# cost several seconds on a 24-megapixel photo; the renditions, which are served, get them.
ORIGINAL_OPTIONS = {"JPEG": {"quality": 92}, "WEBP": {"quality": 92}, "PNG": {}}
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Encoded:
    """One image file ready to store: its bytes, format and size."""

    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def has_transparency(picture: PillowImage.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in picture.info


def _to_8_bit(picture: PillowImage.Image) -> PillowImage.Image:
    # 16-bit and float greyscale PNGs: converting straight to RGB would clip them to white.
    if picture.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        return picture.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if picture.mode == "F":
        return picture.convert("L")
    return picture


def _srgb_profile_conversion(picture: PillowImage.Image, target_mode: str):
    """Return ``picture`` converted from its embedded ICC profile to sRGB, or None."""
    icc = picture.info.get("icc_profile")
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(profile).lower().replace(" ", ""):
            return None
        if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
            picture = picture.convert(target_mode)
        return ImageCms.profileToProfile(picture, profile, SRGB, outputMode=target_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken or unusual profile: keep the pixel values as they are.
        return None


def clean_picture(picture: PillowImage.Image) -> PillowImage.Image:
    """
    Return ``picture`` upright, in sRGB, as RGB or RGBA, with no metadata left on it.

    ``picture`` (fresh from ``read_image``) is changed in place where it can be: copying a
    24-megapixel picture costs a noticeable fraction of a second each time. Encoders only
    write metadata found in ``info`` or passed as options, so an empty ``info`` and
    explicit options (``encode``) keep EXIF, XMP, ICC profiles and comments out of every
    stored file; the tests reopen each file to check.
    """
    # An unreadable EXIF block: the picture is kept as it was drawn.
    with contextlib.suppress(*DECODING_ERRORS):
        ImageOps.exif_transpose(picture, in_place=True)
    target_mode = "RGBA" if has_transparency(picture) else "RGB"
    converted = _srgb_profile_conversion(picture, target_mode)
    if converted is None:
        converted = _to_8_bit(picture)
        if converted.mode != target_mode:
            converted = converted.convert(target_mode)
    converted.info = {}
    return converted


def encode(picture: PillowImage.Image, image_format: str, options: dict | None = None) -> Encoded:
    """Encode ``picture`` (a clean image) as ``image_format``, by default as a rendition."""
    if image_format == "JPEG" and picture.mode != "RGB":
        picture = picture.convert("RGB")
    buffer = io.BytesIO()
    picture.save(
        buffer, image_format, **ENCODER_OPTIONS[image_format] if options is None else options
    )
    return Encoded(buffer.getvalue(), image_format, picture.width, picture.height)


def encode_original(picture: PillowImage.Image, source_format: str) -> Encoded:
    """Encode the clean original in the family it was uploaded in (GIF as PNG)."""
    image_format = ORIGINAL_FORMATS[source_format]
    return encode(picture, image_format, ORIGINAL_OPTIONS[image_format])


def rendition_widths(width: int, configured: list[int] | None = None) -> list[int]:
    """
    Return the widths to make for a picture ``width`` pixels wide, smallest first.

    Configured widths below the picture's are made as they are; when any is at or above
    it, the picture's own width stands in for them (a 500 px image gets 320 and 500).
    """
    configured = sorted({w for w in configured or settings.IMAGE_RENDITION_WIDTHS if w > 0})
    widths = [w for w in configured if w < width]
    if any(w >= width for w in configured):
        widths.append(width)
    return widths


def fallback_format(picture: PillowImage.Image) -> str:
    return "PNG" if picture.mode == "RGBA" else "JPEG"


def make_renditions(picture: PillowImage.Image) -> list[Encoded]:
    """Return the renditions of a clean picture: WebP and the fallback at each width."""
    renditions = []
    fallback = fallback_format(picture)
    source = picture
    # Largest first, each resized from the previous one: much faster than resizing the
    # full picture every time, and indistinguishable with Lanczos at these ratios.
    for width in reversed(rendition_widths(picture.width)):
        height = max(1, round(picture.height * width / picture.width))
        if (width, height) != source.size:
            source = source.resize(
                (width, height), PillowImage.Resampling.LANCZOS, reducing_gap=2.0
            )
        renditions += [encode(source, "WEBP"), encode(source, fallback)]
    renditions.sort(key=lambda r: (r.width, r.format))
    return renditions


def prepare_upload(picture: PillowImage.Image) -> tuple[Encoded, list[Encoded]]:
    """Return the clean original and its renditions for a picture from ``read_image``."""
    source_format = accepted_format(picture)
    clean = clean_picture(picture)
    return encode_original(clean, source_format), make_renditions(clean)
