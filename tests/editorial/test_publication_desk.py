"""The change form's publication buttons: save draft, submit, publish, schedule, unpublish."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.models import ScheduledChange
from events.models import Event, EventTranslation, Saga
from tests.admin_forms import form_data
from tests.editorial.conftest import client_for
from tests.editorial.test_roles import change_url, row_prefix

pytestmark = pytest.mark.django_db


def buttons(page: str) -> list[str]:
    return re.findall(r'<button type="submit" name="_publication" value="(\w+)"', page)


def post(client, event, **changes):
    data = form_data(client, change_url(event))
    data.update(changes)
    return client.post(change_url(event), data, follow=True)


def test_the_form_offers_buttons_instead_of_a_state_drop_down(clients, story):
    page = clients["editor"].get(change_url(story)).content.decode()

    assert buttons(page)[:4] == ["save", "review", "publish", "schedule"]
    assert ">Save draft<" in page
    assert 'name="state"' not in page
    assert 'name="unpublish_at_0"' in page
    assert "saga_cms/admin/desk-unsaved.js" in page


def test_a_translator_gets_no_publication_buttons(clients, story):
    page = clients["translator"].get(change_url(story)).content.decode()

    assert buttons(page) == []
    assert 'name="_save"' in page


def test_save_draft_says_what_publishing_still_needs(clients, story):
    story.citations.all().delete()

    response = post(clients["editor"], story, _publication="save", slug="kept-as-draft")

    page = response.content.decode()
    assert Event.objects.get(pk=story.pk).slug == "kept-as-draft"
    assert "Saved as a draft." in page
    assert "Publishing still needs: it cites no source (add at least one citation)." in page


def test_submit_for_review_moves_the_draft_to_review(clients, story):
    response = post(clients["editor"], story, _publication="review")

    assert Event.objects.get(pk=story.pk).state == "in_review"
    assert "Saved and submitted for review." in response.content.decode()


def test_publish_now_publishes_a_ready_event(clients, story):
    response = post(clients["editor"], story, _publication="publish")

    event = Event.objects.get(pk=story.pk)
    assert event.state == "published" and event.publish_at is None
    assert event in Event.objects.published()
    assert "Saved; it is published." in response.content.decode()


def test_a_refused_publication_keeps_a_new_text_typed_in_the_same_form(clients, story):
    story.citations.all().delete()
    data = form_data(clients["editor"], change_url(story))
    data[f"{row_prefix(data, 'ja')}-summary"] = "編集者が書き足した要約。"
    data["_publication"] = "publish"

    clients["editor"].post(change_url(story), data)

    assert EventTranslation.objects.get(event=story, language_code="ja").summary == (
        "編集者が書き足した要約。"
    )
    assert Event.objects.get(pk=story.pk).state == "draft"


def test_a_publisher_who_may_not_publish_still_saves_the_draft(clients, desk, story):
    # Forged by someone without the publish permission: their edit is saved, not published.
    editor = desk["editor"]
    for group in editor.groups.all():
        group.permissions.remove(*Permission.objects.filter(codename="publish_event"))
    client = client_for(type(editor).objects.get(pk=editor.pk))
    page = client.get(change_url(story)).content.decode()
    assert "publish" not in buttons(page)

    response = post(client, story, _publication="publish", slug="written-anyway")

    event = Event.objects.get(pk=story.pk)
    assert (event.slug, event.state) == ("written-anyway", "draft")
    assert "Saved, but not published:" in response.content.decode()


def test_schedule_needs_a_go_live_time_to_come_and_keeps_the_input(clients, story):
    response = post(clients["editor"], story, _publication="schedule", slug="not-yet-saved")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the go-live time to schedule the publication." in page
    assert 'value="not-yet-saved"' in page
    assert Event.objects.get(pk=story.pk).slug == "altman-fired"

    past = post(
        clients["editor"],
        story,
        _publication="schedule",
        publish_at_0="2020-01-01",
        publish_at_1="09:00:00",
    )
    assert "This time has passed" in past.content.decode()


def test_an_expiry_before_the_go_live_time_is_refused_naming_the_field(clients, story):
    response = post(
        clients["editor"],
        story,
        _publication="schedule",
        publish_at_0="2031-11-20",
        publish_at_1="09:00:00",
        unpublish_at_0="2031-11-19",
        unpublish_at_1="09:00:00",
    )

    assert response.status_code == 200
    assert "The expiry must come after the go-live time." in response.content.decode()
    assert Event.objects.get(pk=story.pk).state == "draft"


def test_expiry_takes_the_event_off_the_public_site_without_anyone_saving(clients, story):
    response = post(
        clients["editor"],
        story,
        _publication="publish",
        unpublish_at_0="2031-11-20",
        unpublish_at_1="09:00:00",
    )
    assert "It leaves the public site at" in response.content.decode()
    event = Event.objects.get(pk=story.pk)
    # 09:00 in Los Angeles is 17:00 UTC in November.
    assert event.unpublish_at == dt.datetime(2031, 11, 20, 17, 0, tzinfo=dt.UTC)
    just_before = dt.datetime(2031, 11, 20, 16, 59, tzinfo=dt.UTC)
    assert event in Event.objects.published(now=just_before)
    assert event.is_public(now=just_before)
    at_expiry = dt.datetime(2031, 11, 20, 17, 0, tzinfo=dt.UTC)
    assert event not in Event.objects.published(now=at_expiry)
    assert not event.is_public(now=at_expiry)
    # The response cache and the edge treat the expiry as a change of the event's answers.
    assert ScheduledChange.objects.filter(key=f"event-{event.pk}", at=at_expiry).exists()


def test_an_expired_event_is_listed_as_expired_and_its_page_is_gone(clients, story, client):
    story.state = "published"
    story.unpublish_at = timezone.now() - dt.timedelta(minutes=1)
    story.save()
    Saga.objects.filter(pk=story.saga_id).update(state="published")

    listing = clients["editor"].get(
        reverse("admin:events_event_changelist"), {"publication": "expired"}
    )
    assert "The board fires Sam Altman" in listing.content.decode()
    assert "expired" in listing.content.decode()
    assert client.get(f"/ja{story.get_absolute_url()[3:]}").status_code == 404
    assert story not in Event.objects.published()


def test_unpublish_returns_the_event_to_draft(clients, story):
    story.state = "published"
    story.save()

    page = clients["editor"].get(change_url(story)).content.decode()
    assert ">Save changes<" in page
    assert "unpublish" in buttons(page)
    response = post(clients["editor"], story, _publication="unpublish")

    assert Event.objects.get(pk=story.pk).state == "draft"
    assert "Unpublished" in response.content.decode()


def test_a_saga_gets_the_same_buttons_and_an_expiry(clients, story):
    saga = story.saga
    url = reverse("admin:events_saga_change", args=[saga.pk])
    data = form_data(clients["editor"], url)
    data.update(
        {"_publication": "publish", "unpublish_at_0": "2031-01-01", "unpublish_at_1": "00:00:00"}
    )

    response = clients["editor"].post(url, data)

    assert response.status_code == 302 and response["Location"] == url
    saga = Saga.objects.get(pk=saga.pk)
    assert saga.state == "published"
    assert saga.unpublish_at == dt.datetime(2031, 1, 1, 8, 0, tzinfo=dt.UTC)


def test_the_buttons_and_messages_speak_japanese(clients, story):
    story.citations.all().delete()
    client = clients["editor"]
    page = client.get(change_url(story), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert ">下書き保存<" in page and ">今すぐ公開<" in page and ">公開予約<" in page

    data = form_data(client, change_url(story))
    data["_publication"] = "publish"
    response = client.post(change_url(story), data, follow=True, HTTP_ACCEPT_LANGUAGE="ja")

    assert "保存しましたが、公開されていません：" in response.content.decode()
