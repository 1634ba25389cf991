"""What the TimelineJS export writes, import_timelinejs reads back to the same saga."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from events.models import Saga
from tests.browser.shapes import build_every_shape

pytestmark = pytest.mark.django_db


def timeline(client, slug, lang):
    response = client.get(f"/api/v1/sagas/{slug}/timelinejs/?lang={lang}")
    assert response.status_code == 200, response.content
    return response.json()


def by_id(slides):
    return {slide["unique_id"]: slide for slide in slides}


def kept_by_timelinejs(era) -> bool:
    """TimelineJS's rule: an end whose every part named by the start is equal is dropped."""
    start, end = era["start_date"], era["end_date"]
    return any(end.get(name) != value for name, value in start.items())


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_saga_of_every_shape_survives_the_round_trip(anonymous, editor, tmp_path, language):
    saga = build_every_shape()
    exported = timeline(anonymous, saga.slug, language)
    assert all(kept_by_timelinejs(era) for era in exported["eras"]), exported["eras"]
    path = tmp_path / f"shape-{language}.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")

    with translation.override("en"):
        call_command(
            "import_timelinejs",
            str(path),
            slug=f"copy-{language}",
            time_zone="Asia/Tokyo",
            language=language,
            user=editor.username,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    # The copy is a draft for the newsroom: editors read its export (all texts, drafts too).
    editor_api = APIClient()
    editor_api.force_authenticate(editor)
    assert Saga.objects.get(slug=f"copy-{language}").state == "draft"
    again = timeline(editor_api, f"copy-{language}", language)
    assert again["title"] == exported["title"]
    assert again["eras"] == exported["eras"]
    assert by_id(again["events"]) == by_id(exported["events"])


def test_an_imported_slide_never_takes_the_name_of_a_saga_page(editor, tmp_path):
    path = tmp_path / "pages.json"
    slides = [
        {"unique_id": slug, "start_date": {"year": 2020}, "text": {"headline": slug}}
        for slug in ("interactive", "embed")
    ]
    title = {"text": {"headline": "Pages"}}
    path.write_text(json.dumps({"title": title, "events": slides}), encoding="utf-8")

    with translation.override("en"):
        call_command(
            "import_timelinejs",
            str(path),
            slug="pages",
            time_zone="UTC",
            language="en",
            user=editor.username,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    slugs = set(Saga.objects.get(slug="pages").events.values_list("slug", flat=True))
    assert slugs == {"interactive-2", "embed-2"}
