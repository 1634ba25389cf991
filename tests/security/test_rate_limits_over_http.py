"""
Findings 2 and 3 over HTTP, against gunicorn with two workers behind one proxy that appends
the client's address to X-Forwarded-For (DJANGO_BEHIND_TLS_PROXY, DJANGO_TLS_PROXY_COUNT=1).

- Rate limits hold across workers (their counters are shared: a database table here, as
  with the default settings), and what a client writes into X-Forwarded-For itself does not
  give it a fresh bucket; the public pages are limited too.
- Log-in lock-outs count the client's address, not the proxy's: an attacker locks only
  themselves out, the editor logging in from elsewhere is not.
"""

import pytest

from tests.http_client import HttpClient
from tests.security.server import gunicorn

API_LIMIT, PAGE_LIMIT = 8, 12


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with gunicorn(
        tmp_path_factory.mktemp("rate-limits"),
        workers=2,
        DJANGO_BEHIND_TLS_PROXY="true",
        DJANGO_TLS_PROXY_COUNT="1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        SAGA_API_ANON_RATE=f"{API_LIMIT}/hour",
        SAGA_PAGE_ANON_RATE=f"{PAGE_LIMIT}/hour",
        SAGA_LOGIN_FAILURE_LIMIT="3",
    ) as running:
        yield running


class BehindProxy(HttpClient):
    """A client whose real ``address`` the proxy appends to X-Forwarded-For."""

    def __init__(self, base: str, address: str):
        super().__init__(base, headers={"X-Forwarded-For": address})
        self.address = address

    def forging(self, forged: str) -> dict[str, str]:
        """The headers of a request whose X-Forwarded-For the client began with ``forged``."""
        return {"X-Forwarded-For": f"{forged}, {self.address}"} if forged else {}


def statuses(client, path, times):
    return [
        client.get(path, headers=client.forging(f"198.51.100.{n}, 10.0.0.{n}")).status
        for n in range(times)
    ]


def test_the_api_limit_holds_across_workers_and_forged_addresses(site):
    base, access_log = site
    answers = statuses(BehindProxy(base, "203.0.113.7"), "/api/v1/sagas/", API_LIMIT * 3)
    assert answers.count(200) == API_LIMIT
    assert answers[API_LIMIT:] == [429] * (API_LIMIT * 2)
    served_by = {pid for pid, _status, path in access_log() if path == "/api/v1/sagas/"}
    assert len(served_by) == 2, "both workers answered"
    # Another client (another real address) still has its own allowance.
    assert BehindProxy(base, "203.0.113.8").get("/api/v1/sagas/").status == 200


def test_the_public_pages_are_limited_too(site):
    base, access_log = site
    answers = statuses(BehindProxy(base, "203.0.113.9"), "/robots.txt", PAGE_LIMIT * 2)
    assert answers.count(200) == PAGE_LIMIT
    assert answers[PAGE_LIMIT:] == [429] * PAGE_LIMIT
    status, headers, _body = BehindProxy(base, "203.0.113.9").get("/robots.txt")
    assert status == 429 and int(headers["Retry-After"]) > 0
    served_by = {pid for pid, _status, path in access_log() if path == "/robots.txt"}
    assert len(served_by) == 2


def log_in(client, password, forged=""):
    return client.log_in(password=password, headers=client.forging(forged)).status


def test_an_attacker_locks_out_only_their_own_address(site):
    base, _access_log = site
    attacker = BehindProxy(base, "203.0.113.66")
    # Each attempt forges another address in front of its own: it must not help.
    attempts = [log_in(attacker, "wrong", forged=f"192.0.2.{n}") for n in range(3)]
    assert attempts == [200, 200, 429]  # the form again with an error; locked at the limit
    assert log_in(attacker, "desk-password-1", forged="192.0.2.99") == 429  # locked out
    editor = BehindProxy(base, "198.51.100.20")
    assert log_in(editor, "desk-password-1") == 302  # the editor is not
