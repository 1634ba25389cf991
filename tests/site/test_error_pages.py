"""Friendly 404 and 500 pages, in the reader's language."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/ja/sagas/nothing/", "ページが見つかりません"), ("/en/sagas/nothing/", "Page not found")],
)
def test_a_missing_page_is_a_friendly_404_in_the_readers_language(client, settings, url, heading):
    settings.DEBUG = False
    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-search"' in html  # the way on: search and the saga index


def test_the_500_page_renders_on_its_own_in_the_readers_language():
    request = RequestFactory().get("/ja/")
    with translation.override("ja"):
        response = server_error(request)
    html = response.content.decode()

    assert response.status_code == 500
    assert "<h1>エラーが発生しました</h1>" in html
    assert '<html lang="ja">' in html
