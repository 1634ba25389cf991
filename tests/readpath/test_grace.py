"""
The response cache's grace (issue 15, the live goal): for a moment after a change, readers
get the answer it replaced while ONE request has the new one built once its own reply is
sent, in its process's rebuilding thread, so no reader queues behind the rebuild, not even
that one; past the grace, or for an answer that missed more than one change, nobody gets the
previous answer.

Requests go through Django's WSGI handler as a server calls it: the server sends the reply,
then closes the response, which is when the new answer is handed to the rebuilding thread.
Each change is committed (transactional tests), as an editor's save is.
"""

import io
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler

from core.response_cache import wait_for_rebuilds
from tests.admin_forms import form_data
from tests.factories import EventFactory, SagaFactory, add_text

pytestmark = pytest.mark.django_db(transaction=True)

TIMELINE = "/en/sagas/alpha/"
API_LIST = "/api/v1/events/"


@pytest.fixture
def grace(settings):
    """A grace far longer than any test: what is served within it does not hang on timing."""
    settings.SAGA_ANSWER_GRACE_SECONDS = 600
    return settings


@pytest.fixture
def event():
    saga = SagaFactory(slug="alpha")
    add_text(saga, "en", title="The alpha saga")
    event = EventFactory(saga=saga, slug="alpha-event")
    add_text(event, "en", headline="First headline")
    return event


class Reply:
    """A reply as a WSGI server gets it: sent first, closed afterwards."""

    def __init__(self, path: str, query: str, script_name: str = ""):
        environ = {
            "SCRIPT_NAME": script_name,
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
        }
        self.headers = {}

        def start_response(status, headers, exc_info=None):
            self.status = int(status.split()[0])
            self.headers = dict(headers)

        self.response = WSGIHandler()(environ, start_response)
        self.body = b"".join(self.response).decode()

    def close(self) -> None:
        self.response.close()


def read(path: str, query: str = "saga=alpha&lang=en", script_name: str = "") -> Reply:
    reply = Reply(path, query, script_name)
    reply.close()
    return reply


def rename(event, headline: str) -> None:
    text = event.translation("en")
    text.headline = headline
    text.save()  # its own transaction: committed


@pytest.mark.parametrize("path", [TIMELINE, API_LIST])
def test_within_the_grace_readers_get_the_previous_answer_and_one_builds_the_new_one(
    grace, event, path, django_assert_num_queries
):
    for _ in range(2):
        assert "First headline" in read(path).body

    rename(event, "Second headline")

    first = Reply(path, "saga=alpha&lang=en")  # sent, not yet closed: building the new one
    assert first.status == 200 and "First headline" in first.body
    # Replaced already: no edge cache keeps it.
    assert first.headers["Surrogate-Control"] == "no-store"
    second = Reply(path, "saga=alpha&lang=en")
    assert "First headline" in second.body
    with django_assert_num_queries(0):  # it leaves the building to the first
        second.close()
    with django_assert_num_queries(0):  # which hands it to the rebuilding thread
        first.close()
    wait_for_rebuilds()

    with django_assert_num_queries(1):  # the new answer, as stored: only versions are read
        fresh = read(path)
    assert "Second headline" in fresh.body and "First headline" not in fresh.body
    assert "Surrogate-Control" not in fresh.headers


def test_the_rebuilding_thread_builds_in_the_readers_language_and_script_prefix(grace, event):
    add_text(event.saga, "ja", title="アルファ")
    add_text(event, "ja", headline="最初の見出し")
    timeline = "/ja/sagas/alpha/"
    read(timeline, "", "/news")
    text = event.translation("ja")
    text.headline = "二番目の見出し"
    text.save()

    assert "最初の見出し" in read(timeline, "", "/news").body  # in its grace
    wait_for_rebuilds()
    rebuilt = read(timeline, "", "/news")

    assert "二番目の見出し" in rebuilt.body and "Surrogate-Control" not in rebuilt.headers
    assert 'lang="ja"' in rebuilt.body
    assert 'href="/news/ja/sagas/alpha/' in rebuilt.body
    assert 'href="/ja/' not in rebuilt.body


def test_an_answer_that_missed_two_changes_is_never_served(grace, event):
    read(TIMELINE)
    rename(event, "Second headline")
    rename(event, "Third headline")  # since when the stored answer is stale is not known

    assert "Third headline" in read(TIMELINE).body


def test_past_the_grace_the_reader_gets_the_new_answer(settings, event):
    settings.SAGA_ANSWER_GRACE_SECONDS = 0.2
    read(TIMELINE)
    rename(event, "Second headline")
    time.sleep(0.3)

    assert "Second headline" in read(TIMELINE).body


def test_without_a_grace_the_first_reader_after_a_change_gets_the_new_answer(settings, event):
    settings.SAGA_ANSWER_GRACE_SECONDS = 0
    read(TIMELINE)
    rename(event, "Second headline")

    assert "Second headline" in read(TIMELINE).body


def test_a_save_through_the_admin_is_one_change_dated_as_it_commits(
    grace, story, client, django_user_model
):
    # One change: had the save moved the versions twice, when the stored answer went stale
    # would not be known and the first reader would wait for the new one.
    client.force_login(django_user_model.objects.create_superuser("desk", password="pw-1"))
    timeline = "/en/sagas/openai-2023/"
    before = story.fired.translation("en").headline
    assert before in read(timeline, "").body
    url = f"/admin/events/event/{story.fired.pk}/change/"
    data = form_data(client, url)
    field = next(k for k, v in data.items() if k.endswith("-headline") and v == before)
    data[field] = "Saved in the admin"
    assert client.post(url, data).status_code == 302

    assert before in read(timeline, "").body  # in its grace, and the new one is built
    wait_for_rebuilds()
    assert "Saved in the admin" in read(timeline, "").body
