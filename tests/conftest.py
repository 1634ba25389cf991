import pytest
from django.core.cache import cache, caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """
    Fast password hashing, uploads in a temporary folder, an empty cache per test, no
    limit on anonymous API or page requests (throttling is tested on its own, with its own rate),
    and English active outside requests (tests that read Japanese override it themselves).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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

    migration = ("accounts", "0002_newsroom_roles")
    state = MigrationLoader(connection).project_state(migration)
    import_module("accounts.migrations.0002_newsroom_roles").create_roles(state.apps, None)
