"""Which content keys a change of an image touches (registered into core.freshness)."""

from core import freshness
from images.models import Image, ImageTranslation


def image_keys(image) -> set[str]:
    return {f"image-{image.pk}"}


def register() -> None:
    freshness.register(Image, image_keys)
    freshness.register(ImageTranslation, lambda row: {f"image-{row.image_id}"})
