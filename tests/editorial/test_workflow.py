"""Draft -> in review -> published in the admin: the publish guard, bulk actions, scheduling."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Event, EventTranslation, Saga
from tests.admin_forms import form_data
from tests.editorial.test_roles import change_url, row_prefix, snapshot
from tests.factories import EventFactory, SourceFactory, add_text
from translations.machinery import TranslationStatus

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:events_event_changelist"


@pytest.fixture
def uncited(story):
    """The story without its citation and with its Japanese original still in review."""
    story.citations.all().delete()
    EventTranslation.objects.filter(event=story, language_code="ja").update(status="in_review")
    return story


def test_publishing_refused_by_the_guard_saves_the_draft_and_names_what_is_missing(
    clients, uncited
):
    data = form_data(clients["editor"], change_url(uncited))
    data["_publication"] = "publish"
    data["slug"] = "renamed-in-the-same-save"

    response = clients["editor"].post(change_url(uncited), data, follow=True)

    event = Event.objects.get(pk=uncited.pk)
    assert event.slug == "renamed-in-the-same-save"  # the draft is kept
    assert event.state == "draft"
    assert response.redirect_chain == [(change_url(uncited), 302)]  # back on its form
    page = response.content.decode()
    assert "Saved, but not published: This event cannot be published:" in page
    assert "it cites no source (add at least one citation)" in page
    assert "its text in its original language (ja) is not approved" in page
    assert 'value="renamed-in-the-same-save"' in page


def test_publishing_succeeds_when_the_same_save_adds_the_citation_and_approves(clients, uncited):
    data = form_data(clients["editor"], change_url(uncited))
    data["_publication"] = "publish"
    data[f"{row_prefix(data, 'ja')}-status"] = "approved"
    data.update(
        {
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": str(SourceFactory().pk),
            "citations-0-stance": "supports",
            "citations-0-position": "0",
            "citations-0-quote": "",
        }
    )

    response = clients["editor"].post(change_url(uncited), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(pk=uncited.pk)
    assert event.state == "published"
    assert event in Event.objects.published()


def test_the_change_form_says_what_is_missing_before_anyone_tries(clients, uncited):
    page = clients["editor"].get(change_url(uncited)).content.decode()

    assert "Not ready to publish:" in page
    assert "It cites no source (add at least one citation)" in page


def test_a_published_event_cannot_lose_its_only_citation(clients, story):
    story.state = "published"
    story.save()
    data = form_data(clients["editor"], change_url(story))
    data["citations-0-DELETE"] = "on"

    response = clients["editor"].post(change_url(story), data)

    assert response.status_code == 200
    assert "it cites no source" in response.content.decode()
    assert story.citations.count() == 1


def test_bulk_publish_refuses_the_whole_selection_and_names_the_others_with_the_reason(
    clients, story, uncited_second
):
    response = clients["editor"].post(
        reverse(CHANGELIST),
        {"action": "publish_now", "_selected_action": [story.pk, uncited_second.pk]},
        follow=True,
    )

    page = response.content.decode()
    # All or nothing (issue 22): the ready event is not published without the other.
    assert Event.objects.get(pk=story.pk).state == "draft"
    assert Event.objects.get(pk=uncited_second.pk).state == "draft"
    assert "Refused, nothing was changed: 1 cannot be published." in page
    # Named by its headline (the original's, having no English one), not its slug.
    assert "it cites no source (add at least one citation): 出典なし" in page


@pytest.fixture
def uncited_second(story):
    event = EventFactory(saga=story.saga, slug="uncited", state="draft")
    add_text(event, "ja", headline="出典なし")
    return event


def test_bulk_unpublish_keeps_texts_people_and_citations(clients, story):
    story.state = "published"
    story.save()
    before = snapshot(story)

    clients["editor"].post(
        reverse(CHANGELIST), {"action": "unpublish", "_selected_action": [story.pk]}
    )

    after = snapshot(story)
    assert after[1] == "draft"
    assert after[4:] == before[4:]  # texts, people and citations
    assert Event.objects.get(pk=story.pk).version > story.version


def test_a_bulk_state_change_refuses_a_form_opened_before_it(clients, story):
    data = form_data(clients["editor"], change_url(story))
    clients["other_editor"].post(
        reverse(CHANGELIST), {"action": "send_to_review", "_selected_action": [story.pk]}
    )
    data["slug"] = "late-edit"

    response = clients["editor"].post(change_url(story), data)

    assert response.status_code == 200
    assert "Ben Ito saved a change at" in response.content.decode()
    assert Event.objects.get(pk=story.pk).state == "in_review"


def test_scheduling_publishes_at_the_time_typed_in_the_sagas_zone(clients, story):
    data = form_data(clients["editor"], change_url(story))
    data.update(
        {"_publication": "schedule", "publish_at_0": "2031-11-20", "publish_at_1": "09:00:00"}
    )

    response = clients["editor"].post(change_url(story), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(pk=story.pk)
    # 09:00 in Los Angeles is 17:00 UTC in November.
    assert event.publish_at == dt.datetime(2031, 11, 20, 17, 0, tzinfo=dt.UTC)
    assert event not in Event.objects.published()
    assert event in Event.objects.published(now=dt.datetime(2031, 11, 20, 17, 1, tzinfo=dt.UTC))

    listing = clients["editor"].get(reverse(CHANGELIST), {"publication": "scheduled"})
    assert "The board fires Sam Altman" in listing.content.decode()
    assert "scheduled" in listing.content.decode()
    live = clients["editor"].get(reverse(CHANGELIST), {"publication": "live"})
    assert "The board fires Sam Altman" not in live.content.decode()


def test_sagas_are_published_through_the_workflow_too(clients, story):
    saga = story.saga
    saga.state = "draft"
    saga.save()
    url = reverse("admin:events_saga_change", args=[saga.pk])
    data = form_data(clients["editor"], url)
    data["_publication"] = "publish"

    assert clients["editor"].post(url, data).status_code == 302
    saga = Saga.objects.get(pk=saga.pk)
    assert saga.state == "published"
    assert saga.version == 3  # the save, then the state change

    assert clients["translator"].post(url, {**data, "_publication": "unpublish"}).status_code == 200
    assert Saga.objects.get(pk=saga.pk).state == "published"


def test_an_approved_original_edited_by_an_editor_stays_approved(clients, story):
    data = form_data(clients["editor"], change_url(story))
    data[f"{row_prefix(data, 'ja')}-summary"] = "取締役会が金曜日に発表した。"

    assert clients["editor"].post(change_url(story), data).status_code == 302
    row = EventTranslation.objects.get(event=story, language_code="ja")
    assert row.status == TranslationStatus.APPROVED
