"""Review as a conversation: Approve, Request changes with a comment, queues, e-mails."""

import pytest
from django.urls import reverse

from events.models import EventTranslation
from tests.translation.helpers import edit_source, fresh
from tests.translation.test_editor import edit_url, post_data
from translations.models import ReviewNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post as the browser does; e-mails leave once the save commits, as outside a test."""

    def send(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return send


@pytest.fixture
def english(fired, team):
    row = EventTranslation.objects.get(event=fired, language_code="en")
    row.status, row.updated_by = "in_review", team["translator"]
    row.save()
    for user in team.values():
        user.email = f"{user.username}@example.org"
        user.save()
    return row


def test_a_reviewer_sees_approve_and_request_changes_on_a_text_in_review(as_user, english):
    page = as_user("reviewer").get(edit_url(english)).content.decode()

    assert 'name="_approve"' in page and 'name="_request_changes"' in page
    assert 'name="review_comment"' in page


def test_a_translator_gets_no_review_buttons(as_user, english):
    page = as_user("translator").get(edit_url(english)).content.decode()

    assert 'name="_approve"' not in page and 'name="_request_changes"' not in page


def test_requesting_changes_without_a_comment_is_refused_and_nothing_changes(
    post, as_user, english
):
    response = post(
        as_user("reviewer"),
        edit_url(english),
        {**post_data(english), "_request_changes": "1", "review_comment": " "},
    )

    assert response.status_code == 200
    assert "Say what needs to change" in response.content.decode()
    assert fresh(english).status == "in_review"
    assert not ReviewNote.objects.exists()


def test_requesting_changes_sends_the_text_back_with_the_comment_to_its_translator(
    post, as_user, team, english, mailoutbox
):
    response = post(
        as_user("reviewer"),
        edit_url(english),
        {
            **post_data(english),
            "_request_changes": "1",
            "review_comment": "Say “ousts”, as the Japanese does.",
        },
    )

    assert response.status_code == 302
    assert fresh(english).status == "draft"
    note = ReviewNote.objects.get()
    assert (note.decision, note.author, note.addressed_to) == (
        "changes_requested",
        team["reviewer"],
        team["translator"],
    )
    assert [m.to for m in mailoutbox] == [["tr-en@example.org"]]
    assert "Say “ousts”" in mailoutbox[0].body
    assert "OpenAI board fires Altman" in mailoutbox[0].subject
    # The translator reads the comment on the text, and finds it on the admin home.
    translator = as_user("translator")
    page = translator.get(edit_url(english)).content.decode()
    assert "rv-en asked for changes" in page and "Say “ousts”, as the Japanese does." in page
    home = translator.get(reverse("admin:index")).content.decode()
    assert 'id="returned-to-me"' in home and "OpenAI board fires Altman" in home


def test_resubmitting_tells_the_reviewers_and_clears_the_returned_queue(
    post, as_user, team, english, mailoutbox
):
    reviewer = as_user("reviewer")
    post(
        reviewer,
        edit_url(english),
        {**post_data(english), "_request_changes": "1", "review_comment": "Fix the verb."},
    )
    mailoutbox.clear()
    translator = as_user("translator")
    row = fresh(english)
    post(
        translator,
        edit_url(row),
        post_data(row, headline="OpenAI board ousts Altman", status="in_review"),
    )

    assert fresh(english).status == "in_review"
    assert [m.to for m in mailoutbox] == [["rv-en@example.org"]]
    assert 'id="returned-to-me"' not in translator.get(reverse("admin:index")).content.decode()
    home = as_user("reviewer").get(reverse("admin:index")).content.decode()
    assert 'id="awaiting-my-review"' in home and "OpenAI board ousts Altman" in home


def test_approving_records_the_decision_and_tells_the_translator(
    post, as_user, team, english, mailoutbox
):
    response = post(
        as_user("reviewer"),
        edit_url(english),
        {**post_data(english), "_approve": "1", "review_comment": ""},
    )

    assert response.status_code == 302
    row = fresh(english)
    assert (row.status, row.reviewed_by) == ("approved", team["reviewer"])
    assert ReviewNote.objects.get().decision == "approved"
    assert [m.to for m in mailoutbox] == [["tr-en@example.org"]]


def test_a_translator_cannot_approve_by_pressing_the_button(post, as_user, english, mailoutbox):
    post(as_user("translator"), edit_url(english), {**post_data(english), "_approve": "1"})

    assert fresh(english).status == "in_review"
    assert not ReviewNote.objects.exists()


def test_a_reviewer_of_another_language_gets_no_queue_and_no_mail(
    post, as_user, make_user, client, english, mailoutbox
):
    japanese_reviewer = make_user("rv-ja", "Reviewers", "ja")
    client.force_login(japanese_reviewer)

    home = client.get(reverse("admin:index")).content.decode()

    assert 'id="awaiting-my-review"' not in home
    response = post(client, edit_url(english), {**post_data(english), "_approve": "1"})
    assert response.status_code in {302, 404}
    assert fresh(english).status == "in_review"


def test_a_translator_reopening_a_stale_approved_text_does_not_see_approved_chosen(
    as_user, fired, english
):
    english.status = "approved"
    english.save()
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")

    form = as_user("translator").get(edit_url(english)).context["form"]

    assert form.initial["status"] == "in_review"


def test_the_queue_and_the_decision_name_who_submitted_the_text_not_a_later_saver(
    post, as_user, team, fired, mailoutbox
):
    team["translator"].first_name, team["translator"].last_name = "Tomo", "Ueda"
    team["translator"].save()
    row = EventTranslation.objects.get(event=fired, language_code="en")
    row.status = "draft"
    row.save()
    post(as_user("translator"), edit_url(row), post_data(fresh(row), status="in_review"))
    # An editor fixes a typo in the text while it waits for review: they become its last
    # saver, not its translator.
    post(
        as_user("editor"),
        edit_url(row),
        post_data(fresh(row), headline="OpenAI board fires Altman!"),
    )
    assert fresh(row).status == "in_review" and fresh(row).updated_by == team["editor"]

    home = as_user("reviewer").get(reverse("admin:index")).content.decode()
    queue = home.split('id="awaiting-my-review"')[1].split("</table>")[0]
    assert "Submitted by Tomo Ueda" in queue
    assert "desk" not in queue

    post(
        as_user("reviewer"),
        edit_url(row),
        {**post_data(fresh(row)), "_request_changes": "1", "review_comment": "Drop the “!”."},
    )
    note = ReviewNote.objects.latest_per_row().get()
    assert (note.decision, note.addressed_to) == ("changes_requested", team["translator"])
    assert (
        'id="returned-to-me"' in as_user("translator").get(reverse("admin:index")).content.decode()
    )
