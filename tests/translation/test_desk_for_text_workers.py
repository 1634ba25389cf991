"""What translators and reviewers meet in the admin: their tasks, no dead ends."""

import pytest
from django.urls import reverse

from events.models import EventTranslation
from tests.translation.test_editor import edit_url

pytestmark = pytest.mark.django_db


def test_a_translator_opens_the_original_of_their_text_read_only(as_user, fired):
    japanese = EventTranslation.objects.get(event=fired, language_code="ja")

    response = as_user("translator").get(edit_url(japanese))

    assert response.status_code == 200
    assert response.context["editable"] is False
    assert "OpenAI取締役会、アルトマン氏を解任" in response.content.decode()


def test_the_translators_home_lists_their_tasks_not_every_model(as_user, saga):
    home = as_user("translator").get(reverse("admin:index")).content.decode()

    assert reverse("admin:events_eventtranslation_changelist") in home
    assert reverse("admin:events_event_changelist") in home
    for hidden in ("sources_source", "people_affiliation", "events_tag", "events_citation"):
        assert reverse(f"admin:{hidden}_changelist") not in home


def test_the_editors_home_lists_every_model(desk, saga):
    home = desk.get(reverse("admin:index")).content.decode()

    for model in ("sources_source", "people_affiliation", "events_tag", "events_event"):
        assert reverse(f"admin:{model}_changelist") in home


def test_the_admin_header_names_the_product_not_django(desk, settings):
    settings.SAGA_SITE_NAME = "Saga Desk"

    page = desk.get(reverse("admin:index")).content.decode()

    assert "Saga Desk" in page and "Django administration" not in page
