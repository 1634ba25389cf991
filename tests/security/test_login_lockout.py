"""Brute-force protection on the admin log-in (django-axes): lock-out, message, cool-off."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "desk-password-1"  # the `editor` fixture's


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)


def log_in(client, username="desk", password="wrong", address="203.0.113.7", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        **{"HTTP_ACCEPT_LANGUAGE": "en", **headers},
    )


def fail(client, times, **kwargs):
    return [log_in(client, **kwargs).status_code for _ in range(times)]


def is_logged_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_failed_log_ins_up_to_the_limit_lock_the_account_out(client, editor):
    assert fail(client, 2) == [200, 200]

    locked = log_in(client)

    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    assert "Too many failed log-in attempts" in locked.text
    assert "paused for 15 minutes" in locked.text


def test_a_locked_out_user_cannot_log_in_even_with_the_right_password(client, editor):
    fail(client, 3)

    response = log_in(client, password=PASSWORD)

    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_lockout_page_says_what_happened_in_the_admins_look(client, editor):
    fail(client, 2)

    page = log_in(client).text

    assert '<p class="errornote" role="alert">Too many failed log-in attempts.' in page
    assert "Try again after that; each attempt before then starts the wait again." in page
    assert 'href="/admin/login/"' in page
    assert "admin/css/login.css" in page


def test_the_lockout_message_is_translated(client, editor):
    fail(client, 2)

    page = log_in(client, HTTP_ACCEPT_LANGUAGE="ja").text

    assert '<html lang="ja"' in page
    assert "ログイン" in page
    assert "15分間" in page


def test_programs_get_the_lockout_as_json(client, editor):
    fail(client, 2)

    response = log_in(client, HTTP_ACCEPT="application/json")

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many failed log-in attempts")


def test_the_lockout_is_for_that_user_name_from_that_address_only(
    client, editor, django_user_model
):
    django_user_model.objects.create_user("colleague", password="colleague-pw-1", is_staff=True)
    fail(client, 3)

    assert log_in(client, username="colleague", password="colleague-pw-1").status_code == 302
    client.logout()
    assert log_in(client, password=PASSWORD, address="198.51.100.4").status_code == 302


def test_after_the_cool_off_the_user_can_log_in_again(client, editor):
    fail(client, 3)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=16))

    response = log_in(client, password=PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_successful_log_in_forgets_earlier_failures(client, editor):
    fail(client, 2)
    assert log_in(client, password=PASSWORD).status_code == 302
    client.logout()

    assert fail(client, 2) == [200, 200]
    assert log_in(client, password=PASSWORD).status_code == 302


def test_failures_are_recorded_for_the_newsroom_to_see(client, editor):
    fail(client, 2)

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "desk",
        "203.0.113.7",
        2,
    )


def test_logging_in_without_a_request_is_not_counted_and_still_works(client, editor):
    """The test client's ``login()`` and scripts pass no request; only web log-ins count."""
    assert not client.login(username="desk", password="wrong")
    assert client.login(username="desk", password=PASSWORD)
    assert AccessAttempt.objects.count() == 0
