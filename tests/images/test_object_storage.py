"""
Media on an S3-compatible server (a real one on 127.0.0.1, see the s3_server fixture):
files go to the bucket, nothing to the local folder, and readers are sent to the bucket's
URLs, which serve the cleaned files.
"""

import io
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image as PillowImage

from images.models import Image
from tests.images.pictures import camera_jpeg, upload
from tests.images.test_admin import add_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read()


def test_an_upload_goes_to_the_bucket_and_its_renditions_are_served_from_there(
    s3_media, s3_server, editor_client, stored_files
):
    response = editor_client.post(
        reverse("admin:images_image_add"),
        add_data(upload(camera_jpeg(orientation=6), "camera.jpg", "image/jpeg")),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert stored_files() == set(image.stored_names())
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing written locally

    renditions = image.rendition_list()
    endpoint = s3_server["AWS_S3_ENDPOINT_URL"]
    assert all(r.url.startswith(f"{endpoint}/saga-test-media/") for r in renditions)
    for rendition in renditions:
        picture = PillowImage.open(io.BytesIO(fetch(rendition.url)))
        assert (picture.width, picture.height) == (rendition.width, rendition.height)
        assert picture.format.lower() == rendition.format
        assert not picture.getexif()  # no camera, no GPS: stripped before storing
    original = PillowImage.open(io.BytesIO(fetch(image.file.url)))
    assert original.size == (800, 1600)  # turned upright by its EXIF orientation


def test_the_api_gives_the_buckets_rendition_urls(s3_media, anonymous, illustrated):
    data = anonymous.get(f"/api/v1/events/{illustrated.story.fired.pk}/?lang=en").json()

    urls = [rendition["url"] for rendition in data["image"]["renditions"]]
    assert urls == [r.url for r in illustrated.event_image.rendition_list()]
    assert all(url.startswith(s3_media.endpoint_url) for url in urls)
    assert fetch(urls[0])[:3] == b"\xff\xd8\xff"  # the smallest JPEG, as stored


def settings_in_a_new_process(**env) -> subprocess.CompletedProcess:
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND']); "
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][1:]))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_MEDIA"))}
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "saga_cms.settings", **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "backend", "image_origins"),
    [
        ({}, "django.core.files.storage.FileSystemStorage", ""),
        (
            {"AWS_STORAGE_BUCKET_NAME": "news-media", "AWS_S3_CUSTOM_DOMAIN": "media.example.org"},
            "storages.backends.s3.S3Storage",
            "https://media.example.org",
        ),
        (
            {
                "DJANGO_MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": "news-media",
                "AWS_S3_ENDPOINT_URL": "https://minio.example.org:9000",
            },
            "storages.backends.s3.S3Storage",
            "https://minio.example.org:9000",
        ),
    ],
)
def test_the_environment_picks_the_storage_and_pages_may_show_its_images(
    env, backend, image_origins
):
    done = settings_in_a_new_process(**env)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [backend, image_origins]


def test_an_unknown_media_storage_is_refused_by_name():
    done = settings_in_a_new_process(DJANGO_MEDIA_STORAGE="ftp")

    assert done.returncode != 0
    assert "DJANGO_MEDIA_STORAGE must be 'filesystem' or 's3', not 'ftp'." in done.stderr
