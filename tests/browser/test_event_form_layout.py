"""
The event change form at desktop width (1280 px), in a real browser, with the fixture saga's
board-announcement event (Japanese original, English translation, five people, four
citations): compact enough to see texts, people, citations and buttons in a few screens,
the original text first and the translation beside it, names not slugs, a day-precision
date without a made-up time. Screenshots go to SAGA_SCREENSHOTS.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from events.models import Event, Saga

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-tests-only"
EVENT = "board-announces-altman-departure"
# A layout bound, not a timing: the form measured 6,674 px tall before it was made compact.
MAX_FORM_HEIGHT = 2000


@pytest.fixture
def fixture_saga(newsroom_roles, django_user_model):
    call_command("load_fixtures", verbosity=0)
    editor = django_user_model.objects.create_user(
        "eda", password=PASSWORD, is_staff=True, first_name="Eda", last_name="Mori"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    return Saga.objects.get(slug="openai-2023")


def signed_in(browser, live_site, *, locale):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.goto(f"{live_site}/admin/login/")
    page.fill("#id_username", "eda")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    return page


def test_the_event_form_is_compact_with_the_original_first_and_the_translation_beside_it(
    browser, live_site, fixture_saga, screenshot
):
    event = Event.objects.get(saga=fixture_saga, slug=EVENT)
    assert {row.language_code for row in event.translations.all()} == {"ja", "en"}
    assert event.precision == "day"
    page = signed_in(browser, live_site, locale="ja-JP")

    page.goto(f"{live_site}/admin/events/event/{event.pk}/change/")
    page.locator(".editorial-preview-body").first.wait_for()
    screenshot(page, "event-form", full_page=True)

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < MAX_FORM_HEIGHT, f"the event form is {height} px tall at 1280 px wide"
    # Everything an editor works on is on the page, none of it folded away.
    for selector in ("#translations-group", "#involvements-group", "#citations-group"):
        assert page.locator(selector).is_visible()
    assert page.locator("button[name=_publication][value=save]").first.is_visible()
    # The original (Japanese) text first, the English translation beside it on its right.
    rows = page.locator("#translations-group .inline-related:not(.empty-form)")
    original, translation = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert "日本語" in rows.nth(0).locator("h3").inner_text()
    assert translation["x"] > original["x"] + original["width"] / 2
    assert abs(translation["y"] - original["y"]) < 5
    # Names, not slugs: the breadcrumb and the saga menu read the event's and saga's texts.
    crumbs = page.locator(".breadcrumbs").inner_text()
    assert "アルトマン" in crumbs and EVENT not in crumbs
    assert "openai-2023" not in page.locator("#id_saga option:checked").inner_text()
    # A day-precision date: no 00:00:00 or stored time shown.
    assert page.input_value("#id_start_at_0") == "2023-11-17"
    assert page.input_value("#id_start_at_1") == ""
    assert page.problems == [], page.problems


def test_saving_the_compact_form_unchanged_keeps_the_stored_moment(
    browser, live_site, fixture_saga
):
    event = Event.objects.get(saga=fixture_saga, slug=EVENT)
    page = signed_in(browser, live_site, locale="en-US")

    page.goto(f"{live_site}/admin/events/event/{event.pk}/change/")
    page.click("button[name=_publication][value=save]")
    page.wait_for_selector("ul.messagelist")

    saved = Event.objects.get(pk=event.pk)
    assert (saved.start_at, saved.precision) == (event.start_at, event.precision)


def test_the_saga_standfirst_is_previewed_as_the_saga_page_shows_it(
    browser, live_site, fixture_saga, screenshot
):
    page = signed_in(browser, live_site, locale="ja-JP")
    page.goto(f"{live_site}/admin/events/saga/{fixture_saga.pk}/change/")
    standfirst = page.locator("textarea[name$='-standfirst']").first

    standfirst.fill("**五日間**の経営危機。")

    preview = page.locator(".editorial-preview-body .standfirst strong").first
    preview.wait_for()
    assert preview.inner_text() == "五日間"
    screenshot(page, "saga-form", full_page=True)
