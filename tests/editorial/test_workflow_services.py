"""The publish guard and the translation-row rules, as the admin and the API call them."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import LanguageAssignment
from events.models import EventTranslation
from events.services import event_set_state
from tests.factories import CitationFactory, EventFactory, add_text
from translations.machinery import TranslationStatus
from translations.services import translation_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    def make(name, group, *languages):
        user = django_user_model.objects.create_user(name, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        for code in languages:
            LanguageAssignment.objects.create(user=user, language_code=code)
        return django_user_model.objects.get(pk=user.pk)

    return {
        "editor": make("ed", "Editors"),
        "translator": make("tr", "Translators", "en"),
        "reviewer": make("rv", "Reviewers", "en"),
    }


def test_publishing_an_event_without_citation_or_approved_text_names_both(people):
    event = EventFactory(state="draft")
    add_text(event, "ja", status="draft", headline="見出し")

    with pytest.raises(ValidationError) as refusal:
        event_set_state(event=event, state="published", user=people["editor"])

    message = refusal.value.message_dict["state"][0]
    assert "cites no source" in message
    assert "original language (ja) is not approved" in message


def test_an_editor_publishes_a_cited_approved_event(people):
    event = EventFactory(state="draft")
    add_text(event, "ja", headline="見出し")
    CitationFactory(event=event)

    event_set_state(event=event, state="published", user=people["editor"])

    event.refresh_from_db()
    assert event.state == "published"


def test_only_editors_publish(people):
    event = EventFactory(state="draft")

    with pytest.raises(PermissionDenied):
        event_set_state(event=event, state="published", user=people["reviewer"])


@pytest.fixture
def english_row():
    event = EventFactory()
    add_text(event, "ja", headline="見出し")
    return EventTranslation(event=event, language_code="en")


def test_a_translator_writes_in_their_language_but_cannot_approve(people, english_row):
    row = translation_save(
        row=english_row,
        user=people["translator"],
        texts={"headline": "Headline"},
        status="in_review",
    )
    assert (row.status, row.updated_by) == ("in_review", people["translator"])
    assert not row.is_stale

    with pytest.raises(PermissionDenied):
        translation_save(row=row, user=people["translator"], status="approved")


def test_a_translator_cannot_write_another_language(people):
    event = EventFactory()
    row = EventTranslation(event=event, language_code="ja")

    with pytest.raises(PermissionDenied, match="may not write text in ja"):
        translation_save(row=row, user=people["translator"], texts={"headline": "x"})


def test_approval_records_who_and_when_and_a_later_edit_goes_back_to_review(people, english_row):
    row = translation_save(
        row=english_row,
        user=people["translator"],
        texts={"headline": "Headline"},
        status="in_review",
    )
    row = translation_save(row=row, user=people["reviewer"], status="approved")
    assert row.reviewed_by == people["reviewer"] and row.reviewed_at is not None

    row = translation_save(row=row, user=people["translator"], texts={"headline": "Better"})

    assert row.status == TranslationStatus.IN_REVIEW


def test_a_reviewer_fixing_an_approved_text_keeps_it_approved(people, english_row):
    row = translation_save(
        row=english_row,
        user=people["reviewer"],
        texts={"headline": "Headline"},
        status="approved",
    )

    row = translation_save(row=row, user=people["reviewer"], texts={"headline": "Headline."})

    assert row.status == TranslationStatus.APPROVED


def test_an_unknown_field_is_refused_by_name(people, english_row):
    with pytest.raises(ValidationError) as refusal:
        translation_save(row=english_row, user=people["editor"], texts={"title": "x"})

    assert "title" in refusal.value.message_dict
