"""The TimelineJS export written slide by slide is exactly what the JSON renderer makes."""

import pytest
from rest_framework.renderers import JSONRenderer

from events.timelinejs import saga_timeline, saga_timeline_json

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("public", [True, False])
def test_the_piecewise_export_is_the_renderers_bytes_of_the_whole(saga, language, public):
    renderer = JSONRenderer()
    options = {"language": language, "public": public, "build_url": str}

    whole = renderer.render(saga_timeline(saga, **options))
    piecewise = saga_timeline_json(saga, render=renderer.render, **options)

    assert piecewise == whole
    assert b'"unique_id":"fired"' in piecewise


def test_the_api_answers_the_json_and_the_browsable_view_alike(client, saga):
    url = f"/api/v1/sagas/{saga.slug}/timelinejs/"

    as_json = client.get(url)
    as_html = client.get(url, HTTP_ACCEPT="text/html")

    assert as_json["Content-Type"] == "application/json"
    assert as_json.json()["events"][0]["unique_id"] == "fired"
    assert as_html["Content-Type"].startswith("text/html")
    assert b"fired" in as_html.content
