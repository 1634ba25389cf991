from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def stored_files():
    """Return a function listing every file in media storage, as storage names."""

    def list_files() -> set[str]:
        root = Path(settings.MEDIA_ROOT)
        if not root.exists():
            return set()
        return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}

    return list_files


@pytest.fixture
def make_image(editor):
    """Return a function storing an upload as a new image with English alt text."""
    from images.services import image_create
    from tests.images.pictures import jpeg_upload

    def make(upload=None, **fields):
        fields = {
            "original_language": "en",
            "alt_text": "Two coloured halves",
            "status": "approved",
            **fields,
        }
        return image_create(upload=upload or jpeg_upload(), user=editor, **fields)

    return make
