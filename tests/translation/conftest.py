"""A small saga in the shape of the seed (Japanese events, English people and quotes)."""

import pytest
import reversion
from django.contrib.auth.models import Group

from accounts.models import LanguageAssignment
from events.models import Event
from tests.scenarios import seed_saga
from translations.machinery import Translation


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, group, *languages):
        user = django_user_model.objects.create_user(
            username, password="pw-12345678", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        for code in languages:
            LanguageAssignment.objects.create(user=user, language_code=code)
        return django_user_model.objects.get(pk=user.pk)  # a fresh permission cache

    return make


@pytest.fixture
def team(make_user):
    return {
        "editor": make_user("desk", "Editors"),
        "translator": make_user("tr-en", "Translators", "en"),
        "reviewer": make_user("rv-en", "Reviewers", "en"),
        "ja_translator": make_user("tr-ja", "Translators", "ja"),
    }


@pytest.fixture
def as_user(client, team):
    """Log the test client in as one of the team, reading the admin in English."""

    def login(role):
        client.force_login(team[role])
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login


@pytest.fixture
def desk(as_user):
    return as_user("editor")


@pytest.fixture
def translator(as_user):
    """The client logged in as the English translator."""
    return as_user("translator")


@pytest.fixture
def saga(db):
    """The translation workflow's saga (``tests.scenarios.seed_saga``)."""
    return seed_saga()


@pytest.fixture
def fired(saga):
    return Event.objects.get(saga=saga, slug="altman-fired")


@pytest.fixture
def revisions():
    """Register the text models with django-reversion for the test if nobody has yet."""
    from django.apps import apps

    registered = []
    for model in apps.get_models():
        is_text = issubclass(model, Translation) or hasattr(model, "translation_model")
        if is_text and not reversion.is_registered(model):
            reversion.register(model)
            registered.append(model)
    yield
    for model in registered:
        reversion.unregister(model)
