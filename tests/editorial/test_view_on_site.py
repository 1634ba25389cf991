"""The "view on site" link: the real public page (a preview for staff while unpublished)."""

import pytest
from django.urls import reverse

from tests.editorial.test_roles import change_url

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.editorial.urls")
def test_an_unpublished_event_links_to_its_public_page_as_a_preview(clients, story):
    page = clients["editor"].get(change_url(story)).content.decode()

    assert 'href="/sagas/openai-2023/altman-fired/"' in page
    assert "Preview on site" in page
    listing = clients["editor"].get(reverse("admin:events_event_changelist")).content.decode()
    assert ">preview</a>" in listing


@pytest.mark.urls("tests.editorial.urls")
def test_a_public_event_links_to_its_page_as_is(clients, story):
    story.state = "published"
    story.save()

    page = clients["editor"].get(change_url(story)).content.decode()

    assert "View on site" in page
    assert (
        ">view</a>"
        in clients["editor"].get(reverse("admin:events_event_changelist")).content.decode()
    )


@pytest.mark.urls("tests.editorial.urls_admin_only")
def test_without_a_public_page_there_is_no_link_and_no_error(clients, story):
    response = clients["editor"].get(change_url(story))

    assert response.status_code == 200
    assert "viewsitelink" not in response.content.decode()
    assert clients["editor"].get(reverse("admin:events_event_changelist")).status_code == 200
