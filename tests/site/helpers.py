"""Reading public pages in tests: their JSON-LD, their links, their text."""

import json
import re
from html.parser import HTMLParser


def json_ld_blocks(html: str) -> list[dict]:
    """Return every JSON-LD object on the page, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


class _ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str, tag: str) -> list[dict]:
    """Return the attributes of every ``tag`` element on the page."""
    collector = _ElementCollector()
    collector.feed(html)
    return [attrs for name, attrs in collector.elements if name == tag]


def alternates(html: str) -> dict[str, str]:
    """Return the page's hreflang alternates: {language: url}."""
    return {
        link["hreflang"]: link["href"]
        for link in elements(html, "link")
        if link.get("rel") == "alternate" and "hreflang" in link
    }


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
ACTIVE_ELEMENTS = {"script", "iframe", "object", "embed", "style", "form", "meta", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


def dangerous_markup(html: str) -> list[str]:
    """Return what in ``html`` could run script: script-like elements, handlers, bad URLs."""
    collector = _ElementCollector()
    collector.feed(html)
    problems = []
    for tag, attrs in collector.elements:
        is_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if tag in ACTIVE_ELEMENTS and not is_json_ld:
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"{tag}[{name}]")
            squashed = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and squashed.startswith(DANGEROUS_SCHEMES):
                problems.append(f"{tag}[{name}={value}]")
            if name == "style":
                problems.append(f"{tag}[style]")
    return problems
