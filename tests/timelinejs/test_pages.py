"""The interactive and the embeddable timeline pages, and what the saga page offers."""

import html
import re

import pytest
from django.urls import reverse

from tests.browser.shapes import build_every_shape
from tests.security.csp import csp_directives, csp_violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def saga():
    return build_every_shape()


def test_the_interactive_page_renders_our_timelinejs_with_the_export(client, saga):
    response = client.get(f"/ja/sagas/{saga.slug}/interactive/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-source="/api/v1/sagas/{saga.slug}/timelinejs/?lang=ja"' in page
    assert 'data-language="/static/vendor/timelinejs/js/locale/ja.json"' in page
    assert 'src="/static/vendor/timelinejs/js/timeline.js"' in page
    assert 'data-script-path="/static/vendor/timelinejs/js/"' in page
    assert f'href="/ja/sagas/{saga.slug}/"' in page  # back to the accessible timeline
    assert csp_violations(page) == []


def test_the_interactive_page_keeps_the_sites_policy(client, saga):
    response = client.get(f"/en/sagas/{saga.slug}/interactive/")
    policy = csp_directives(response["Content-Security-Policy"])

    # TimelineJS 3.9 styles through the DOM, which CSP allows: nothing to loosen.
    assert policy == csp_directives(client.get("/en/")["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_embed_may_be_framed_by_any_site_by_default(client, saga):
    response = client.get(f"/en/sagas/{saga.slug}/embed/")

    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    page = response.content.decode()
    assert 'data-embed="true"' in page
    assert csp_violations(page) == []
    assert f'href="http://testserver/en/sagas/{saga.slug}/"' in page


def test_the_sites_that_may_frame_the_embed_are_a_setting(client, saga, settings):
    settings.SAGA_EMBED_FRAME_ANCESTORS = ["https://news.example.org", "https://*.example.com"]

    response = client.get(f"/ja/sagas/{saga.slug}/embed/")

    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["https://news.example.org", "https://*.example.com"]


def test_the_embed_answers_from_the_page_cache_with_its_headers(client, saga):
    first = client.get(f"/en/sagas/{saga.slug}/embed/")
    again = client.get(f"/en/sagas/{saga.slug}/embed/")

    assert again.content == first.content
    assert "X-Frame-Options" not in again
    assert csp_directives(again["Content-Security-Policy"])["frame-ancestors"] == ["*"]


def test_other_pages_still_refuse_framing(client, saga):
    for path in (f"/en/sagas/{saga.slug}/", f"/en/sagas/{saga.slug}/interactive/", "/en/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert csp_directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_the_saga_page_links_to_the_interactive_timeline_and_offers_the_embed_code(client, saga):
    page = client.get(f"/en/sagas/{saga.slug}/").content.decode()

    assert f'href="/en/sagas/{saga.slug}/interactive/"' in page
    assert "Embed this timeline" in page
    snippet = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1))
    assert snippet == (
        f'<iframe src="http://testserver/en/sagas/{saga.slug}/embed/" '
        'title="A saga of every shape" width="100%" height="650" style="border:0" '
        'loading="lazy" allowfullscreen></iframe>'
    )


def test_markup_in_the_title_cannot_break_out_of_the_embed_code(client, saga):
    text = saga.translation("en")
    text.title = 'Quotes " and </textarea><script>alert(1)</script>'
    text.save()

    page = client.get(f"/en/sagas/{saga.slug}/").content.decode()

    assert "<script>alert(1)" not in page
    snippet = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1))
    assert 'title="Quotes &quot; and &lt;/textarea&gt;&lt;script&gt;' in snippet


@pytest.mark.parametrize("page", ["interactive", "embed"])
def test_unpublished_or_unknown_sagas_are_not_found(client, saga, page):
    saga.state = "draft"
    saga.save()

    assert client.get(f"/en/sagas/{saga.slug}/{page}/").status_code == 404
    assert client.get(f"/en/sagas/no-such-saga/{page}/").status_code == 404


def test_the_pages_are_named_routes(saga):
    assert reverse("events:interactive", kwargs={"slug": saga.slug}).endswith("/interactive/")
    assert reverse("events:embed", kwargs={"slug": saga.slug}).endswith("/embed/")


def test_in_production_storage_every_address_is_a_collected_file(client, saga, settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)

    page = client.get(f"/en/sagas/{saga.slug}/interactive/").content.decode()

    addresses = re.findall(r'(?:src|href|data-language|data-font)="(/static/[^"]+)"', page)
    assert len(addresses) >= 6, addresses
    for address in addresses:
        assert (settings.STATIC_ROOT / address.removeprefix("/static/")).is_file(), address
    assert re.search(r'data-language="/static/vendor/timelinejs/js/locale/en\.\w+\.json"', page)


def test_no_event_may_take_the_name_of_a_saga_page(editor_client, saga):
    from django.core.exceptions import ValidationError

    event = saga.events.first()
    for slug in ("interactive", "embed"):
        event.slug = slug
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "slug" in error.value.message_dict
