"""Every public page is well-formed HTML5 with the structure assistive technology relies on."""

import re
from collections import Counter
from pathlib import Path

import html5lib
import pytest
from django.conf import settings

from tests.site.helpers import elements, page

PAGES = [
    "/",
    "/sagas/openai-2023/",
    "/sagas/openai-2023/?person=nobody",
    "/sagas/openai-2023/altman-fired/",
    "/sagas/openai-2023/altman-posts/",
    "/sagas/openai-2023/staff-letter/",
    "/people/",
    "/people/sam-altman/",
    "/organisations/openai/",
    "/sources/",
    "/sources/altman-post/",
    "/search/?q=OpenAI",
    "/search/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("url", PAGES)
def test_each_page_is_well_formed_and_structured(client, story, language, url):
    html = page(client.get(f"/{language}{url}"))

    html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
    assert html.startswith("<!doctype html>")
    assert len(re.findall(r"<h1[ >]", html)) == 1
    ids = Counter(
        attrs["id"]
        for tag in ("section", "h2", "article", "main", "input", "select", "p", "nav", "li", "div")
        for attrs in elements(html, tag)
        if "id" in attrs
    )
    assert [name for name, count in ids.items() if count > 1] == []
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert '<a class="skip-link" href="#main">' in html
    labelled = {attrs["for"] for attrs in elements(html, "label")}
    controls = elements(html, "input") + elements(html, "select")
    assert all(control["id"] in labelled for control in controls)


@pytest.mark.django_db
def test_headings_never_skip_a_level(client, story):
    for url in PAGES:
        html = page(client.get(f"/en{url}"))
        levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert skips == [], url


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("ink", "paper"),
        ("ink", "paper-tint"),
        ("ink-muted", "paper"),
        ("ink-muted", "paper-tint"),
        ("accent", "paper"),
        ("accent", "paper-tint"),
        ("accent-dark", "paper-tint"),
        ("removed-ink", "removed-tint"),
        ("dispute-ink", "dispute-tint"),
        ("preview-ink", "preview-bg"),
    ],
)
def test_text_colours_meet_wcag_aa_contrast(foreground, background):
    css = (Path(settings.BASE_DIR) / "core/static/saga_cms/site.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))

    assert contrast(colours[foreground], colours[background]) >= 4.5
