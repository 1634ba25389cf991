"""Fixtures for the API contract tests: role-holding users, their clients, a small saga."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import LanguageAssignment
from tests.scenarios import api_saga


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


@pytest.fixture
def saga(db):
    """The API contract's saga (``tests.scenarios.api_saga``)."""
    return api_saga()
