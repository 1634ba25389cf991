"""When the database cannot be reached: a plain 503, logged once, and back by itself."""

import logging
import shutil
import sqlite3

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core import middleware
from tests.faults.faults import TcpProxy, running_server
from tests.http_client import get

ADMIN_INDEX = reverse("admin:index")


@pytest.fixture(autouse=True)
def _no_outage_in_progress():
    middleware.outage.__init__()
    yield
    middleware.outage.__init__()


class DatabaseSwitch:
    """Make every new cursor fail as a dropped connection does, until switched back on."""

    def __init__(self, monkeypatch):
        self.monkeypatch, self.faults = monkeypatch, 0

    def off(self):
        def refuse(*args, **kwargs):
            self.faults += 1
            raise connection.Database.OperationalError(
                "connection to server at 127.0.0.1 failed: Connection refused"
            )

        self.monkeypatch.setattr(connection, "create_cursor", refuse)

    def on(self):
        self.monkeypatch.undo()


@pytest.fixture
def database(db):
    # Its own MonkeyPatch, undone before the test database is rolled back.
    with pytest.MonkeyPatch.context() as patch:
        switch = DatabaseSwitch(patch)
        yield switch
        switch.on()


@pytest.fixture
def browser(db, editor):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    return client


def test_an_unreachable_database_gets_a_plain_503_page(browser, database):
    database.off()

    response = browser.get(ADMIN_INDEX)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Temporarily unavailable</h1>" in response.text
    assert "it was not saved" in response.text
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text
    assert "Content-Security-Policy" in response
    assert database.faults >= 1


def test_the_503_page_is_in_the_readers_language(browser, database):
    database.off()

    response = browser.get(ADMIN_INDEX, HTTP_ACCEPT_LANGUAGE="ja")

    assert '<html lang="ja">' in response.text
    assert "一時的にご利用いただけません" in response.text


def test_programs_get_the_503_as_json(browser, database):
    database.off()

    response = browser.get(ADMIN_INDEX, HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response.json() == {
        "detail": "The service is temporarily unavailable. Try again shortly."
    }


def test_even_with_debug_on_an_outage_shows_no_traceback(browser, database, settings):
    settings.DEBUG = True
    database.off()

    response = browser.get(ADMIN_INDEX)

    assert response.status_code == 503
    assert "Traceback" not in response.text


def test_the_site_answers_again_as_soon_as_the_database_is_back(browser, database):
    database.off()
    assert browser.get(ADMIN_INDEX).status_code == 503

    database.on()

    assert browser.get(ADMIN_INDEX).status_code == 200


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(browser, database, caplog):
    caplog.set_level(logging.INFO, logger="core.middleware")
    database.off()
    statuses = [browser.get(ADMIN_INDEX).status_code for _ in range(3)]
    database.on()
    statuses.append(browser.get(ADMIN_INDEX).status_code)
    statuses.append(browser.get(ADMIN_INDEX).status_code)

    assert statuses == [503, 503, 503, 200, 200]
    messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in messages] == ["ERROR", "WARNING"]
    assert messages[0][1] == "Database unreachable; answering 503 until it is back."
    assert caplog.records[0].exc_info is not None
    assert messages[1][1].endswith("3 request(s) were answered 503.")


class FailBeforeTheView:
    """A middleware whose own database access fails (as a session save after a view can)."""

    error = connection.Database.OperationalError

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import OperationalError

        if request.path == "/admin/login/":
            raise OperationalError("server closed the connection unexpectedly")
        if request.path == "/admin/logout/":
            raise ValueError("a bug")
        return self.get_response(request)


@pytest.fixture
def failing_middleware(settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.faults.test_database_outage.FailBeforeTheView",
    ]


def test_an_outage_outside_any_view_also_gets_the_503(db, failing_middleware):
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get("/admin/login/")

    assert response.status_code == 503
    assert "<h1>Temporarily unavailable</h1>" in response.text


def test_other_errors_get_a_500_without_a_traceback(db, failing_middleware):
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get(
        "/admin/logout/"
    )

    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert "a bug" not in response.text


def test_a_broken_500_template_gives_way_to_a_plain_page(db, failing_middleware, settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"500.html": "{% url 'nowhere' %}"})
                ]
            },
        }
    ]

    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get(
        "/admin/logout/"
    )

    assert response.status_code == 500
    assert "<h1>Server Error (500)</h1>" in response.text


# ------------------------------------------------------------------------------
# A real server, a real outage: the database goes away under gunicorn and comes back.
# ------------------------------------------------------------------------------


def server_environment(database_url, *, conn_max_age):
    return {
        "DATABASE_URL": database_url,
        "DJANGO_CONN_MAX_AGE": str(conn_max_age),
        # DEBUG on serves the admin's static files without collectstatic; the outage page
        # must still be the plain one, and is.
        "DJANGO_DEBUG": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def outage_cycle(base, cookies, cut, restore):
    """Return the statuses of the admin index: up, cut off (twice), back (twice)."""
    statuses, pages = [], []
    for phase in ("up", "down", "down", "back", "back"):
        if phase == "down" and pages[-1:] != ["down"]:
            cut()
        if phase == "back" and pages[-1:] == ["down"]:
            restore()
        status, headers, body = get(
            base + ADMIN_INDEX,
            cookies=cookies,
            headers={"Accept": "text/html"},
            follow_redirects=True,
        )
        statuses.append(status)
        pages.append(phase)
        if status == 503:
            assert headers["Retry-After"] == "30"
            assert "<h1>Temporarily unavailable</h1>" in body
            assert "Traceback" not in body
        elif status == 200:
            assert "Editorial desk" in body  # the admin index, named for the newsroom
    return statuses


def assert_logged_once(log_path):
    log = log_path.read_text()
    assert log.count("Database unreachable; answering 503 until it is back.") == 1, log
    assert log.count("Database reachable again") == 1, log


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite outage")
def test_a_real_server_survives_its_sqlite_file_going_away(transactional_db, editor, tmp_path):
    browser = Client()
    browser.force_login(editor)
    path = tmp_path / "site.sqlite3"
    with sqlite3.connect(path) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    aside = tmp_path / "aside.sqlite3"

    def cut():
        path.rename(aside)
        path.mkdir()  # where the file was, nothing SQLite can open

    def restore():
        shutil.rmtree(path)
        aside.rename(path)

    env = server_environment(f"sqlite:///{path}", conn_max_age=0)
    cookies = {"sessionid": browser.cookies["sessionid"].value}
    with running_server(env, tmp_path / "server.log") as base:
        statuses = outage_cycle(base, cookies, cut, restore)

    assert statuses == [200, 503, 503, 200, 200]
    assert_logged_once(tmp_path / "server.log")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL outage")
@pytest.mark.parametrize("conn_max_age", [0, 60])
def test_a_real_server_survives_postgresql_going_away(
    transactional_db, editor, tmp_path, conn_max_age
):
    browser = Client()
    browser.force_login(editor)
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.restore()
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{user}@127.0.0.1:{proxy.port}/{db['NAME']}"
    try:
        env = server_environment(url, conn_max_age=conn_max_age)
        with running_server(env, tmp_path / "server.log") as base:
            statuses = outage_cycle(
                base, {"sessionid": browser.cookies["sessionid"].value}, proxy.cut, proxy.restore
            )
    finally:
        proxy.cut()

    assert statuses == [200, 503, 503, 200, 200]
    assert_logged_once(tmp_path / "server.log")
