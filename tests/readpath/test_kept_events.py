"""
The events API keeps each event's answer on its own (events.api.EventViewSet.kept_answers):
the list joins the kept JSON of its events, the detail sends its event's kept JSON. Both
must be, byte for byte and header for header, the answer built anew.
"""

import pytest
from django.core.cache import cache

from core.publishing import PublicationState
from tests.factories import EventFactory, SagaFactory, add_text

pytestmark = pytest.mark.django_db

VALIDATORS = ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Vary")


@pytest.fixture
def saga():
    saga = SagaFactory(slug="alpha")
    add_text(saga, "en", title="The alpha saga")
    for number in range(4):
        event = EventFactory(saga=saga, slug=f"event-{number}")
        add_text(event, "en", headline=f"Event number {number}")
    return saga


def answer(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content, {name: response.get(name) for name in VALIDATORS}


def built_anew(client, url, **headers):
    cache.clear()
    return answer(client, url, **headers)


def edit(event, headline, capture):
    text = event.translation("en")
    text.headline = headline
    with capture(execute=True):
        text.save()


def test_the_list_joined_from_kept_payloads_is_the_list_built_anew(
    client, saga, django_capture_on_commit_callbacks
):
    url = "/api/v1/events/?saga=alpha&lang=en&page_size=3"
    first = answer(client, url)
    assert first == built_anew(client, url)
    answer(client, url)
    edit(saga.events.order_by("start_at").first(), "Changed", django_capture_on_commit_callbacks)
    kept = answer(client, url)  # three payloads kept, one built
    assert b"Changed" in kept[0]
    assert kept == built_anew(client, url)
    gzip = {"HTTP_ACCEPT_ENCODING": "gzip"}
    assert answer(client, url, **gzip) == built_anew(client, url, **gzip)


def test_an_events_answer_is_kept_while_another_event_of_its_saga_changes(
    client, saga, django_assert_num_queries, django_capture_on_commit_callbacks
):
    shown, other = saga.events.order_by("start_at")[:2]
    url = f"/api/v1/events/{shown.pk}/?lang=en"
    before = answer(client, url)
    edit(other, "Something else", django_capture_on_commit_callbacks)  # moves saga-N
    # The stored answer's versions, the global version, the event's row, its kept answer's
    # tokens, the versions of what the answer shows: nothing of the payload is read again.
    with django_assert_num_queries(5):
        kept = answer(client, url)
    assert kept == before
    assert kept == built_anew(client, url)


def test_a_kept_events_answer_follows_its_sagas_last_change(
    client, saga, django_capture_on_commit_callbacks
):
    event = saga.events.first()
    url = f"/api/v1/events/{event.pk}/?lang=en"
    answer(client, url)
    text = saga.translation("en")
    text.title = "The alpha saga, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        text.save()
        type(saga).objects.filter(pk=saga.pk).update(updated_at=saga.updated_at.replace(year=2099))
    kept = answer(client, url)
    assert " 2099 " in kept[1]["Last-Modified"]
    assert kept == built_anew(client, url)


def test_an_event_no_longer_published_is_a_404_though_its_answer_was_kept(
    client, saga, django_capture_on_commit_callbacks
):
    event = saga.events.first()
    url = f"/api/v1/events/{event.pk}/?lang=en"
    answer(client, url)
    event.state = PublicationState.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
    assert client.get(url).status_code == 404
