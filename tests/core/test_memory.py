"""Memory is handed back to the system after a large answer (core.memory)."""

import pytest
from django.core.signals import request_finished
from django.http import HttpResponse
from django.test import RequestFactory

from core import memory

# Sending request_finished also runs Django's own receivers, which close old connections.
pytestmark = pytest.mark.django_db


@pytest.fixture
def trims(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "malloc_trim", lambda pad: calls.append(pad))
    return calls


def serve(body: bytes) -> None:
    middleware = memory.ReleaseMemoryAfterLargeAnswersMiddleware(lambda request: HttpResponse(body))
    response = middleware(RequestFactory().get("/"))
    response.close()  # what the server does once the answer is sent: request_finished


def test_after_a_large_answer_is_sent_freed_memory_is_returned_once(trims):
    serve(b"x" * memory.LARGE_ANSWER_BYTES)
    assert trims == [0]

    request_finished.send(sender=None)  # the next request's end, with nothing large
    assert trims == [0]


def test_after_an_ordinary_answer_nothing_is_done(trims):
    serve(b"x" * (memory.LARGE_ANSWER_BYTES - 1))

    assert trims == []
