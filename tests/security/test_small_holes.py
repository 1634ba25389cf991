"""Finding 7, the smaller holes: each shown as an attacker or low-privilege staff meets it."""

import re

import pytest

from tests.site.data import build_saga

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(db):
    return build_saga()


@pytest.mark.parametrize("path", ["//evil.com/x", "/en//evil.com/x", "/\\evil.com/x"])
def test_the_404_page_never_points_at_another_site(client, settings, story, path):
    settings.DEBUG = False
    response = client.get("/x", PATH_INFO=path, follow=True)
    body = response.content.decode()
    assert response.status_code == 404
    # evil.com may appear as a path of this site ("/evil.com/x"), never as a host.
    assert not re.search(r'="(https?:)?[/\\\\]{2}evil\.com', body)


@pytest.mark.parametrize(
    "query",
    [
        "date_before=9999-12-31",
        "date_after=0001-01-01",
        "date_after=9999-12-31",
        "date_before=0001-01-01",
    ],
)
def test_out_of_range_dates_are_a_field_error(client, story, query):
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    field = query.split("=")[0]
    assert "Give a day between" in str(response.json()[field])
