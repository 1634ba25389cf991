"""
Time the work done on one photo upload: validation and decoding, then the clean original
and its renditions. Run from the project folder:

    PYTHONPATH=. .venv/bin/python bench/image_upload.py [WIDTH HEIGHT]
"""

import io
import os
import resource
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saga_cms.settings")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from images.processing import prepare_upload  # noqa: E402
from images.validation import read_image  # noqa: E402


def photo_like(size) -> bytes:
    """Return a JPEG that compresses like a photo: gradients, shapes, light sensor noise."""
    channels = [
        Image.linear_gradient("L").resize(size),
        Image.radial_gradient("L").resize(size),
        Image.linear_gradient("L").rotate(90).resize(size),
    ]
    base = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(base)
    width, height = size
    for i in range(60):
        x, y = i * 97 % (width - 400), i * 61 % (height - 300)
        draw.ellipse((x, y, x + 400, y + 300), fill=(i * 4 % 255, 120, 200 - i * 3 % 200))
    noise = Image.effect_noise(size, 12).convert("RGB")
    picture = Image.blend(base.filter(ImageFilter.GaussianBlur(2)), noise, 0.08)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def main(width=6000, height=4000):
    data = photo_like((width, height))
    started = time.perf_counter()
    picture = read_image(SimpleUploadedFile("photo.jpg", data))
    decoded = time.perf_counter()
    original, renditions = prepare_upload(picture)
    done = time.perf_counter()
    print(f"{width}×{height} JPEG, {len(data) / 1e6:.1f} MB")
    print(f"validate + decode: {decoded - started:.2f} s")
    print(f"clean original + {len(renditions)} renditions: {done - decoded:.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (whole process, test picture included): {peak:.0f} MB")


if __name__ == "__main__":
    main(*map(int, sys.argv[1:3]))
