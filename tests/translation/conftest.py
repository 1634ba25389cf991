"""A small saga in the shape of the seed (Japanese events, English people and quotes)."""

import pytest
import reversion
from django.contrib.auth.models import Group

from accounts.models import LanguageAssignment
from events.models import Event
from tests.factories import (
    ChapterFactory,
    CitationFactory,
    EventFactory,
    InvolvementFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    add_text,
)
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
def saga(db):
    """The OpenAI saga in miniature: one chapter, two events, two people, a quote."""
    saga = SagaFactory(slug="openai-2023", original_language="ja")
    add_text(saga, "ja", title="OpenAI 経営陣の5日間")
    add_text(saga, "en", title="OpenAI's five days")
    chapter = ChapterFactory(saga=saga, slug="friday")
    add_text(chapter, "ja", heading="金曜日：解任")

    altman = PersonFactory(slug="sam-altman", original_language="en")
    add_text(altman, "en", name="Sam Altman", aliases="Altman")
    add_text(altman, "ja", name="サム・アルトマン", aliases="アルトマン氏\nアルトマン")
    openai = OrganizationFactory(slug="openai", original_language="en")
    add_text(openai, "en", name="OpenAI")
    add_text(openai, "ja", name="OpenAI")

    fired = EventFactory(saga=saga, chapter=chapter, slug="altman-fired", original_language="ja")
    add_text(
        fired,
        "ja",
        headline="OpenAI取締役会、アルトマン氏を解任",
        summary="11月17日、取締役会はサム・アルトマンCEOの解任を発表した。",
    )
    add_text(
        fired,
        "en",
        headline="OpenAI board fires Altman",
        summary="On November 17 the board announced that it had fired CEO Sam Altman.",
    )
    InvolvementFactory(event=fired, person=altman)
    CitationFactory(event=fired, quote="i loved my time at openai.")
    letter = EventFactory(saga=saga, slug="letter", original_language="ja")
    add_text(letter, "ja", headline="従業員505人が書簡に署名")
    return saga


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
