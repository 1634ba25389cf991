"""
The API documentation (Swagger UI at /api/docs/, Redoc at /api/redoc/) works under the
Content-Security-Policy: the site's policy is widened for those two pages only, and only for
styles, data: images and Redoc's blob: worker; never for inline or foreign scripts.
"""

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.security.csp import csp_directives, csp_violations

pytestmark = pytest.mark.django_db

DOCS = ["api:docs", "api:redoc"]


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources, self.inline = [], []
        self._in_inline = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            attrs = dict(attrs)
            if attrs.get("src"):
                self.sources.append(attrs["src"])
            else:
                self._in_inline, self.inline = True, [*self.inline, ""]

    def handle_data(self, data):
        if self._in_inline:
            self.inline[-1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline = False


def scripts_of(html):
    parser = _Scripts()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("name", DOCS)
def test_the_docs_policy_widens_styles_images_and_workers_but_never_scripts(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["worker-src"] == ["'self'", "blob:"]
    assert policy["connect-src"] == ["'self'"]  # the schema, from this site only
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", DOCS)
def test_the_docs_pages_run_no_inline_script_and_only_this_sites_files(client, name):
    page = client.get(reverse(name)).content.decode()

    scripts = scripts_of(page)
    assert scripts.inline == []
    assert scripts.sources  # the viewer itself, from drf-spectacular-sidecar
    for src in scripts.sources:
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/")), f"{src} is not a static file"
        else:  # Swagger UI's set-up, rendered by the view as a script of its own
            assert src.startswith(reverse(name) + "?"), src
    # What a strict policy would still block is inline styling, which this policy allows.
    assert {re.sub(r"<\w+ ", "<", p) for p in csp_violations(page)} <= {"<style> element"}


def test_swagger_uis_set_up_script_is_javascript_that_loads_this_sites_schema(client):
    page = client.get(reverse("api:docs")).content.decode()
    (set_up,) = [src for src in scripts_of(page).sources if not src.startswith("/static/")]

    response = client.get(set_up)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert f'url: "{reverse("api:schema")}"' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("api:schema"),
        lambda: reverse("api:saga-list"),
        lambda: "/admin/login/",
        lambda: "/robots.txt",
    ],
    ids=["schema", "api", "admin", "robots"],
)
def test_the_rest_of_the_site_keeps_the_strict_policy(client, url):
    policy = csp_directives(client.get(url())["Content-Security-Policy"])

    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]
    assert "worker-src" not in policy


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Redoc's sidebar credit shows a logo from cdn.redoc.ly (and hides it when it fails to load):
# the policy blocks it, as it should: a reader's browser calls no third party.
EXPECTED_BLOCKS = {"api:redoc": ["https://cdn.redoc.ly/redoc/logo-mini.svg"], "api:docs": []}


def render_in_chromium(url):
    """Return (the DOM after scripts ran, what the console said) for ``url``."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=20000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return result.stdout, console


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")
@pytest.mark.parametrize("name", DOCS)
def test_the_docs_render_in_a_browser_with_no_policy_violation(live_server, name):
    dom, console = render_in_chromium(live_server.url + reverse(name))

    violations = [line for line in console if "Content Security Policy" in line]
    # "Loading the image '<url>' violates ...", or "Applying inline style violates ...".
    blocked = [(re.search(r"'(\S+)' violates", line) or [line, line])[1] for line in violations]
    assert blocked == EXPECTED_BLOCKS[name], violations
    assert "saga_cms API" in dom
    operations = {
        "api:docs": r'class="opblock opblock-(get|post|put|patch|delete)',
        "api:redoc": r'data-section-id="tag/[^"]+/operation/',
    }[name]
    assert len(re.findall(operations, dom)) >= 20  # every path drawn, from the schema
