import os
import re
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.utils import translation

# No grace for answers a change replaced in the servers tests start, module-wide ones too
# (tests/readpath/test_grace.py and test_across_processes.py run it on purpose).
os.environ["SAGA_ANSWER_GRACE_SECONDS"] = "0"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """
    Fast password hashing, uploads in a temporary folder, an empty cache per test, no
    limit on anonymous API or page requests (throttling is tested on its own, with its own rate),
    no grace for answers a change replaced, here or in the servers tests start (it is tested
    on its own, tests/readpath/test_grace.py), and English active outside requests (tests
    that read Japanese override it themselves).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SAGA_ANSWER_GRACE_SECONDS = 0
    settings.SAGA_API_ANON_RATE = None
    settings.SAGA_PAGE_ANON_RATE = None
    # Rate-limit counters in memory, fresh for each test (the site keeps them in a table).
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "throttle-tests",
        },
    }
    caches["throttle"].clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def anonymous():
    """An API client that has not signed in."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def editor(db, django_user_model):
    from django.core.management import call_command

    call_command("create_editor", username="desk", password="desk-password-1", verbosity=0)
    return django_user_model.objects.get(username="desk")


@pytest.fixture
def story(db):
    """The OpenAI story every suite shares (``tests.scenarios.openai_story``)."""
    from tests.scenarios import openai_story

    return openai_story()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def newsroom_roles(transactional_db):
    """
    The roles (Editors, Translators, Reviewers) as their data migration makes them.

    A transactional test starts from tables an earlier one may have emptied, roles
    included; running the migration's own function again is sturdier than a serialized
    rollback, which clashes with content types recreated since.
    """
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    for name, function in (
        ("0002_newsroom_roles", "create_roles"),
        ("0003_editors_see_jobs", "editors_see_jobs"),
    ):
        state = MigrationLoader(connection).project_state(("accounts", name))
        getattr(import_module(f"accounts.migrations.{name}"), function)(state.apps, None)


def free_port() -> int:
    """
    Return a free port on 127.0.0.1 for a server a test starts: the first free one in
    SAGA_TEST_PORTS ("8160-8169", so that parallel checkouts keep to their own), else any.
    """
    first, _, last = os.environ.get("SAGA_TEST_PORTS", "8160-8169").partition("-")
    for port in range(int(first), int(last or first) + 1):
        try:
            socket.create_server(("127.0.0.1", port)).close()
            return port
        except OSError:
            continue
    with socket.create_server(("127.0.0.1", 0)) as server:
        return server.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """
    A real S3 API on 127.0.0.1 for the whole run: moto's standalone server, started by
    deploy/s3-server.sh (the script deploy/smoke.sh uses) with a bucket. Returns the
    AWS_* variables the script printed.
    """
    script = Path(__file__).resolve().parent.parent / "deploy" / "s3-server.sh"
    done = subprocess.run(
        [str(script), str(free_port()), "saga-test-media"],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        check=True,
    )
    variables = dict(re.findall(r"^export (\w+)=(.*)$", done.stdout, re.MULTILINE))
    yield variables
    os.kill(int(variables["S3_SERVER_PID"]), 15)


@pytest.fixture
def s3_media(settings, s3_server):
    """Media storage in the S3 server's bucket, under a folder of this test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": s3_server["AWS_STORAGE_BUCKET_NAME"],
                "endpoint_url": s3_server["AWS_S3_ENDPOINT_URL"],
                "region_name": s3_server["AWS_S3_REGION_NAME"],
                "access_key": s3_server["AWS_ACCESS_KEY_ID"],
                "secret_key": s3_server["AWS_SECRET_ACCESS_KEY"],
                "location": f"test-{uuid.uuid4().hex}",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    from django.core.files.storage import default_storage

    return default_storage


@pytest.fixture(params=["filesystem", "s3"])
def each_media_storage(request):
    """Run the test once with media in a local folder, once in an S3 server's bucket."""
    if request.param == "s3":
        request.getfixturevalue("s3_media")
    return request.param
