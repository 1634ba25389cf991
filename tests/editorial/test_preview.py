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
