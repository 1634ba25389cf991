"""An event's date in the admin: the time is asked for only when the precision needs it."""

import datetime as dt

import pytest

from events.models import Event
from tests.admin_forms import form_data
from tests.editorial.test_roles import change_url

pytestmark = pytest.mark.django_db


def post(client, event, **changes):
    data = form_data(client, change_url(event))
    data.update(changes)
    return client.post(change_url(event), data)


@pytest.mark.parametrize("precision", ["day", "month", "year"])
def test_the_time_may_stay_empty_at_a_coarse_precision(clients, story, precision):
    response = post(
        clients["editor"], story, precision=precision, start_at_0="2023-11-18", start_at_1=""
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(pk=story.pk)
    # The start of that day in Los Angeles (08:00 UTC in November).
    assert event.start_at == dt.datetime(2023, 11, 18, 8, 0, tzinfo=dt.UTC)
    assert event.precision == precision


def test_at_the_time_of_day_precision_a_missing_time_is_named(clients, story):
    response = post(clients["editor"], story, precision="time", start_at_1="")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the time of day: the precision is “time of day”." in page
    assert "This field is required." not in page
    assert Event.objects.get(pk=story.pk).start_at == story.start_at


def test_a_missing_or_malformed_date_is_named(clients, story):
    missing = post(clients["editor"], story, start_at_0="", start_at_1="")
    assert "Enter the date." in missing.content.decode()

    malformed = post(clients["editor"], story, start_at_0="18/11/2023")
    assert "This date is not valid: write it as YYYY-MM-DD." in malformed.content.decode()

    time_without_date = post(clients["editor"], story, end_at_0="", end_at_1="10:00")
    assert "Enter the date; the time may stay empty" in time_without_date.content.decode()


def test_the_errors_are_in_japanese_for_a_japanese_editor(clients, story):
    client = clients["editor"]
    data = form_data(client, change_url(story))
    data.update(precision="time", start_at_1="")

    response = client.post(change_url(story), data, HTTP_ACCEPT_LANGUAGE="ja")

    assert "時刻を入力してください（精度が「時刻」です）。" in response.content.decode()


@pytest.mark.parametrize(
    ("precision", "shown"), [("day", "2023-11-17"), ("month", "2023-11"), ("year", "2023")]
)
def test_a_coarse_date_reopens_without_a_time_and_saves_back_unchanged(
    clients, story, precision, shown
):
    Event.objects.filter(pk=story.pk).update(precision=precision)
    client = clients["editor"]

    data = form_data(client, change_url(story))

    # 12:00 in Los Angeles is stored, but only the date to its precision is known.
    assert data["start_at_0"] == shown
    assert data["start_at_1"] == ""
    response = client.post(change_url(story), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(pk=story.pk)
    assert event.start_at == dt.datetime(2023, 11, 17, 20, 0, tzinfo=dt.UTC)
    assert event.precision == precision


def test_a_coarse_date_moved_to_another_day_starts_that_day(clients, story):
    Event.objects.filter(pk=story.pk).update(precision="day")

    response = post(clients["editor"], story, start_at_0="2023-11-20", start_at_1="")

    assert response.status_code == 302
    assert Event.objects.get(pk=story.pk).start_at == dt.datetime(2023, 11, 20, 8, tzinfo=dt.UTC)


def test_a_time_of_day_event_reopens_with_its_time(clients, story):
    data = form_data(clients["editor"], change_url(story))

    assert (data["start_at_0"], data["start_at_1"]) == ("2023-11-17", "12:00:00")
