"""Gzip for shared answers (core.compression): public pages and anonymous API reads."""

import gzip

import pytest
from django.urls import reverse

from core import compression
from tests.scenarios import long_saga

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}  # what Chrome sends


@pytest.fixture
def saga():
    return long_saga(30)


def addresses(saga) -> list[str]:
    event = saga.events.first()
    return [
        reverse("events:saga", kwargs={"slug": saga.slug}),
        f"/api/v1/events/?saga={saga.slug}",
        f"/api/v1/events/{event.pk}/",
        f"/api/v1/sagas/{saga.slug}/timelinejs/",
    ]


def test_shared_answers_are_gzipped_for_a_client_that_asks(client, saga):
    for url in addresses(saga):
        plain = client.get(url)
        zipped = client.get(url, **GZIP)

        assert zipped["Content-Encoding"] == "gzip", url
        assert gzip.decompress(zipped.content) == plain.content, url
        assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content), url
        assert zipped["ETag"] == f"W/{plain['ETag']}", url
        assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in zipped["Vary"], url


def test_a_client_that_does_not_ask_gets_the_answer_as_it_is(client, saga):
    for url in addresses(saga):
        response = client.get(url, HTTP_ACCEPT_ENCODING="identity")

        assert not response.has_header("Content-Encoding"), url
        assert response.content.startswith((b"<!doctype", b"{")), url


def test_the_weak_etag_of_the_gzipped_answer_gets_a_304(client, saga):
    for url in addresses(saga):
        etag = client.get(url, **GZIP)["ETag"]

        assert client.get(url, HTTP_IF_NONE_MATCH=etag, **GZIP).status_code == 304, url


def test_answers_for_a_signed_in_person_are_never_compressed(editor_client, saga):
    for url in addresses(saga):
        response = editor_client.get(url, **GZIP)

        assert response.status_code == 200, url
        assert not response.has_header("Content-Encoding"), url


def test_an_answer_is_compressed_once_while_its_content_stays_the_same(client, saga, monkeypatch):
    # The response cache keeps each answer with its gzip: a second reader gets the same bytes.
    calls = []
    real = compression.compress_string  # the one compressor, for kept and unkept answers
    monkeypatch.setattr(compression, "compress_string", lambda b: calls.append(1) or real(b))
    url = f"/api/v1/sagas/{saga.slug}/timelinejs/"

    first, second = client.get(url, **GZIP), client.get(url, **GZIP)

    assert first.content == second.content
    assert len(calls) == 1
