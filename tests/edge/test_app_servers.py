"""
Several app servers: two gunicorn processes on different ports sharing PostgreSQL (this
test's database), Redis and an S3 server (moto, on loopback). What one writes, the other
serves at once: an edit, an uploaded image, a scheduled publication when its time comes.

Needs PostgreSQL (DATABASE_URL) and a Redis database the test may empty
(SAGA_TEST_REDIS_URL, e.g. redis://127.0.0.1:6379/2); skipped without them.
"""

import json
import os
import time
import urllib.request
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.edge.desk import api_events, retitle_event
from tests.faults.faults import running_server
from tests.http_client import get, signed_in
from tests.images.pictures import camera_jpeg
from tests.images.test_admin import add_data

PRODUCTION_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
REDIS_URL = os.environ.get("SAGA_TEST_REDIS_URL", "")

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.skipif(not REDIS_URL, reason="needs SAGA_TEST_REDIS_URL (a Redis to share)"),
]


@pytest.fixture
def shared_redis(settings):
    """This process and the app servers use the same Redis, emptied first."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
    }


@pytest.fixture
def two_app_servers(tmp_path, s3_server, shared_redis, newsroom_roles):
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        "DATABASE_URL": f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        "CACHE_URL": REDIS_URL,
        "REDIS_URL": None,
        **{name: value for name, value in s3_server.items() if name != "S3_SERVER_PID"},
        "AWS_LOCATION": f"app-servers-{tmp_path.name}",
        # DEBUG serves the admin's files without collectstatic.
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    with (
        running_server(env, tmp_path / "one.log", workers=1) as one,
        running_server(env, tmp_path / "two.log", workers=1) as two,
    ):
        yield one, two, s3_server["AWS_S3_ENDPOINT_URL"]


def headlines(base: str, saga: str = "alpha") -> set[str]:
    return {event["headline"] for event in api_events(base, saga)}


@pytest.fixture
def desk(settings, editor):
    """The editor, with a password hash the app servers know (tests hash with MD5)."""
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = [*settings.PASSWORD_HASHERS, *PRODUCTION_HASHERS]
    editor.password = make_password("desk-password-1", hasher="pbkdf2_sha256")
    editor.save(update_fields=["password"])
    return editor


@pytest.mark.django_db(transaction=True)
def test_what_one_app_server_writes_the_other_serves_at_once(two_app_servers, desk):
    from events.models import Event
    from images.models import Image

    one, two, bucket_server = two_app_servers
    call_command("generate_saga", events=6, slug="alpha", verbosity=0)
    event = api_events(two, "alpha")[0]
    before = headlines(two)  # read (and cached) by the second server
    assert headlines(one) == before

    # An edit through the first is read fresh through the second.
    retitle_event(signed_in(one), event["id"], "en", "Edited through server one")
    assert "Edited through server one" in headlines(two)
    assert "Edited through server one" in get(f"{two}/en/sagas/alpha/").body

    # An image uploaded through the first is served by the second (from the bucket).
    uploaded = signed_in(one).post(
        "/admin/images/image/add/",
        {key: value for key, value in add_data(None).items() if key != "file"},
        files={"file": ("photo.jpg", camera_jpeg((900, 600)), "image/jpeg")},
    )
    assert uploaded.status == 302, uploaded.body[:500]
    image = Image.objects.get()
    editor_on_two = signed_in(two)
    page = editor_on_two.get(f"/admin/images/image/{image.pk}/change/")
    assert page.status == 200
    assert image.file.name in page.body
    event_row = Event.objects.get(pk=event["id"])
    event_row.image = image
    event_row.save()
    data = json.loads(get(f"{two}/api/v1/events/{event['id']}/?lang=en").body)
    url = data["image"]["renditions"][0]["url"]
    assert url.startswith(bucket_server)
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url) as answer:
        assert answer.read()[:3] == b"\xff\xd8\xff"

    # A scheduled publication becomes visible on both when its time comes.
    scheduled = Event.objects.filter(saga__slug="alpha").exclude(pk=event["id"]).first()
    scheduled.publish_at = timezone.now() + timedelta(seconds=8)
    scheduled.save()

    def shown(base):
        return get(f"{base}/api/v1/events/{scheduled.pk}/").status == 200

    hidden = not shown(one), not shown(two)
    assert timezone.now() < scheduled.publish_at  # (the reads took less than 8 s)
    assert hidden == (True, True)
    time.sleep(max(0.0, (scheduled.publish_at - timezone.now()).total_seconds()) + 0.5)
    assert shown(one)
    assert shown(two)
