"""Fixtures for the API contract tests: role-holding users, their clients, a small saga."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import LanguageAssignment
from tests.factories import (
    AffiliationFactory,
    ChapterFactory,
    CitationFactory,
    EventFactory,
    InvolvementFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
    TagFactory,
    add_text,
)


@pytest.fixture
def make_client(db, django_user_model):
    """Return a token-authenticated client for a new user in ``group`` with ``languages``."""

    def make(username, group=None, *languages):
        user = django_user_model.objects.create_user(username, is_staff=True)
        if group:
            user.groups.add(Group.objects.get(name=group))
        for code in languages:
            LanguageAssignment.objects.create(user=user, language_code=code)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        client.user = user
        return client

    return make


@pytest.fixture
def editor_api(make_client):
    return make_client("ed", "Editors")


@pytest.fixture
def translator_api(make_client):
    return make_client("tr", "Translators", "en")


@pytest.fixture
def reviewer_api(make_client):
    return make_client("rv", "Reviewers", "en")


def moment(day, hour=12, minute=0):
    """An instant in November 2023, UTC."""
    return dt.datetime(2023, 11, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def saga(db):
    """
    A published saga (Los Angeles time) with two chapters and three events:
    - ``fired``: published, texts ja (approved) and en (approved); Murati involved while CTO
      then interim CEO; cites a live source published by a news organisation.
    - ``return``: published, only ja; tagged; cites the same source.
    - ``draft-event``: a draft.
    """
    saga = SagaFactory(slug="openai-2023")
    add_text(saga, "ja", title="OpenAI の混乱", standfirst="五日間の出来事。")
    add_text(saga, "en", title="OpenAI turmoil", standfirst="Five days.")
    friday = ChapterFactory(saga=saga, slug="friday", position=1, start_at=moment(17, 8))
    add_text(friday, "ja", heading="金曜日：解任")
    add_text(friday, "en", heading="Friday: fired")
    return_chapter = ChapterFactory(saga=saga, slug="return", position=2, start_at=moment(21, 8))
    add_text(return_chapter, "ja", heading="復帰")

    news = OrganizationFactory(slug="the-verge", kind="news")
    add_text(news, "en", name="The Verge")
    openai = OrganizationFactory(slug="openai")
    add_text(openai, "en", name="OpenAI")
    source = SourceFactory(slug="verge-report", publisher=news, title="Sam Altman fired")

    murati = PersonFactory(slug="mira-murati")
    add_text(murati, "en", name="Mira Murati")
    add_text(murati, "ja", name="ミラ・ムラティ")
    cto = AffiliationFactory(person=murati, organization=openai, end_at=moment(17, 20))
    add_text(cto, "en", title="chief technology officer")
    interim = AffiliationFactory(
        person=murati, organization=openai, start_at=moment(17, 20), end_at=moment(19, 23)
    )
    add_text(interim, "en", title="interim chief executive")

    fired = EventFactory(
        saga=saga, slug="fired", chapter=friday, start_at=moment(17, 20, 28), precision="time"
    )
    add_text(fired, "ja", headline="アルトマン氏解任", summary="取締役会が発表。")
    add_text(fired, "en", headline="Altman fired", summary="The board announced it.")
    InvolvementFactory(event=fired, person=murati, role="actor")
    CitationFactory(event=fired, source=source, quote="Sam Altman is out")

    tag = TagFactory(slug="board")
    add_text(tag, "ja", name="取締役会")
    back = EventFactory(
        saga=saga, slug="return", chapter=return_chapter, start_at=moment(22, 6), precision="day"
    )
    back.tags.add(tag)
    add_text(back, "ja", headline="アルトマン氏復帰", summary="合意に達した。")
    CitationFactory(event=back, source=source, quote="")

    draft = EventFactory(saga=saga, slug="draft-event", state="draft", start_at=moment(20))
    add_text(draft, "ja", headline="下書き", status="draft")
    return saga
