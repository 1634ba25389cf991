"""The text blocks on an object's own change form: side by side, saved by the same rules."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from events.models import EventTranslation
from tests.admin_forms import form_data
from tests.translation.helpers import edit_source, fresh
from translations.machinery import TranslationState

pytestmark = pytest.mark.django_db


def event_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def block(data, language):
    """Return the inline prefix of the text block in ``language``."""
    return next(
        key.rsplit("-", 1)[0]
        for key, value in data.items()
        if key.startswith("translations-") and key.endswith("-language_code") and value == language
    )


def test_the_event_form_shows_each_translation_beside_its_source(desk, fired):
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")

    page = desk.get(event_url(fired)).content.decode()

    assert "Source (Japanese), changed since this translation was made" in page
    assert "OpenAI取締役会、<ins>金曜日に</ins>アルトマン氏を解任" in page
    assert 'class="state-badge state-stale"' in page


def test_updating_a_stale_translation_in_the_event_form_makes_it_current(desk, team, fired):
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")
    data = form_data(desk, event_url(fired))
    english = block(data, "en")
    data[f"{english}-headline"] = "OpenAI board fires Altman on Friday"

    response = desk.post(event_url(fired), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    row = EventTranslation.objects.get(event=fired, language_code="en")
    assert (row.headline, row.state, row.updated_by) == (
        "OpenAI board fires Altman on Friday",
        TranslationState.APPROVED,
        team["editor"],
    )


def test_changing_the_source_in_the_event_form_makes_translations_stale(desk, fired):
    data = form_data(desk, event_url(fired))
    data[f"{block(data, 'ja')}-headline"] = "取締役会がアルトマン氏を突然解任"

    desk.post(event_url(fired), data)

    assert EventTranslation.objects.get(event=fired, language_code="en").is_stale


def test_a_minor_change_in_the_event_form_keeps_translations_current(desk, fired):
    data = form_data(desk, event_url(fired))
    data[f"{block(data, 'ja')}-headline"] = "OpenAI取締役会、アルトマン氏を解任。"
    data["minor_change"] = "on"

    response = desk.post(event_url(fired), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert EventTranslation.objects.get(event=fired, language_code="en").state == "approved"
    entry = LogEntry.objects.filter(object_id=str(fired.pk)).latest("action_time")
    assert "minor change: translations kept current" in entry.get_change_message()


def test_the_language_of_an_existing_block_cannot_be_changed(desk, settings, fired):
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("de", "German")]
    data = form_data(desk, event_url(fired))
    english = block(data, "en")
    data[f"{english}-language_code"] = "de"
    data[f"{english}-headline"] = "Altman entlassen"

    response = desk.post(event_url(fired), data)

    assert response.status_code == 200
    assert "cannot be changed; add a new one instead" in response.content.decode()
    assert fresh(EventTranslation.objects.get(event=fired, language_code="en")).headline == (
        "OpenAI board fires Altman"
    )


def test_a_translation_block_can_be_deleted_from_the_event_form(desk, fired):
    data = form_data(desk, event_url(fired))
    data[f"{block(data, 'en')}-DELETE"] = "on"

    response = desk.post(event_url(fired), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert not EventTranslation.objects.filter(event=fired, language_code="en").exists()


def test_the_admin_home_links_the_translation_dashboard(desk):
    page = desk.get(reverse("admin:index")).content.decode()

    assert f'href="{reverse("translations:dashboard")}"' in page
