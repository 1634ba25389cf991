"""A newsroom desk for the editorial tests: real users in real groups, and one cited story."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import LanguageAssignment
from tests.factories import (
    ChapterFactory,
    CitationFactory,
    EventFactory,
    InvolvementFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
    add_text,
)


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, group, *languages, **fields):
        user = django_user_model.objects.create_user(
            username, password="pw-for-tests-only", is_staff=True, **fields
        )
        user.groups.add(Group.objects.get(name=group))
        for code in languages:
            LanguageAssignment.objects.create(user=user, language_code=code)
        return django_user_model.objects.get(pk=user.pk)  # fresh permission cache

    return make


@pytest.fixture
def desk(make_user):
    """Two editors, a translator and a reviewer into English, a reviewer of Japanese."""
    return {
        "editor": make_user("eda", "Editors", first_name="Eda", last_name="Mori"),
        "other_editor": make_user("ben", "Editors", first_name="Ben", last_name="Ito"),
        "translator": make_user("tom", "Translators", "en", first_name="Tom", last_name="Hart"),
        "reviewer": make_user("rita", "Reviewers", "en", first_name="Rita", last_name="Sato"),
        "ja_reviewer": make_user("jun", "Reviewers", "ja"),
    }


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def clients(desk):
    return {role: client_for(user) for role, user in desk.items()}


@pytest.fixture
def story(db):
    """A draft event in a Californian saga: Japanese original, English translation, one cited
    source, one person; 12:00 on 17 Nov 2023 in Los Angeles (20:00 UTC)."""
    saga = SagaFactory(slug="openai-2023", time_zone="America/Los_Angeles")
    add_text(saga, "ja", title="OpenAI 経営陣の5日間")
    add_text(saga, "en", title="OpenAI's five days")
    chapter = ChapterFactory(saga=saga, slug="friday")
    add_text(chapter, "ja", heading="金曜日：解任")
    add_text(chapter, "en", heading="Friday: fired")
    event = EventFactory(
        saga=saga,
        chapter=chapter,
        slug="altman-fired",
        state="draft",
        start_at=dt.datetime(2023, 11, 17, 20, 0, tzinfo=dt.UTC),
    )
    add_text(event, "ja", headline="取締役会がアルトマン氏を解任", summary="取締役会が発表した。")
    add_text(event, "en", status="draft", headline="The board fires Sam Altman")
    altman = PersonFactory(slug="sam-altman")
    add_text(altman, "en", name="Sam Altman")
    add_text(altman, "ja", name="サム・アルトマン")
    InvolvementFactory(event=event, person=altman, role="subject")
    CitationFactory(
        event=event,
        source=SourceFactory(slug="openai-blog", title="OpenAI announces leadership transition"),
        quote="Mr. Altman’s departure follows a deliberative review process by the board",
    )
    return event
