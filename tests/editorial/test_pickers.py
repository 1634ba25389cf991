"""Pickers show what a newsroom reads: names, headlines, publisher and date of a source."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Citation
from tests.factories import (
    ChapterFactory,
    CitationFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
    add_text,
)

pytestmark = pytest.mark.django_db


def autocomplete(client, model, field, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": model, "field_name": field, "term": term},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 200, response.content
    return [result["text"] for result in response.json()["results"]]


@pytest.fixture
def reuters(db):
    reuters = OrganizationFactory(slug="reuters", original_language="en")
    add_text(reuters, "en", name="Reuters")
    add_text(reuters, "ja", name="ロイター")
    return reuters


def test_a_source_reads_as_publisher_date_and_title_and_a_japanese_query_finds_it(
    editor_client, reuters
):
    source = SourceFactory(
        title="OpenAI fires Altman",
        publisher=reuters,
        published_at=dt.datetime(2023, 11, 17, 21, 0, tzinfo=dt.UTC),
        published_precision="day",
    )
    citation = CitationFactory(source=source)
    add_text(citation, "ja", quote="アルトマン氏を解任")

    found = autocomplete(editor_client, "citation", "source", "ロイター")

    assert found == ["ロイター · 2023年11月17日 · OpenAI fires Altman"]
    assert autocomplete(editor_client, "citation", "source", "解任") == found


def test_a_person_reads_as_their_name_in_the_interface_language(editor_client):
    altman = PersonFactory(slug="sam-altman", original_language="en")
    add_text(altman, "en", name="Sam Altman")
    add_text(altman, "ja", name="サム・アルトマン")

    assert autocomplete(editor_client, "involvement", "person", "アルトマン") == [
        "サム・アルトマン"
    ]


def test_a_chapter_reads_as_saga_title_and_chapter_heading(editor_client):
    saga = SagaFactory(slug="openai-2023")
    add_text(saga, "ja", title="OpenAI 経営陣の5日間")
    chapter = ChapterFactory(saga=saga, slug="friday")
    add_text(chapter, "ja", heading="金曜日：解任")

    assert autocomplete(editor_client, "event", "chapter", "金曜日") == [
        "OpenAI 経営陣の5日間 / 金曜日：解任"
    ]


def test_a_chosen_source_shows_its_label_on_the_form(editor_client, reuters):
    source = SourceFactory(title="OpenAI fires Altman", publisher=reuters)
    event = EventFactory()
    CitationFactory(event=event, source=source)
    assert Citation.objects.count() == 1

    page = editor_client.get(
        reverse("admin:events_event_change", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "Reuters · OpenAI fires Altman" in page
