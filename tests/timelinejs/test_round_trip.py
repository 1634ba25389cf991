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


MARKUP = "<b>&amp;</b> 'single' \"double\" <img src=x onerror=alert(1)>"


def test_markup_in_every_text_field_comes_back_as_the_same_text(anonymous, editor, tmp_path):
    """Texts TimelineJS reads as HTML, or decodes first (dates, groups), and cited sources."""
    from tests.factories import (
        ChapterFactory,
        CitationFactory,
        EventFactory,
        SagaFactory,
        SourceFactory,
        add_text,
    )

    saga = SagaFactory(slug="markup", time_zone="UTC", original_language="en")
    add_text(saga, "en", title=MARKUP, standfirst=MARKUP)
    chapter = ChapterFactory(saga=saga, slug="chapter")
    add_text(chapter, "en", heading="Group " + MARKUP)
    event = EventFactory(saga=saga, slug="event", chapter=chapter)
    add_text(event, "en", headline=MARKUP, display_date="Date " + MARKUP, summary=MARKUP)
    source = SourceFactory(
        slug="cited", url="https://example.org/a?b=1&c=2", title="Title " + MARKUP, author=MARKUP
    )
    CitationFactory(event=event, source=source)
    exported = timeline(anonymous, "markup", "en")
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")

    with translation.override("en"):
        call_command(
            "import_timelinejs",
            str(path),
            slug="markup-copy",
            time_zone="UTC",
            language="en",
            user=editor.username,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    copy = Saga.objects.get(slug="markup-copy")
    imported = copy.events.get()
    text = imported.localized("en", public=False)
    assert (text.headline, text.display_date, text.summary) == (MARKUP, "Date " + MARKUP, MARKUP)
    assert imported.chapter.localized("en", public=False).heading == "Group " + MARKUP
    assert imported.citations.get().source == source  # the same address: the same source
    editor_api = APIClient()
    editor_api.force_authenticate(editor)
    again = timeline(editor_api, "markup-copy", "en")
    assert by_id(again["events"]) == by_id(exported["events"])
