"""
Body text for readers: Markdown rendered to HTML, then sanitised.

Editors write Markdown; whatever HTML it contains (or produces) passes through an allow-list
(nh3), so no script, event handler, style or ``javascript:`` link ever reaches a reader.
A level-one heading becomes <h2>: the page's own headline is its only <h1>.
"""

import hashlib
import re
import threading
from collections import OrderedDict

import markdown
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "cite",
        "code",
        "del",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "strong",
        "sub",
        "sup",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title"},
    "blockquote": {"lang"},
    "q": {"lang"},
    "span": {"lang"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
TOP_HEADING = re.compile(r"<(/?)h1(\b[^>]*)>", re.IGNORECASE)


_local = threading.local()


def _converter() -> markdown.Markdown:
    # Building a Markdown instance costs more than converting a paragraph; one per thread.
    if not hasattr(_local, "converter"):
        _local.converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    return _local.converter


def render_markdown(text: str) -> SafeString:
    """Return ``text`` (Markdown, possibly with HTML in it) as sanitised HTML."""
    if not text:
        return mark_safe("")
    return mark_safe(_rendered(hashlib.blake2b(text.encode(), digest_size=16).hexdigest(), text))


# Rendering is a pure function of the text, so its result is kept by the text's digest:
# in this process (small keys, a bounded number of entries) and in the shared cache, so
# that a new worker or another app server does not render the same text again. Change
# RENDERING when the output for the same text changes (allow-list, extensions).
RENDERING = "1"
LOCAL_ENTRIES = 2048
_local_html: OrderedDict[str, str] = OrderedDict()
_local_lock = threading.Lock()


def _rendered(digest: str, text: str) -> str:
    with _local_lock:
        html = _local_html.get(digest)
        if html is not None:
            _local_html.move_to_end(digest)
            return html
    key = f"saga_cms:markdown:{RENDERING}:{digest}"
    html = cache.get(key)
    if html is None:
        html = _render(text)
        cache.set(key, html, None)
    with _local_lock:
        _local_html[digest] = html
        if len(_local_html) > LOCAL_ENTRIES:
            _local_html.popitem(last=False)
    return html


def _render(text: str) -> str:
    html = _converter().reset().convert(text)
    return sanitise_html(TOP_HEADING.sub(r"<\1h2\2>", html))


def sanitise_html(html: str) -> str:
    """Keep only the allowed tags, attributes and link schemes of ``html``."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
