"""The "view on site" link: the real public page, which staff see even before publication."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.editorial.test_roles import change_url

pytestmark = pytest.mark.django_db


def site_link(page):
    return page.split('class="viewsitelink"')[0].rsplit('href="', 1)[1].split('"')[0]


def test_an_unpublished_event_links_to_its_public_page_as_a_staff_preview(clients, story):
    page = clients["editor"].get(change_url(story)).content.decode()

    url = site_link(page)
    assert url == story.get_absolute_url()
    assert url.endswith("/sagas/openai-2023/altman-fired/")
    assert "Preview on site" in page
    preview = clients["editor"].get(url)
    assert preview.status_code == 200
    assert "The board fires Sam Altman" in preview.content.decode()
    assert Client().get(url).status_code == 404  # readers see nothing until it is published
    listing = clients["editor"].get(reverse("admin:events_event_changelist")).content.decode()
    assert ">preview</a>" in listing


def test_a_public_event_links_to_its_page_as_is(clients, story):
    story.state = "published"
    story.save()

    page = clients["editor"].get(change_url(story)).content.decode()

    assert "View on site" in page
    listing = clients["editor"].get(reverse("admin:events_event_changelist")).content.decode()
    assert ">view</a>" in listing


@pytest.mark.urls("tests.editorial.urls")
def test_without_public_pages_there_is_no_link_and_no_error(clients, story):
    response = clients["editor"].get(change_url(story))

    assert response.status_code == 200
    assert "viewsitelink" not in response.content.decode()
    listing = clients["editor"].get(reverse("admin:events_event_changelist"))
    assert listing.status_code == 200
    assert "field-public_page" not in listing.content.decode()
