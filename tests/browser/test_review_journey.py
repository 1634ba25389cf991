"""
The review journey in a real browser: a translator translates an event and submits it, the
reviewer asks for changes with a comment, the translator reads it and fixes the text, the
reviewer approves, the English page shows it; the editor then edits the original and the
translator sees the word diff. Screenshots of the review screen go to SAGA_SCREENSHOTS.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from accounts.models import LanguageAssignment
from events.models import EventTranslation
from tests.browser.conftest import _is_favicon
from tests.factories import CitationFactory, EventFactory, SagaFactory, add_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "journey-password-1"


def person(username, group, *languages):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    for code in languages:
        LanguageAssignment.objects.create(user=user, language_code=code)
    return user


@pytest.fixture
def newsroom(newsroom_roles):
    saga = SagaFactory(slug="openai-2023", original_language="ja")
    add_text(saga, "ja", title="OpenAI 経営陣の5日間")
    add_text(saga, "en", title="OpenAI's five days")
    event = EventFactory(saga=saga, slug="altman-fired", original_language="ja")
    add_text(
        event,
        "ja",
        headline="取締役会、アルトマン氏を解任",
        summary="取締役会はサム・アルトマンCEOの解任を発表した。",
    )
    CitationFactory(event=event, quote="i loved my time at openai.")
    return {
        "event": event,
        "editor": person("desk", "Editors"),
        "translator": person("tr-en", "Translators", "en"),
        "reviewer": person("rv-en", "Reviewers", "en"),
    }


@pytest.fixture
def sign_in(browser, live_site):
    """Return a function opening a browser page signed in as ``username`` (English admin)."""
    contexts, problems = [], []

    def console(username, message):
        where = message.location.get("url")
        if message.type == "error" and not _is_favicon(where):
            problems.append(f"{username}: {message.text} ({where})")

    def open_as(username, locale="en-US"):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale=locale, base_url=live_site
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"{username}: {error}"))
        page.on("console", lambda message: console(username, message))
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    open_as.problems = problems
    yield open_as
    for context in contexts:
        context.close()


def test_a_translation_goes_through_review_as_a_conversation(newsroom, sign_in, screenshot):
    event = newsroom["event"]

    def shoot(page, name):
        screenshot(page, name, full_page=True)

    # The translator translates the event and submits it for review.
    translator = sign_in("tr-en")
    translator.goto(f"/admin/events/eventtranslation/add/?event={event.pk}&language_code=en")
    assert "取締役会、アルトマン氏を解任" in translator.inner_text(".field-headline")
    translator.fill("#id_headline", "Board fires Altman")
    translator.fill("#id_summary", "The board announced that it had fired CEO Sam Altman.")
    translator.check("input[name=status][value=in_review]")
    translator.click("input[name=_save]")
    row = EventTranslation.objects.get(event=event, language_code="en")
    assert row.status == "in_review"
    assert [m.to for m in mail.outbox] == [["rv-en@example.org"]]

    # The reviewer finds it in their queue and asks for changes, with a comment.
    reviewer = sign_in("rv-en")
    queue = reviewer.locator("#awaiting-my-review")
    assert "Board fires Altman" in queue.inner_text()
    queue.get_by_role("link", name="Board fires Altman").click()
    shoot(reviewer, "review-screen")
    reviewer.click("input[name=_request_changes]")  # no comment yet: refused
    assert "Say what needs to change" in reviewer.inner_text(".field-review_comment")
    reviewer.fill("#id_review_comment", "Name the company: “fires OpenAI CEO Sam Altman”.")
    shoot(reviewer, "review-screen-comment")
    reviewer.click("input[name=_request_changes]")
    reviewer.wait_for_url("**/admin/")
    assert "back to its translator" in reviewer.inner_text(".messagelist")
    assert EventTranslation.objects.get(pk=row.pk).status == "draft"
    assert mail.outbox[-1].to == ["tr-en@example.org"]

    # The translator sees the text returned, reads the comment on it and fixes the text.
    translator.goto("/admin/")
    returned = translator.locator("#returned-to-me")
    assert "Name the company" in returned.inner_text()
    returned.get_by_role("link", name="Board fires Altman").click()
    assert "rv-en asked for changes" in translator.inner_text(".review-request")
    shoot(translator, "returned-to-translator")
    translator.fill("#id_headline", "OpenAI board fires CEO Sam Altman")
    translator.check("input[name=status][value=in_review]")
    translator.click("input[name=_save]")
    assert EventTranslation.objects.get(pk=row.pk).status == "in_review"

    # The reviewer approves; the English page shows the translation.
    reviewer.goto("/admin/")
    reviewer.locator("#awaiting-my-review").get_by_role(
        "link", name="OpenAI board fires CEO Sam Altman"
    ).click()
    assert "Name the company" in reviewer.inner_text(".review-conversation")
    shoot(reviewer, "review-screen-second-round")
    # The same screen in the Japanese interface: every word of the review in Japanese.
    reviewer_ja = sign_in("rv-en", locale="ja-JP")
    reviewer_ja.goto(f"/admin/events/eventtranslation/{row.pk}/change/")
    assert reviewer_ja.locator("input[name=_approve]").get_attribute("value") == "承認する"
    assert "レビューのやり取り" in reviewer_ja.inner_text(".review-conversation")
    assert "Django" not in reviewer_ja.inner_text("#header")
    shoot(reviewer_ja, "review-screen-ja")
    reviewer.click("input[name=_approve]")
    reviewer.wait_for_url("**/admin/")
    assert EventTranslation.objects.get(pk=row.pk).status == "approved"
    reviewer.goto("/en/sagas/openai-2023/altman-fired/")
    assert "OpenAI board fires CEO Sam Altman" in reviewer.inner_text("h1")

    # The editor edits the original; the translator sees what changed, word by word.
    editor = sign_in("desk")
    source = EventTranslation.objects.get(event=event, language_code="ja")
    editor.goto(f"/admin/events/eventtranslation/{source.pk}/change/")
    editor.fill("#id_headline", "OpenAI取締役会、金曜日にアルトマン氏を解任")
    editor.click("input[name=_save]")
    translator.goto(f"/admin/events/eventtranslation/{row.pk}/change/")
    diff = translator.locator(".field-headline .translation-diff")
    assert diff.locator("ins").all_inner_texts() == ["OpenAI", "金曜日に"]
    assert diff.locator("del").count() == 0
    assert translator.locator("input[name=status][value=approved]").is_checked() is False
    shoot(translator, "stale-translation-diff")
    assert sign_in.problems == []
