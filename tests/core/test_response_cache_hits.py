"""
A stored answer carries its replies ready to send (core.response_cache.Answer): a hit must
send, header for header, what the request that built it sent, in each encoding, and its
304s must repeat the same validators.
"""

import pytest

from tests.factories import EventFactory, SagaFactory, add_text

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
UNCOMPARED = ("X-Request-ID", "Allow")


@pytest.fixture
def saga():
    saga = SagaFactory(slug="alpha")
    add_text(saga, "en", title="The alpha saga")
    for number in range(6):  # answers long enough to be gzipped
        event = EventFactory(saga=saga, slug=f"event-{number}")
        add_text(event, "en", headline=f"What happened, number {number} " * 8)
    return saga


def sent(response) -> tuple:
    # (DRF adds Allow to the stored answer it is handed, not to the one built: as before.)
    headers = {name: value for name, value in response.items() if name not in UNCOMPARED}
    return response.status_code, headers, response.content


@pytest.mark.parametrize(
    "url", ["/en/sagas/alpha/", "/api/v1/events/?saga=alpha&lang=en&utm_source=feed"]
)
@pytest.mark.parametrize("encoding", [{}, GZIP], ids=["plain", "gzip"])
def test_a_hit_sends_what_the_answer_was_built_with(client, saga, url, encoding):
    built = sent(client.get(url, **encoding))
    assert built[0] == 200
    assert ("Content-Encoding" in built[1]) == bool(encoding)
    assert "Accept-Encoding" in built[1]["Vary"]
    hit = sent(client.get(url, **encoding))
    assert hit == built


@pytest.mark.parametrize("url", ["/en/sagas/alpha/", "/api/v1/events/?saga=alpha&lang=en"])
def test_a_hits_304_repeats_the_validators_of_the_answer(client, saga, url):
    built = client.get(url, **GZIP)
    client.get(url, **GZIP)
    for condition in (
        {"HTTP_IF_NONE_MATCH": built["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": built["Last-Modified"]},
    ):
        again = client.get(url, **GZIP, **condition)
        assert again.status_code == 304
        for name in ("ETag", "Vary", "Last-Modified"):
            assert again[name] == built[name]


class ReadsSeen:
    """The cache, noting what each ``get`` returned."""

    def __init__(self, cache):
        self.cache, self.read = cache, []

    def get(self, *args, **kwargs):
        value = self.cache.get(*args, **kwargs)
        self.read.append(value)
        return value

    def __getattr__(self, name):
        return getattr(self.cache, name)


@pytest.mark.parametrize("url", ["/en/sagas/alpha/", "/api/v1/events/?saga=alpha&lang=en"])
@pytest.mark.parametrize("encoding", [{}, GZIP], ids=["plain", "gzip"])
def test_a_hit_reads_only_the_reply_it_sends(client, saga, url, encoding, monkeypatch):
    # Each encoding's answer is stored on its own: from Redis, a gzip hit on the API list
    # also fetched the 280 KB plain body beside the 30 KB it sends.
    from core import response_cache

    client.get(url, **encoding)
    seen = ReadsSeen(response_cache.cache)
    monkeypatch.setattr(response_cache, "cache", seen)

    hit = client.get(url, **encoding)

    answers = [value for value in seen.read if isinstance(value, response_cache.Answer)]
    assert len(answers) == 1
    assert answers[0].gzipped is None and answers[0].plain.body == hit.content
