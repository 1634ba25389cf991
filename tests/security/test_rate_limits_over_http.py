"""
Findings 2 and 3 over HTTP, against gunicorn with two workers behind one proxy that appends
the client's address to X-Forwarded-For (DJANGO_BEHIND_TLS_PROXY, DJANGO_TLS_PROXY_COUNT=1).

- Rate limits hold across workers (their counters are shared: a database table here, as
  with the default settings), and what a client writes into X-Forwarded-For itself does not
  give it a fresh bucket; the public pages are limited too.
- Log-in lock-outs count the client's address, not the proxy's: an attacker locks only
  themselves out, the editor logging in from elsewhere is not.
"""

import re
from urllib.parse import urlencode

import pytest

from tests.security.server import Browser, gunicorn

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


def statuses(browser, path, times):
    return [browser.request(path, forged=f"198.51.100.{n}, 10.0.0.{n}")[0] for n in range(times)]


def test_the_api_limit_holds_across_workers_and_forged_addresses(site):
    base, access_log = site
    answers = statuses(Browser(base, "203.0.113.7"), "/api/v1/sagas/", API_LIMIT * 3)
    assert answers.count(200) == API_LIMIT
    assert answers[API_LIMIT:] == [429] * (API_LIMIT * 2)
    served_by = {pid for pid, _status, path in access_log() if path == "/api/v1/sagas/"}
    assert len(served_by) == 2, "both workers answered"
    # Another client (another real address) still has its own allowance.
    assert Browser(base, "203.0.113.8").request("/api/v1/sagas/")[0] == 200


def test_the_public_pages_are_limited_too(site):
    base, access_log = site
    answers = statuses(Browser(base, "203.0.113.9"), "/robots.txt", PAGE_LIMIT * 2)
    assert answers.count(200) == PAGE_LIMIT
    assert answers[PAGE_LIMIT:] == [429] * PAGE_LIMIT
    status, headers, _body = Browser(base, "203.0.113.9").request("/robots.txt")
    assert status == 429 and int(headers["Retry-After"]) > 0
    served_by = {pid for pid, _status, path in access_log() if path == "/robots.txt"}
    assert len(served_by) == 2


def log_in(browser, password, forged=""):
    _status, _headers, page = browser.request("/admin/login/", forged=forged)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = urlencode(
        {"csrfmiddlewaretoken": token, "username": "desk", "password": password}
    ).encode()
    return browser.request(
        "/admin/login/?next=/admin/",
        data=data,
        forged=forged,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )[0]


def test_an_attacker_locks_out_only_their_own_address(site):
    base, _access_log = site
    attacker = Browser(base, "203.0.113.66")
    # Each attempt forges another address in front of its own: it must not help.
    attempts = [log_in(attacker, "wrong", forged=f"192.0.2.{n}") for n in range(3)]
    assert attempts == [200, 200, 429]  # the form again with an error; locked at the limit
    assert log_in(attacker, "desk-password-1", forged="192.0.2.99") == 429  # locked out
    editor = Browser(base, "198.51.100.20")
    assert log_in(editor, "desk-password-1") == 302  # the editor is not
