"""Presence: opening an object someone else has open, or saved lately, says who and since when."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Presence
from editorial.presence import PRESENCE_WINDOW
from tests.admin_forms import form_data
from tests.editorial.test_roles import change_url

pytestmark = pytest.mark.django_db

NOTICE = "Someone else is working on this."


def presence_url(event):
    return reverse("admin:events_event_presence", args=[event.pk])


def test_the_first_to_open_an_event_sees_no_notice(clients, story):
    page = clients["editor"].get(change_url(story)).content.decode()

    assert 'class="editorial-presence"' in page
    assert "has had this page open" not in page
    assert Presence.objects.filter(object_id=str(story.pk)).count() == 1


def test_the_second_editor_is_told_who_has_it_open_and_since_when(clients, story):
    clients["editor"].get(change_url(story))

    page = clients["other_editor"].get(change_url(story)).content.decode()

    assert NOTICE in page
    assert "Eda Mori has had this page open since" in page
    assert "PST" in page  # in the saga's zone, named


def test_the_heartbeat_answers_who_else_is_here_and_leaving_ends_it(clients, story):
    clients["editor"].get(change_url(story))

    answer = clients["other_editor"].post(presence_url(story)).json()
    assert [text.split(" since")[0] for text in answer["notices"]] == [
        "Eda Mori has had this page open"
    ]

    clients["editor"].post(presence_url(story), {"leave": "1"})
    assert clients["other_editor"].post(presence_url(story)).json() == {"notices": []}


def test_someone_gone_for_longer_than_the_window_is_not_shown(clients, desk, story):
    clients["editor"].get(change_url(story))
    Presence.objects.filter(user=desk["editor"]).update(
        seen_at=timezone.now() - PRESENCE_WINDOW - dt.timedelta(seconds=1)
    )

    page = clients["other_editor"].get(change_url(story)).content.decode()
    assert "has had this page open" not in page
    assert 'class="editorial-presence"' in page and " hidden>" in page


def test_a_save_by_someone_else_in_the_last_minutes_is_shown(clients, story):
    data = form_data(clients["editor"], change_url(story))
    clients["editor"].post(change_url(story), {**data, "slug": "saved-by-eda"})
    clients["editor"].post(presence_url(story), {"leave": "1"})

    page = clients["other_editor"].get(change_url(story)).content.decode()

    assert "Eda Mori saved it at" in page
    assert "a few minutes ago" in page


def test_the_heartbeat_is_for_people_who_may_open_the_object(client, clients, story):
    assert clients["editor"].get(presence_url(story)).status_code == 405
    assert client.post(presence_url(story)).status_code == 302  # to the login page
    missing = reverse("admin:events_event_presence", args=[0])
    assert clients["editor"].post(missing).status_code == 404
