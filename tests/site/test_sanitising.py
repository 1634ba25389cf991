"""Body text is Markdown rendered and sanitised: no script, handler or javascript: survives."""

import pytest

from core.text import render_markdown
from tests.factories import EventFactory, add_text
from tests.scenarios import utc
from tests.site.helpers import dangerous_markup, page

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onmouseover="alert(1)">hover</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<object data="javascript:alert(1)"></object>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<!--<script>alert(1)</script>-->",
    '"><script>alert(1)</script>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_rendering_removes_every_common_xss_payload(payload):
    html = render_markdown(f"Text before.\n\n{payload}\n\nText after.")

    assert dangerous_markup(html) == []
    assert "javascript:" not in html.lower() or "&lt;" in html  # only ever as escaped text


def test_markdown_keeps_ordinary_formatting_and_safe_links():
    html = render_markdown("# Title\n\n**bold**, *italic* and [a link](https://example.org/).")

    assert "<h2>Title</h2>" in html
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer nofollow">a link</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_onto_an_event_page(client, payload):
    event = EventFactory(slug="hostile", start_at=utc(2023, 11, 17))
    add_text(event, "ja", headline=payload, summary=payload, body=payload, display_date=payload)
    html = page(client.get(f"/ja/sagas/{event.saga.slug}/hostile/"))
    main = html[html.index("<main") : html.index("</main>")]

    assert dangerous_markup(main) == []
    # Around it: the page's own head (meta tags carrying the text, escaped) and search form.
    rest = [p for p in dangerous_markup(html.replace(main, "")) if p not in {"<meta>", "<form>"}]
    assert rest == []
