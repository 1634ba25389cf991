"""The newsroom roles and the version rule the admin and the API both enforce."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import LanguageAssignment
from accounts.permissions import (
    allowed_statuses,
    can_edit_text,
    can_publish,
    can_review,
    can_set_status,
    languages_of,
)
from core.concurrency import StaleEdit, claim_version
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_user(django_user_model):
    def make(group, *languages):
        user = django_user_model.objects.create_user(
            f"{group.lower()}-{len(languages)}", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        for code in languages:
            LanguageAssignment.objects.create(user=user, language_code=code)
        return django_user_model.objects.get(pk=user.pk)  # fresh permission cache

    return make


def test_the_three_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Translators",
        "Reviewers",
    }


def test_editors_publish_and_work_in_every_language(make_user):
    editor = make_user("Editors")

    assert can_publish(editor)
    assert languages_of(editor) == {"ja", "en"}
    assert can_set_status(editor, "en", "approved")


def test_translators_write_only_in_their_languages_and_never_approve(make_user):
    translator = make_user("Translators", "en")

    assert not can_publish(translator)
    assert can_edit_text(translator, "en")
    assert not can_edit_text(translator, "ja")
    assert not can_review(translator, "en")
    assert allowed_statuses(translator, "en") == ["machine", "draft", "in_review"]
    assert allowed_statuses(translator, "ja") == []


def test_reviewers_approve_only_in_their_languages(make_user):
    reviewer = make_user("Reviewers", "ja")

    assert can_review(reviewer, "ja")
    assert not can_review(reviewer, "en")
    assert not can_publish(reviewer)


def test_a_language_no_longer_in_languages_gives_no_rights(make_user, settings):
    translator = make_user("Translators", "en")
    settings.LANGUAGES = [("ja", "Japanese")]

    assert not can_edit_text(translator, "en")


def test_a_save_from_the_current_version_moves_it_on(make_user):
    editor = make_user("Editors")
    event = EventFactory()

    assert claim_version(event, expected_version=1, user=editor) == 2

    event.refresh_from_db()
    assert (event.version, event.updated_by) == (2, editor)


def test_a_save_from_an_old_version_is_refused_naming_who_saved(make_user):
    editor = make_user("Editors")
    event = EventFactory()
    claim_version(event, expected_version=1, user=editor)

    with pytest.raises(StaleEdit) as refusal:
        claim_version(event, expected_version=1)

    assert refusal.value.current.updated_by == editor
    assert "editors-0 saved this at" in str(refusal.value)
