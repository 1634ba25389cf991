"""
The editorial desk in a real browser: publishing, presence and conflicts, schedule and expiry.

Editors work through the admin in headless Chromium against the live server. Screenshots
of each step go to SAGA_SCREENSHOTS.
"""

import datetime as dt
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group

from events.models import Event
from tests.factories import CitationFactory, EventFactory, SagaFactory, SourceFactory, add_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-tests-only"
ZONE = "America/Los_Angeles"


@pytest.fixture
def newsroom(newsroom_roles, django_user_model):
    """Two editors and a published Californian saga with a source to cite."""

    def editor(username, first, last):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True, first_name=first, last_name=last
        )
        user.groups.add(Group.objects.get(name="Editors"))
        return user

    saga = SagaFactory(slug="openai-2023", time_zone=ZONE, state="published")
    add_text(saga, "ja", title="OpenAI 経営陣の5日間")
    add_text(saga, "en", title="OpenAI's five days")
    source = SourceFactory(slug="openai-blog", title="OpenAI announces leadership transition")
    return {
        "saga": saga,
        "source": source,
        "eda": editor("eda", "Eda", "Mori"),
        "ben": editor("ben", "Ben", "Ito"),
    }


def signed_in(browser, live_site, username, *, locale="en-US"):
    """A fresh browser context (its own cookies) signed in to the admin as ``username``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))

    def console(message):
        where = message.location.get("url") or ""
        if message.type == "error" and not where.split("?")[0].endswith("/favicon.ico"):
            page.problems.append(f"console: {message.text} ({where})")

    page.on("console", console)
    page.goto(f"{live_site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    return page


def message(page) -> str:
    return page.locator("ul.messagelist").inner_text()


def add_text_row(page, *, language, headline, status, body=""):
    """Add a text row through the inline's "add another" link and fill it."""
    group = page.locator("#translations-group")
    group.locator(".add-row a").click()
    row = group.locator(".inline-related:not(.empty-form)").last
    row.locator("select[name^='translations-'][name$='-language_code']").select_option(language)
    row.locator("input[name^='translations-'][name$='-headline']").fill(headline)
    if body:
        row.locator("textarea[name^='translations-'][name$='-body']").fill(body)
    row.locator("select[name^='translations-'][name$='-status']").select_option(status)
    return row


def local(moment: dt.datetime) -> tuple[str, str]:
    """The date and time fields' values for ``moment`` in the saga's zone."""
    there = moment.astimezone(zoneinfo.ZoneInfo(ZONE))
    return there.strftime("%Y-%m-%d"), there.strftime("%H:%M:%S")


def ready_event(saga, slug="board-fires-altman"):
    event = EventFactory(saga=saga, slug=slug, state="draft", precision="day")
    add_text(event, "ja", headline="取締役会がアルトマン氏を解任", summary="取締役会が発表した。")
    add_text(event, "en", headline="The board fires Sam Altman")
    CitationFactory(event=event, source=SourceFactory(), quote="")
    return event


def test_an_editor_is_refused_publication_keeps_the_draft_cites_and_publishes(
    browser, live_site, newsroom, screenshot
):
    page = signed_in(browser, live_site, "eda")
    saga = newsroom["saga"]
    page.goto(f"{live_site}/admin/events/event/add/?saga={saga.pk}")
    page.select_option("#id_saga", str(saga.pk))
    page.fill("#id_slug", "board-fires-altman")
    page.select_option("#id_original_language", "ja")
    page.fill("#id_start_at_0", "2023-11-17")  # no time: the precision is the day
    page.select_option("#id_precision", "day")
    row = add_text_row(
        page,
        language="ja",
        headline="取締役会がアルトマン氏を解任",
        body="取締役会は**声明**で発表した。",
        status="approved",
    )
    # The Markdown preview beside the body, rendered as the page renders it.
    row.locator(".editorial-preview-body strong").wait_for()
    assert row.locator(".editorial-preview-body strong").inner_text() == "声明"
    screenshot(page, "new-event-form", full_page=True)

    page.click("button[name=_publication][value=publish]")

    page.wait_for_selector("ul.messagelist")
    assert "Saved, but not published" in message(page)
    assert "it cites no source" in message(page)
    event = Event.objects.get(slug="board-fires-altman")
    assert event.state == "draft"
    assert event.translation("ja").body == "取締役会は**声明**で発表した。"
    screenshot(page, "refused-draft-kept", full_page=True)

    citations = page.locator("#citations-group")
    citations.locator(".add-row a").click()
    citation = citations.locator(".inline-related:not(.empty-form)").last
    citation.locator(".select2-selection").click()
    page.keyboard.type("OpenAI")
    page.locator(".select2-results__option", has_text="OpenAI announces").first.click()
    page.click("button[name=_publication][value=publish]")

    page.wait_for_selector("ul.messagelist")
    assert "Saved; it is published." in message(page), message(page)
    event.refresh_from_db()
    assert event.state == "published"
    screenshot(page, "published", full_page=True)

    # The English text, approved by the editor: the English page shows it.
    add_text_row(page, language="en", headline="The board fires Sam Altman", status="approved")
    page.click("button[name=_publication][value=save]")
    page.wait_for_selector("ul.messagelist")
    page.goto(f"{live_site}/en/sagas/openai-2023/board-fires-altman/")
    assert page.locator("h1").inner_text() == "The board fires Sam Altman"
    screenshot(page, "english-page")
    assert page.problems == [], page.problems

    # The same form for a Japanese-speaking editor: buttons and notes in Japanese.
    japanese = signed_in(browser, live_site, "ben", locale="ja-JP")
    japanese.goto(f"{live_site}/admin/events/event/{event.pk}/change/")
    assert japanese.locator("button[name=_publication][value=save]").inner_text() == "変更を保存"
    screenshot(japanese, "event-form-ja", full_page=True)


def test_two_editors_on_one_event_see_the_presence_notice_and_the_conflict(
    browser, live_site, newsroom, screenshot
):
    event = ready_event(newsroom["saga"])
    url = f"{live_site}/admin/events/event/{event.pk}/change/"
    eda = signed_in(browser, live_site, "eda")
    ben = signed_in(browser, live_site, "ben")

    eda.goto(url)
    ben.goto(url)

    notice = ben.locator(".editorial-presence")
    assert notice.is_visible()
    assert "Eda Mori has had this page open since" in notice.inner_text()
    assert "PST" in notice.inner_text()
    screenshot(ben, "presence-notice")

    eda.fill("#id_slug", "eda-was-first")
    eda.click("button[name=_publication][value=save]")
    eda.wait_for_selector("ul.messagelist")

    ben.locator("#id_slug").fill("")
    ben.locator("#id_slug").press_sequentially("ben-was-second")
    ben.click("button[name=_publication][value=save]")

    errors = ben.locator(".errornote, .editorial-conflict")
    errors.first.wait_for()
    assert "Eda Mori saved a change at" in ben.content()
    assert ben.locator("#id_slug").input_value() == "ben-was-second"  # his input is kept
    assert Event.objects.get(pk=event.pk).slug == "eda-was-first"
    screenshot(ben, "conflict", full_page=True)

    # Leaving with the edit unsaved asks first.
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    ben.on("dialog", answer)
    ben.locator("#id_slug").press_sequentially("-again")
    ben.goto(f"{live_site}/admin/")
    assert dialogs == ["beforeunload"]
    assert eda.problems == [] and ben.problems == [], (eda.problems, ben.problems)


def test_schedule_and_expiry_take_effect_without_anyone_saving(
    browser, live_site, newsroom, screenshot
):
    event = ready_event(newsroom["saga"], slug="scheduled-story")
    page = signed_in(browser, live_site, "eda")
    reader = browser.new_context().new_page()
    public = f"{live_site}/ja/sagas/openai-2023/scheduled-story/"
    url = f"{live_site}/admin/events/event/{event.pk}/change/"

    # Far enough ahead for the form to be filled and the page read before it passes.
    go_live = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=15)
    page.goto(url)
    day, time = local(go_live)
    # Scheduling is rare: its section is folded until a time is set.
    assert not page.locator("#id_publish_at_0").is_visible()
    page.locator("summary", has_text="Schedule").click()
    page.fill("#id_publish_at_0", day)
    page.fill("#id_publish_at_1", time)
    page.click("button[name=_publication][value=schedule]")
    page.wait_for_selector("ul.messagelist")
    assert "Scheduled: it goes live at" in message(page), message(page)
    assert reader.goto(public).status == 404
    screenshot(page, "scheduled", full_page=True)

    assert wait_for_status(reader, public, 200)

    expiry = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=15)
    page.goto(url)
    day, time = local(expiry)
    page.fill("#id_unpublish_at_0", day)
    page.fill("#id_unpublish_at_1", time)
    page.click("button[name=_publication][value=save]")
    page.wait_for_selector("ul.messagelist")
    assert "It leaves the public site at" in message(page), message(page)
    assert reader.request.get(public).status == 200

    assert wait_for_status(reader, public, 404)
    page.goto(f"{live_site}/admin/events/event/?publication=expired")
    assert "取締役会がアルトマン氏を解任" in page.content() or "scheduled-story" in page.content()
    screenshot(page, "expired-list")


def wait_for_status(page, url, status, attempts=40) -> bool:
    """
    Ask the server for ``url`` once a second until it answers ``status`` (a scheduled time
    passes). Asked past the browser's cache, which may keep a page for a minute by design.
    """
    for _ in range(attempts):
        if page.request.get(url).status == status:
            return True
        page.wait_for_timeout(1000)
    return False
