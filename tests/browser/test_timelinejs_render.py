"""
The real TimelineJS (the pinned package, served from our static files) renders every
saga's export in headless Chromium, in Japanese and in English: no TimelineJS error, no
console error, no failed request, and one slide per exported event plus the title slide.
"""

import pytest
from django.core.management import call_command

from tests.browser.shapes import build_every_shape
from tests.browser.timelinejs import export, render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_renders(page, live_site, slug, language, screenshot):
    from events.models import Event

    exported = export(live_site, slug, language)
    # Every event readers may see is a slide: none is dropped on the way to TimelineJS.
    public = Event.objects.filter(saga__slug=slug).published().count()
    assert len(exported["events"]) == public > 0
    rendered = render(page, live_site, slug, language)
    screenshot(page, f"{slug}-{language}", full_page=True)
    assert rendered.errors == [], rendered
    assert rendered.failure == "", rendered
    assert page.problems == [], page.problems
    assert page.other_hosts == [], page.other_hosts
    assert rendered.slides == len(exported["events"]) + 1, rendered
    assert rendered.markers == len(exported["events"]), rendered
    assert rendered.eras == len(exported["eras"]), rendered
    return exported, rendered


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_fixture_saga_renders(page, live_site, language, screenshot):
    call_command("loaddata", "openai_2023", verbosity=0)
    exported, rendered = assert_renders(page, live_site, "openai-2023", language, screenshot)
    assert len(exported["events"]) > 10
    assert rendered.language == language


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_saga_with_every_shape_renders(page, live_site, language, screenshot):
    saga = build_every_shape()
    exported, rendered = assert_renders(page, live_site, saga.slug, language, screenshot)
    precisions = {tuple(event["start_date"]) for event in exported["events"]}
    assert {("year",), ("year", "month"), ("year", "month", "day")} <= precisions
    assert ("year", "month", "day", "hour", "minute") in precisions
    assert any("display_date" in e for e in exported["events"])
    assert any("credit" in e.get("media", {}) for e in exported["events"])
    assert any("group" in e for e in exported["events"])
    assert len(exported["eras"]) == 4
    expected = {"ja": "日本の見出し", "en": "English headline"}[language]
    assert any(expected in headline for headline in rendered.headlines), rendered.headlines
