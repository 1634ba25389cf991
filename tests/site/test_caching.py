"""Public pages: cached per language and content version, ETag/Last-Modified, 304s."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import EventFactory, add_text
from tests.scenarios import utc
from tests.site.helpers import page

pytestmark = pytest.mark.django_db

FIRED = "/en/sagas/openai-2023/altman-fired/"


def test_public_pages_carry_an_etag_and_last_modified_and_may_be_cached(client, story):
    response = client.get(FIRED)

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_matching_etag_is_answered_with_304(client, story):
    etag = client.get(FIRED)["ETag"]

    response = client.get(FIRED, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_an_unchanged_page_since_last_modified_is_answered_with_304(client, story):
    last_modified = client.get(FIRED)["Last-Modified"]

    assert client.get(FIRED, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_cached_page_is_served_with_one_query_for_the_versions_of_what_it_shows(
    client, story, django_assert_num_queries
):
    first = client.get(FIRED)

    with django_assert_num_queries(1):
        second = client.get(FIRED)

    assert second.content == first.content


def test_each_language_has_its_own_cached_page(client, story):
    client.get(FIRED)

    assert "<h1>取締役会がアルトマン氏を解任</h1>" in page(
        client.get(FIRED.replace("/en/", "/ja/"))
    )


def test_saving_content_invalidates_cached_pages(client, story, django_capture_on_commit_callbacks):
    before = client.get(FIRED)
    english = story.fired.translation("en")
    english.headline = "The board removes Altman"

    with django_capture_on_commit_callbacks(execute=True):
        english.save()
    after = client.get(FIRED, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert "<h1>The board removes Altman</h1>" in page(after)
    assert after["ETag"] != before["ETag"]


def test_deleting_content_invalidates_cached_pages(
    client, story, django_capture_on_commit_callbacks
):
    client.get("/en/sagas/openai-2023/")

    with django_capture_on_commit_callbacks(execute=True):
        story.letter.delete()

    assert 'id="event-staff-letter"' not in page(client.get("/en/sagas/openai-2023/"))


def test_a_scheduled_publication_shows_up_once_its_time_has_come(client, story, monkeypatch):
    assert 'id="event-scheduled-event"' not in page(client.get("/ja/sagas/openai-2023/"))
    later = timezone.now() + dt.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert 'id="event-scheduled-event"' in page(client.get("/ja/sagas/openai-2023/"))


def test_staff_responses_are_private_and_never_read_from_the_shared_cache(client, editor, story):
    client.get(FIRED)  # now cached for anonymous readers
    english = story.fired.translation("en")
    english.headline = "Changed without a commit hook"
    english.save()  # the test transaction never commits, so the cache is not told
    client.force_login(editor)

    staff_view = client.get(FIRED)

    assert "<h1>Changed without a commit hook</h1>" in page(staff_view)
    assert "private" in staff_view["Cache-Control"] and "no-store" in staff_view["Cache-Control"]
    assert not staff_view.has_header("ETag")


def test_staff_responses_are_never_stored_for_readers(client, editor, story):
    client.force_login(editor)
    client.get("/en/sagas/openai-2023/altman-fired/?preview=1")
    client.get(FIRED)
    client.logout()

    reader_view = page(client.get(FIRED))

    assert "preview-banner" not in reader_view


def test_not_found_pages_are_not_cached(client, story):
    """A cached 404 could hide an event published a moment later."""
    assert client.get("/en/sagas/openai-2023/late-event/").status_code == 404
    # Created without a commit hook: only an uncached 404 lets the page appear.
    event = EventFactory(saga=story.saga, slug="late-event", start_at=utc(2023, 11, 22))
    add_text(event, "ja", headline="後から追加")

    assert client.get("/en/sagas/openai-2023/late-event/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("path", ["/en/sagas/openai-2023/", "/ja/search/?q=x", "/en/sources/"])
def test_public_pages_are_read_only(client, story, method, path):
    response = getattr(client, method)(path)

    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD"]
