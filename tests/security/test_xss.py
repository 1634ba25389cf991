"""
Hostile text reaches readers and editors inert.

Every reader-visible text field (every field of every translation row: titles, headlines,
Markdown bodies, names, roles, headings, tag names, quotes, alt text; and the sources'
titles, authors and locators) holds script payloads. Then every public page, the feeds,
the JSON-LD, the TimelineJS export and the admin's lists, forms, histories and diffs are
parsed (html.parser, not substring matching) and must contain no element or attribute the
payloads could have made, while the payload text itself is still there, escaped.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from events.models import Citation
from sources.models import Source
from tests.admin_forms import form_data
from tests.scenarios import openai_story
from tests.security.newsroom import links_in, make_image, make_users, page_client
from translations.machinery import Translation

pytestmark = pytest.mark.django_db

# One line for short fields: a script element, an attribute break-out, a handler, and the
# end of a <script> element (for JSON-LD).
PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(2)><svg/onload=alert(3)>'
# Markdown fields also get links to javascript: and raw HTML links.
MARKDOWN_PAYLOAD = (
    f'{PAYLOAD}\n\n[x](javascript:alert(4)) <a href="javascript:alert(5)">y</a> '
    "<iframe src=javascript:alert(6)></iframe> ![i](javascript:alert(7))"
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


def hostile(field) -> str:
    text = MARKDOWN_PAYLOAD if isinstance(field, models.TextField) else PAYLOAD
    return text[: field.max_length] if field.max_length else text


def fill_with_payloads() -> int:
    """Put the payloads in every text field of every translation row, and of sources and
    citations; return how many fields were filled."""
    filled = 0
    for model in apps.get_models():
        if not issubclass(model, Translation):
            continue
        for row in model._default_manager.all():
            for name in row.translated_fields:
                setattr(row, name, hostile(model._meta.get_field(name)))
                filled += 1
            row.save()
    for source in Source.objects.all():
        for name in ("title", "author"):
            setattr(source, name, hostile(Source._meta.get_field(name)))
            filled += 1
        source.save()
    for citation in Citation.objects.all():
        for name in ("quote", "locator", "note"):
            setattr(citation, name, hostile(Citation._meta.get_field(name)))
            filled += 1
        citation.save()
    return filled


@pytest.fixture
def hostile_site():
    """The site-test saga with an image, each object's revision before and after the payloads
    went in (so that history diffs show them), and an editor."""
    users = make_users()
    story = openai_story()
    story.fired.image = make_image(users["editor"], alt_text="A picture")
    story.fired.save()
    record_everything()
    filled = fill_with_payloads()
    record_everything()
    return story, users, filled


def record_everything():
    for model in apps.get_models():
        if reversion.is_registered(model) and not issubclass(model, Translation):
            for obj in model._default_manager.all():
                with reversion.create_revision():
                    reversion.add_to_revision(obj)


# ------------------------------------------------------------------------------
# What counts as live markup
# ------------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, str]] = []  # (tag, attributes, text inside)
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), ""))

    def handle_data(self, data):
        self.text.append(data)
        if self.elements and self.elements[-1][0] == "script":
            tag, attrs, inside = self.elements[-1]
            self.elements[-1] = (tag, attrs, inside + data)


def live_markup(html: str) -> list[str]:
    """Return what in ``html`` the payloads could have made: script that runs them, elements
    they open, handlers and script URLs; and any JSON-LD that is not plain JSON."""
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs, inside in parser.elements:
        if tag == "script" and attrs.get("type") == "application/ld+json":
            if "<" in inside:
                problems.append("JSON-LD holding '<' (it could end its <script>)")
            try:
                json.loads(inside)
            except ValueError:
                problems.append("JSON-LD that is not JSON")
        elif tag == "script" and "alert(" in inside:
            problems.append(f"<script>{inside[:40]}")
        if tag in {"iframe", "object", "embed"} or (tag == "img" and attrs.get("src") == "x"):
            problems.append(f"<{tag} {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            squashed = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and squashed.startswith(DANGEROUS_SCHEMES):
                problems.append(f"<{tag} {name}={value!r}>")
    return problems


def shows_payload_as_text(html: str) -> bool:
    """Whether the page shows the payload to its reader as text (escaped, not removed)."""
    parser = _Elements()
    parser.feed(html)
    return "alert(2)>" in "".join(parser.text)


# ------------------------------------------------------------------------------
# Public pages, feeds, JSON-LD
# ------------------------------------------------------------------------------


def public_pages(client, seeds, limit=400) -> dict[str, str]:
    """Read the public site from ``seeds``, following its links; return {url: html}."""
    seen, queue, pages = set(), list(seeds), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(("/static/", "/media/", "/admin/", "/api/")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code == 200:
            pages[url] = response
            queue += [link for link in links_in(response) if link not in seen]
    return pages


def test_the_payloads_went_into_every_kind_of_text(hostile_site):
    story, users, filled = hostile_site
    rows = [m for m in apps.get_models() if issubclass(m, Translation)]

    assert {m._meta.label_lower for m in rows} >= {
        "events.sagatranslation",
        "events.chaptertranslation",
        "events.tagtranslation",
        "events.eventtranslation",
        "events.citationtranslation",
        "people.persontranslation",
        "people.organizationtranslation",
        "people.affiliationtranslation",
        "images.imagetranslation",
    }
    assert filled > 100


def test_every_public_page_shows_the_payloads_as_text_only(hostile_site, client):
    pages = public_pages(client, ["/ja/", "/en/", "/sitemap.xml"])
    html_pages = {u: r for u, r in pages.items() if "text/html" in r["Content-Type"]}
    problems = {
        url: found
        for url, response in html_pages.items()
        if (found := live_markup(response.content.decode()))
    }

    assert problems == {}
    assert len(html_pages) > 30
    event_page = html_pages["/en/sagas/openai-2023/altman-fired/"].content.decode()
    assert shows_payload_as_text(event_page)


def test_json_ld_keeps_the_payloads_inside_its_script_and_reads_them_back(hostile_site, client):
    for url in (
        "/en/sagas/openai-2023/",
        "/en/sagas/openai-2023/altman-fired/",
        "/en/people/sam-altman/",
        "/en/organisations/openai/",
    ):
        html = client.get(url).content.decode()
        blocks = [
            inside
            for tag, attrs, inside in _parsed(html)
            if tag == "script" and attrs.get("type") == "application/ld+json"
        ]
        assert blocks, url
        assert "</script>" not in "".join(blocks).lower()
        data = json.dumps([json.loads(block) for block in blocks], ensure_ascii=False)
        assert "<script>alert(1)</script>" in data, url  # escaped in the page, intact as data


def _parsed(html):
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_atom_feed_carries_the_payloads_as_text_and_sanitised_html(
    hostile_site, client, language
):
    response = client.get(f"/{language}/sagas/openai-2023/atom.xml")
    feed = ElementTree.fromstring(response.content)  # well-formed XML

    problems, html_parts = [], 0
    for element in feed.iter():
        if element.get("type") == "html":  # feed readers render this as HTML
            html_parts += 1
            problems += live_markup(element.text or "")
    assert problems == []
    assert html_parts > 0
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("<script>alert(1)</script>" in (title or "") for title in titles)  # as text


# TimelineJS shows these fields as HTML (the importer reads them back as HTML too).
TIMELINE_HTML_FIELDS = ("headline", "text", "display_date", "group", "caption", "credit")


def timeline_html(value, key=""):
    if isinstance(value, dict):
        for name, item in value.items():
            yield from timeline_html(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from timeline_html(item, key)
    elif isinstance(value, str) and key in TIMELINE_HTML_FIELDS:
        yield value


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_timelinejs_export_holds_no_live_markup(hostile_site, language):
    body = APIClient().get(f"/api/v1/sagas/openai-2023/timelinejs/?lang={language}").json()

    parts = list(timeline_html(body))
    problems = [p for part in parts for p in live_markup(part)]

    assert problems == []
    assert any("&lt;script&gt;alert(1)" in part for part in parts)
    media = [slide["media"]["url"] for slide in body["events"] if "media" in slide]
    assert media and not any(url.lower().startswith(DANGEROUS_SCHEMES) for url in media)


# ------------------------------------------------------------------------------
# Source addresses
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x"])
def test_a_script_address_is_refused_as_a_source_url_in_the_admin_and_the_api(hostile_site, url):
    story, users, _ = hostile_site
    source = Source.objects.get(slug="openai-announcement")
    change = reverse("admin:sources_source_change", args=[source.pk])
    editor = page_client(users["editor"])
    data = form_data(editor, change)
    data["url"] = url
    data["archived_url"] = url

    assert editor.post(change, data).status_code == 200  # the form again, with errors
    api = APIClient()
    api.force_authenticate(users["editor"])
    detail = reverse("api:source-detail", args=[source.slug])
    response = api.patch(detail, {"url": url}, format="json", HTTP_IF_MATCH=api.get(detail)["ETag"])
    assert response.status_code == 400
    assert Source.objects.get(pk=source.pk).url.startswith("https://")


@pytest.mark.parametrize("field", ["url", "archived_url"])
def test_a_script_address_cannot_be_stored_even_without_validation(hostile_site, field):
    """A fixture or a script writes without validating: the database itself refuses."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(slug="altman-post").update(**{field: "javascript:alert(1)"})
    Source.objects.filter(slug="altman-post").update(**{field: "HTTPS://example.org/ok"})


def test_loaddata_refuses_a_source_with_a_script_address(hostile_site, tmp_path):
    fixture = tmp_path / "hostile.json"
    source = {"slug": "hostile", "url": "javascript:alert(1)", "kind": "article", "title": "x"}
    fixture.write_text(json.dumps([{"model": "sources.source", "fields": source}]))

    with pytest.raises(IntegrityError):
        call_command("loaddata", str(fixture), verbosity=0)
    assert not Source.objects.filter(slug="hostile").exists()


# ------------------------------------------------------------------------------
# The admin
# ------------------------------------------------------------------------------


def admin_pages(story):
    """Yield the admin pages that show texts: lists, forms, histories, diffs, deletions."""
    yield reverse("admin:index")
    yield reverse("translations:dashboard")
    for language in ("ja", "en"):
        yield reverse("translations:worklist", args=["openai-2023", language])
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label not in {"events", "people", "sources", "images"}:
            continue
        prefix = f"admin:{opts.app_label}_{opts.model_name}_"
        yield reverse(prefix + "changelist")
        for obj in model._default_manager.order_by("pk")[:2]:
            for view in ("change", "history", "delete"):
                yield reverse(prefix + view, args=[obj.pk])
            if hasattr(model_admin, "compare_view"):
                yield reverse(prefix + "compare", args=[obj.pk])


def test_every_admin_page_shows_the_payloads_as_text_only(hostile_site):
    story, users, _ = hostile_site
    client = page_client(users["editor"])
    problems, read = {}, 0
    for url in admin_pages(story):
        response = client.get(url)
        assert response.status_code == 200, url
        read += 1
        if found := live_markup(response.content.decode()):
            problems[url] = found

    assert problems == {}
    assert read > 100
    compare = reverse("admin:events_event_compare", args=[story.fired.pk])
    assert shows_payload_as_text(client.get(compare).content.decode())


def test_the_translators_views_show_the_payloads_as_text_only(hostile_site):
    story, users, _ = hostile_site
    client = page_client(users["translator"])
    row = story.fired.translation("en")
    urls = [
        reverse("admin:events_eventtranslation_change", args=[row.pk]),  # with the source diff
        reverse("admin:events_event_change", args=[story.fired.pk]),
        reverse("translations:worklist", args=["openai-2023", "en"]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert live_markup(html) == [], url
        assert shows_payload_as_text(html), url
