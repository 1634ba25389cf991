"""
Finding 8: hostile text and addresses in a saga stay inert in the REAL TimelineJS (the
vendored 3.9.11), which inserts headlines, dates, groups, texts, captions and credits as
HTML, "autolinks" addresses in texts, captions and credits, and pastes some media
addresses into HTML.

The export is rendered twice: on the site's interactive page (its Content-Security-Policy
would block an inline script anyway), and on a stranger's page with no policy at all, as
anyone may embed the export with TimelineJS: there a script that got in would run, and
``window.__xss`` says so. Every element TimelineJS made is also searched for event-handler
attributes, and each hostile text must show literally.
"""

import json

import pytest

from events.models import Event
from sources.models import Source
from tests.browser.timelinejs import export, render, settled
from tests.factories import (
    ChapterFactory,
    CitationFactory,
    EventFactory,
    SagaFactory,
    SourceFactory,
    add_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tag(where: str) -> str:
    """Markup that runs a script as soon as it is parsed as HTML."""
    return f"<img src=x onerror=\"window.__xss='{where}'\">"


def autolinked(where: str) -> str:
    """Text TimelineJS autolinks into <a href='http://www…'>, ending the attribute at the quote."""
    return f"see www.example.org/'onmouseover='window.__xss=\"{where}\"'x='"


HOSTILE = {
    "title": tag("title"),
    "group": tag("group"),
    "headline": tag("headline"),
    "display_date": tag("date"),
    "summary": autolinked("text") + " " + tag("text"),
    "caption": autolinked("caption") + " " + tag("caption"),
    "credit": autolinked("credit"),
    "alt": tag("alt") + "'\"",
    "source_title": tag("source") + " " + autolinked("source"),
}
# A document address TimelineJS would embed as <iframe src='…'>, pasted between quotes.
QUOTED_URL = (
    "https://docs.google.com/document/d/x/edit?usp=sharing'><img src=x onerror=window.__xss='url'>"
)


def build_hostile_saga(editor):
    from images.services import image_create
    from tests.images.pictures import jpeg_upload

    saga = SagaFactory(slug="hostile", time_zone="UTC", original_language="en")
    add_text(saga, "en", title=HOSTILE["title"], standfirst=HOSTILE["summary"])
    chapter = ChapterFactory(saga=saga, slug="chapter")
    add_text(chapter, "en", heading=HOSTILE["group"])
    pictured = EventFactory(saga=saga, slug="pictured", chapter=chapter)
    add_text(
        pictured,
        "en",
        headline=HOSTILE["headline"],
        display_date=HOSTILE["display_date"],
        summary=HOSTILE["summary"],
    )
    pictured.image = image_create(
        upload=jpeg_upload(size=(600, 300)),
        user=editor,
        original_language="en",
        alt_text=HOSTILE["alt"],
        caption=HOSTILE["caption"],
        credit=HOSTILE["credit"],
        licence="CC BY 4.0",
        status="approved",
    )
    pictured.save()
    cited = EventFactory(saga=saga, slug="cited", chapter=chapter)
    add_text(cited, "en", headline=HOSTILE["headline"] + " 2", summary="Cited.")
    source = SourceFactory(slug="quoted", title=HOSTILE["source_title"], author=tag("author"))
    CitationFactory(event=cited, source=source)
    # An address saved before addresses with quotes were refused: no validation on this path.
    Source.objects.filter(pk=source.pk).update(url=QUOTED_URL)
    return saga


# Go through every slide (TimelineJS builds a slide's media when it comes near), hover over
# everything (autolinked handlers fire on mouseover), and report what ran or got in.
INSPECT = """async () => {
  const timeline = window.sagaTimeline;
  const count = document.querySelectorAll('.tl-storyslider .tl-slide').length;
  for (let n = 0; n < count; n++) {
    timeline.goTo(n);  // media is loaded once the slide's animation (1 s) is over
    await new Promise((done) => setTimeout(done, 1500));
  }
  const container = document.querySelector('.tl-timeline');
  for (const element of container.querySelectorAll('*')) {
    element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  }
  await new Promise((done) => setTimeout(done, 300));
  const handlers = [];
  for (const element of container.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const own = attribute.name === 'onclick' && attribute.value === 'void(0)';  // autolinks
      if (attribute.name.startsWith('on') && !own) {
        handlers.push(element.tagName + ' ' + attribute.name + '=' + attribute.value);
      }
    }
  }
  const texts = (selector) => Array.from(container.querySelectorAll(selector))
    .map((element) => element.textContent);
  return {
    xss: window.__xss === undefined ? null : String(window.__xss),
    handlers: handlers,
    foreignImages: Array.from(container.querySelectorAll('img'))
      .map((image) => image.getAttribute('src'))
      .filter((src) => !src.includes('/media/')),
    iframes: container.querySelectorAll('iframe').length,
    headlines: texts('.tl-slide .tl-headline'),
    groups: texts('.tl-timegroup-message'),
    dates: texts('.tl-headline-date'),
    captions: texts('.tl-caption'),
    credits: texts('.tl-credit'),
    slideTexts: texts('.tl-slide .tl-text-content'),
    alts: Array.from(container.querySelectorAll('img.tl-media-image')).map((i) => i.alt),
    links: Array.from(container.querySelectorAll('.saga-source a')).map((a) => a.href),
  };
}"""

STRANGER = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{site}/static/vendor/timelinejs/css/timeline.css">
<script src="{site}/static/vendor/timelinejs/js/timeline.js"></script>
</head><body>
<div id="saga-timelinejs" style="width: 1000px; height: 700px"></div>
<script>
window.sagaTimeline = new TL.Timeline("saga-timelinejs", {data}, {{
  script_path: "{site}/static/vendor/timelinejs/js/", font: null, hash_bookmark: false,
  ga_measurement_id: null, soundcite: false
}});
</script>
</body></html>"""


def assert_inert(found: dict):
    assert found["xss"] is None, found
    assert found["handlers"] == [], found["handlers"]
    assert found["iframes"] == 0 and found["foreignImages"] == [], found
    shown = " ".join(found["headlines"] + found["groups"] + found["dates"] + found["captions"])
    for name in ("title", "headline", "group", "display_date"):
        assert HOSTILE[name] in shown, (name, shown)
    assert any(HOSTILE["caption"] in caption for caption in found["captions"]), found["captions"]
    assert any(HOSTILE["credit"] in credit for credit in found["credits"]), found["credits"]
    assert HOSTILE["alt"] in found["alts"], found["alts"]
    body = " ".join(found["slideTexts"])
    assert HOSTILE["summary"] in body and HOSTILE["source_title"] in body, body
    # The cited page is a link, its quotes percent-encoded.
    assert found["links"] == [
        "https://docs.google.com/document/d/x/edit?usp=sharing%27%3E%3Cimg%20src=x%20"
        "onerror=window.__xss=%27url%27%3E"
    ], found["links"]


def test_hostile_text_stays_text_on_the_sites_own_page(page, live_site, settings):
    from tests.browser.shapes import _editor

    build_hostile_saga(_editor())
    rendered = render(page, live_site, "hostile", "en")
    assert rendered.errors == [] and rendered.failure == "", rendered

    assert_inert(page.evaluate(INSPECT))
    assert page.problems == [], page.problems


def test_hostile_text_stays_text_on_a_strangers_page_without_a_policy(
    page, live_site, second_origin
):
    from tests.browser.shapes import _editor

    build_hostile_saga(_editor())
    data = export(live_site, "hostile", "en")
    assert {slide["unique_id"] for slide in data["events"]} == set(
        Event.objects.values_list("slug", flat=True)
    )
    stranger = second_origin(
        STRANGER.format(site=live_site, data=json.dumps(data).replace("</", "<\\/"))
    )
    page.goto(stranger)
    settled(page, page)

    assert_inert(page.evaluate(INSPECT))
