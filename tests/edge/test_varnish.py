"""
Debian's Varnish with deploy/varnish/default.vcl in front of a real gunicorn, on loopback:
pages come from Varnish, an edit through the admin purges exactly what showed it (the next
read is fresh), an unrelated saga's pages stay cached; staff pass, anonymous cookies are
dropped, language and encoding are part of what is cached.
"""

import gzip
import http.client
import socket
import subprocess

import pytest
from django.test import override_settings

from core.edge_cache import purge_keys
from tests.conftest import free_port
from tests.edge.desk import api_events, retitle_event
from tests.edge.stack import DEFAULT_VCL, VARNISHD, running_varnish
from tests.faults.faults import manage, running_server
from tests.http_client import get, signed_in

pytestmark = pytest.mark.skipif(
    VARNISHD is None, reason="varnishd is not installed (Debian: varnish varnish-modules)"
)


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """
    gunicorn (its own SQLite database with two sagas) behind Varnish. One worker: the
    app's own page cache is then in its memory, as it would be in a shared Redis.
    """
    tmp = tmp_path_factory.mktemp("edge")
    varnish_port = free_port()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp / 'site.sqlite3'}",
        "CACHE_URL": None,
        "REDIS_URL": None,
        # DEBUG serves the admin's files without collectstatic.
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "SAGA_EDGE_PURGER": "varnish-xkey",
        "SAGA_EDGE_VARNISH_URLS": f"http://127.0.0.1:{varnish_port}",
    }
    manage(env, "migrate", "--no-input", "-v0")
    for slug, seed in (("alpha", "1"), ("beta", "2")):
        manage(env, "generate_saga", "--events", "12", "--slug", slug, "--seed", seed, "-v0")
    manage(env, "create_editor", "--username", "desk", "--password", "desk-password-1")
    # Varnish's port stays taken while gunicorn picks one of its own.
    holder = socket.create_server(("127.0.0.1", varnish_port))
    with running_server(env, tmp / "gunicorn.log", workers=1) as app:
        holder.close()
        with running_varnish(tmp, [app], port=varnish_port) as varnish:
            yield {"app": app, "varnish": varnish, "log": tmp / "gunicorn.log"}


def read(edge, path, **headers):
    return get(edge["varnish"] + path, headers=headers)


def warm(edge, *paths):
    """Read each page until Varnish serves it from its cache."""
    for path in paths:
        read(edge, path)
        answer = read(edge, path)
        assert answer.headers["X-Cache"] == "hit", (path, answer.status, dict(answer.headers))


def test_a_page_is_served_from_varnish(edge):
    first = read(edge, "/en/sagas/alpha/")
    second = read(edge, "/en/sagas/alpha/")

    assert first.status == second.status == 200
    assert first.headers["X-Cache"] == "miss"
    assert second.headers["X-Cache"] == "hit"
    assert "Age" in second.headers
    assert second.body == first.body
    # The keys are for caches: readers do not get them.
    assert not {"xkey", "Cache-Tag", "Surrogate-Key"} & set(second.headers)


def test_the_app_names_the_keys_and_lets_shared_caches_keep_the_page(edge):
    answer = get(edge["app"] + "/en/sagas/alpha/")

    assert "s-maxage=" in answer.headers["Cache-Control"]
    assert "stale-while-revalidate=" in answer.headers["Cache-Control"]
    keys = answer.headers["xkey"].split()
    assert keys == answer.headers["Surrogate-Key"].split()
    assert answer.headers["Cache-Tag"].split(",") == keys


def test_an_admin_edit_purges_its_pages_and_leaves_another_sagas_cached(edge):
    alpha_event = api_events(edge["app"], "alpha")[0]
    beta_event = api_events(edge["app"], "beta")[0]
    alpha = ["/en/sagas/alpha/", "/ja/sagas/alpha/", f"/en/sagas/alpha/{alpha_event['slug']}/"]
    beta = ["/en/sagas/beta/", "/ja/sagas/beta/", f"/en/sagas/beta/{beta_event['slug']}/"]
    warm(edge, *alpha, *beta)

    # Through Varnish, as editors work: the admin passes.
    retitle_event(signed_in(edge["varnish"]), alpha_event["id"], "en", "Fresh headline, edited")

    timeline = read(edge, "/en/sagas/alpha/")
    assert timeline.headers["X-Cache"] == "miss"
    assert "Fresh headline, edited" in timeline.body
    event_page = read(edge, alpha[2])
    assert "Fresh headline, edited" in event_page.body
    assert read(edge, "/ja/sagas/alpha/").headers["X-Cache"] == "miss"
    for path in beta:
        assert read(edge, path).headers["X-Cache"] == "hit", path


def test_a_ban_drops_the_answers_carrying_a_key(edge):
    beta_keys = get(edge["app"] + "/en/sagas/beta/").headers["xkey"].split()
    saga_key = next(key for key in beta_keys if key.startswith("saga-"))
    warm(edge, "/en/sagas/beta/", "/en/sagas/alpha/")

    with override_settings(
        SAGA_EDGE_PURGER="varnish-ban", SAGA_EDGE_VARNISH_URLS=[edge["varnish"]]
    ):
        assert purge_keys(frozenset({saga_key}))

    assert read(edge, "/en/sagas/beta/").headers["X-Cache"] == "miss"
    assert read(edge, "/en/sagas/alpha/").headers["X-Cache"] == "hit"


def test_signed_in_staff_are_never_served_from_the_cache(edge):
    warm(edge, "/en/sagas/alpha/")
    editor = signed_in(edge["app"])
    session = editor.cookie("sessionid")

    answer = read(edge, "/en/sagas/alpha/", Cookie=f"sessionid={session}")

    assert answer.headers["X-Cache"] == "pass"
    assert "private" in answer.headers["Cache-Control"]
    assert "s-maxage" not in answer.headers["Cache-Control"]


def test_anonymous_readers_cookies_are_dropped(edge):
    warm(edge, "/en/sagas/alpha/")

    answer = read(edge, "/en/sagas/alpha/", Cookie="csrftoken=abc; django_language=ja")

    assert answer.headers["X-Cache"] == "hit"
    assert "Set-Cookie" not in answer.headers


def test_the_language_is_part_of_what_is_cached(edge):
    english = read(edge, "/api/v1/events/?saga=alpha", **{"Accept-Language": "en-US,en;q=0.8"})
    japanese = read(edge, "/api/v1/events/?saga=alpha", **{"Accept-Language": "ja,en;q=0.5"})
    again = read(edge, "/api/v1/events/?saga=alpha", **{"Accept-Language": "en"})

    assert '"language":"en"' in english.body.replace(" ", "")
    assert '"language":"ja"' in japanese.body.replace(" ", "")
    assert again.headers["X-Cache"] == "hit"
    assert again.body == english.body


def test_the_encoding_is_part_of_what_is_cached(edge):
    warm(edge, "/en/sagas/alpha/")
    connection = http.client.HTTPConnection(edge["varnish"].removeprefix("http://"), timeout=30)
    connection.request("GET", "/en/sagas/alpha/", headers={"Accept-Encoding": "gzip"})
    zipped = connection.getresponse()
    body = zipped.read()
    connection.request("GET", "/en/sagas/alpha/", headers={"Accept-Encoding": "identity"})
    plain = connection.getresponse()

    assert zipped.headers["Content-Encoding"] == "gzip"
    assert plain.headers.get("Content-Encoding") is None
    # Two answers of the same page (each render has a fresh nonce of its own).
    for page in (gzip.decompress(body).decode(), plain.read().decode()):
        assert page.startswith("<!doctype html>")
        assert "alpha" in page.lower()


def test_only_allowed_addresses_may_purge(edge):
    # The VCL's purgers are 127.0.0.1 only: a request from 127.0.0.2 is refused.
    host, port = edge["varnish"].removeprefix("http://").split(":")
    for method, header in (("PURGE", "xkey-purge"), ("BAN", "X-Ban-Keys")):
        outsider = http.client.HTTPConnection(
            host, int(port), timeout=30, source_address=("127.0.0.2", 0)
        )
        outsider.request(method, "/", headers={header: "sagas"})
        assert outsider.getresponse().status == 403
    insider = http.client.HTTPConnection(host, int(port), timeout=30)
    insider.request("PURGE", "/", headers={"xkey-purge": "sagas"})
    assert insider.getresponse().status == 200


def test_the_shipped_site_vcl_template_compiles_with_the_policy(tmp_path):
    done = subprocess.run(
        [
            VARNISHD,
            "-C",
            "-n",
            str(tmp_path / "varnish"),
            "-p",
            f"vcl_path={DEFAULT_VCL.parent}",
            "-f",
            str(DEFAULT_VCL),
        ],
        capture_output=True,
        text=True,
    )

    assert done.returncode == 0, done.stderr[-2000:]
