"""An event's expiry through the API: the same schedule rule as the admin's."""

import pytest

from events.models import Event
from tests.api.test_writing import patch

pytestmark = pytest.mark.django_db


@pytest.fixture
def fired_url(saga):
    from django.urls import reverse

    return reverse("api:event-detail", args=[saga.events.get(slug="fired").pk]) + "?lang=en"


def test_an_expiry_is_written_and_read_back(editor_api, fired_url):
    response = patch(editor_api, fired_url, {"unpublish_at": "2031-01-01T00:00:00Z"})

    assert response.status_code == 200, response.content
    assert response.json()["unpublish_at"] == "2031-01-01T00:00:00Z"
    assert Event.objects.get(slug="fired").unpublish_at.year == 2031


def test_an_expiry_before_the_go_live_time_is_a_400_naming_it(editor_api, fired_url):
    before = Event.objects.get(slug="fired").version

    response = patch(
        editor_api,
        fired_url,
        {"publish_at": "2031-01-02T00:00:00Z", "unpublish_at": "2031-01-01T00:00:00Z"},
    )

    assert response.status_code == 400, response.content
    assert response.json()["unpublish_at"] == ["The expiry must come after the go-live time."]
    assert Event.objects.get(slug="fired").version == before
