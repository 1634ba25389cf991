"""The history reads in the interface's language: no English field names in Japanese."""

import json

import pytest
import reversion
from django.urls import reverse

from tests.factories import EventFactory, add_text

pytestmark = pytest.mark.django_db


def test_the_japanese_history_names_changed_fields_in_japanese(editor_client):
    event = EventFactory()
    add_text(event, "ja", headline="見出し")
    # What Django's admin stores: field labels in the source language, untranslated.
    message = [
        {"changed": {"fields": ["Order within the same moment"]}},
        {"changed": {"name": "event's text", "object": "見出し", "fields": ["Body"]}},
    ]
    with reversion.create_revision():
        reversion.add_to_revision(event)
        reversion.set_comment(json.dumps(message))

    page = editor_client.get(
        reverse("admin:events_event_history", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()

    assert "同時刻内の並び順" in page and "本文" in page
    assert "Body" not in page and "Order within the same moment" not in page
