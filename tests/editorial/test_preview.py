"""The Markdown preview beside an event's text: the page's own template, for staff only."""

import pytest
from django.urls import reverse

from tests.editorial.test_roles import change_url

pytestmark = pytest.mark.django_db

PREVIEW = "admin:events_event_preview"


def test_the_preview_renders_markdown_as_the_event_page_does(clients, story):
    response = clients["editor"].post(
        reverse(PREVIEW),
        {
            "summary": "The **board** acted.",
            "body": "# Heading\n\nA [link](https://example.org/).",
            "language_code": "ja",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="standfirst" lang="ja"><p>The <strong>board</strong> acted.</p>' in html
    assert '<div class="prose" lang="ja">' in html
    assert 'href="https://example.org/"' in html
    assert "private" in response["Cache-Control"]


def test_the_preview_is_sanitised(clients, story):
    html = (
        clients["editor"]
        .post(reverse(PREVIEW), {"body": "<script>alert(1)</script><p onclick='x()'>hi</p>"})
        .content.decode()
    )

    assert "<script" not in html and "onclick" not in html


def test_a_translator_may_preview_and_strangers_may_not(client, clients, story):
    assert clients["translator"].post(reverse(PREVIEW), {"body": "x"}).status_code == 200
    assert client.post(reverse(PREVIEW), {"body": "x"}).status_code == 302  # to the login page
    assert clients["editor"].get(reverse(PREVIEW)).status_code == 405


def test_the_event_form_carries_the_preview_script_and_address(clients, story):
    page = clients["editor"].get(change_url(story)).content.decode()

    assert "saga_cms/admin/desk-preview.js" in page
    assert f'data-preview-url="{reverse(PREVIEW)}"' in page


SAGA_PREVIEW = "admin:events_saga_preview"


def test_the_saga_standfirst_preview_is_the_saga_page_s_own_standfirst(clients, story):
    response = clients["editor"].post(
        reverse(SAGA_PREVIEW),
        {"standfirst": "Five days that **shook** OpenAI.", "language_code": "ja"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="standfirst" lang="ja"><p>Five days that <strong>shook</strong>' in html
    assert "private" in response["Cache-Control"]
    # The page itself renders the standfirst from the same template.
    story.saga.state = "published"
    story.saga.save()
    saga_page = clients["editor"].get(story.saga.get_absolute_url())
    assert saga_page.status_code == 200
    assert "events/includes/saga_standfirst.html" in [t.name for t in saga_page.templates]


def test_the_saga_form_asks_for_the_standfirst_preview(clients, story):
    page = (
        clients["editor"]
        .get(reverse("admin:events_saga_change", args=[story.saga.pk]))
        .content.decode()
    )

    assert f'data-preview-url="{reverse(SAGA_PREVIEW)}"' in page
    assert 'data-preview-field="standfirst"' in page
    assert "saga_cms/admin/desk-preview.js" in page


def test_strangers_may_not_preview_a_standfirst(client, story):
    assert client.post(reverse(SAGA_PREVIEW), {"standfirst": "x"}).status_code == 302
