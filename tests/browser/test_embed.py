"""Another site (another origin: a second local server) embeds a saga's timeline."""

from urllib.parse import urlsplit

import pytest

from tests.browser.shapes import build_every_shape
from tests.browser.timelinejs import export, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_page_on_another_origin_shows_the_embedded_timeline(
    page, live_site, second_origin, screenshot
):
    saga = build_every_shape()
    embed_url = f"{live_site}/en/sagas/{saga.slug}/embed/"
    stranger = second_origin(
        "<!doctype html><html lang='en'><title>A newspaper</title><h1>Our article</h1>"
        f"<iframe src='{embed_url}' title='Timeline' width='900' height='600'></iframe>"
    )
    assert urlsplit(stranger).netloc != urlsplit(live_site).netloc

    page.goto(stranger)
    frame = page.frame(url=embed_url)
    assert frame is not None, [f.url for f in page.frames]
    rendered = settled(page, frame)
    screenshot(page, "embedded")

    assert rendered.errors == [] and rendered.failure == "", rendered
    assert page.problems == [], page.problems
    assert rendered.slides == len(export(live_site, saga.slug, "en")["events"]) + 1
    assert frame.locator(".tl-timeline").is_visible()


def test_other_pages_of_the_site_refuse_to_be_framed(page, live_site, second_origin):
    saga = build_every_shape()
    interactive = f"{live_site}/en/sagas/{saga.slug}/interactive/"
    stranger = second_origin(f"<!doctype html><iframe src='{interactive}'></iframe>")

    page.goto(stranger)
    page.wait_for_load_state("networkidle")

    # Chromium blocks the frame (frame-ancestors 'none') and says so on the console.
    assert any("frame-ancestors" in problem for problem in page.problems), page.problems
    assert (
        page.frame(url=interactive) is None
        or not page.frame(url=interactive).locator(".tl-timeline").count()
    )
