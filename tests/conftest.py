import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """
    Fast password hashing, uploads in a temporary folder, an empty cache per test, and
    English active outside requests (tests that read Japanese override it themselves).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def editor(db, django_user_model):
    from django.core.management import call_command

    call_command("create_editor", username="desk", password="desk-password-1", verbosity=0)
    return django_user_model.objects.get(username="desk")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
