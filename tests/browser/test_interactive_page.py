"""The interactive page as readers see it, on a desktop and on a phone (screenshots kept)."""

import pytest
from django.core.management import call_command

from tests.browser.timelinejs import render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every Content-Security-Policy violation on the page, as the browser reports it.
WATCH_POLICY = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__policyViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


# The chapter names (TimelineJS's group labels) taller than their rows.
OVERFLOWING_CHAPTER_NAMES = """() => Array.from(document.querySelectorAll('.tl-timegroup'))
  .filter((row) => row.firstElementChild.getBoundingClientRect().height
    > row.getBoundingClientRect().height + 1)
  .map((row) => row.textContent)"""
# The link back to the accessible timeline, by its name in each language.
BACK = {"ja": "アクセシブルな年表", "en": "Accessible timeline"}
# The saga's title as it is spelled: TimelineJS's capitals would make it "OPENAI".
TITLE = {"ja": "OpenAI経営危機", "en": "OpenAI's five days"}


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("device", "width", "height"), [("desktop", 1280, 900), ("phone", 390, 844)]
)
def test_the_interactive_page_fits_desktops_and_phones(
    page, live_site, language, device, width, height, screenshot
):
    call_command("loaddata", "openai_2023", verbosity=0)
    page.set_viewport_size({"width": width, "height": height})
    page.add_init_script(WATCH_POLICY)

    rendered = render(page, live_site, "openai-2023", language)
    screenshot(page, f"interactive-{language}-{device}")
    screenshot(page, f"interactive-{language}-{device}-whole", full_page=True)
    page.locator(".tl-slidenav-next").first.click()
    page.mouse.move(0, 0)  # no button left in its hover state in the picture
    page.wait_for_timeout(1500)  # the slide animation (1 s): only for the picture
    screenshot(page, f"interactive-{language}-{device}-next")

    # Every problem fails the test, a Content-Security-Policy violation too: a cited web
    # page is a link in its slide's text, never media TimelineJS would load.
    assert rendered.errors == [] and page.problems == [], (rendered, page.problems)
    assert page.other_hosts == [], page.other_hosts
    assert page.evaluate("window.__policyViolations") == []
    assert rendered.language == language
    timeline = page.locator("#saga-timelinejs").bounding_box()
    assert timeline["width"] <= width and timeline["height"] >= 400
    # No sideways scrolling: the timeline fits the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Each chapter's name stays in its own row of the time navigation (on a phone they
    # wrapped into the rows below).
    assert page.evaluate(OVERFLOWING_CHAPTER_NAMES) == []
    # ... and is not written a second time in its era's band, over the axis's years.
    assert page.locator(".tl-timeera").count() == 7
    assert not page.locator(".tl-timeera .tl-timeera-text").first.is_visible()
    # Names keep their spelling (innerText is the text as displayed, capitals applied).
    title = page.locator(".tl-headline-title").first.evaluate("(h) => h.innerText")
    assert title.startswith(TITLE[language]), title
    back = page.get_by_role("link", name=BACK[language])
    assert back.count() == 1 and back.is_visible()
    assert back.get_attribute("href") == f"/{language}/sagas/openai-2023/"


def test_a_saga_without_events_says_so_instead_of_a_timelinejs_error(page, live_site):
    from tests.factories import SagaFactory, add_text

    saga = SagaFactory(slug="nothing-yet", original_language="en")
    add_text(saga, "en", title="Nothing yet")

    rendered = render(page, live_site, saga.slug, "en")

    assert rendered.failure == "This saga has no events to show yet."
    assert rendered.errors == [] and page.problems == [], (rendered, page.problems)
