"""manage.py check_sources against a local web server: what each answer does to a source."""

import contextlib
import datetime as dt
import http.server
import socket
import threading
import time
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sources.linkcheck import CheckResult, Outcome, check_url, source_record_check
from sources.models import Availability, Source
from tests.factories import CitationFactory, EventFactory, SagaFactory, SourceFactory

pytestmark = pytest.mark.django_db

SLOW_SECONDS = 8
TIMEOUT = "2"
REDIRECTS = {"/moved": (301, "/ok"), "/loop": (302, "/loop")}


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers by path; records each (method, path) it was asked for."""

    requests: list[tuple[str, str]] = []

    def answer(self):
        self.requests.append((self.command, self.path))
        path = urlsplit(self.path).path
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            status = 200
        elif path == "/no-head":
            status = 405 if self.command == "HEAD" else 200
        elif path == "/head-lies":
            status = 404 if self.command == "HEAD" else 200
        elif path in REDIRECTS:
            self.send_response(REDIRECTS[path][0])
            self.send_header("Location", REDIRECTS[path][1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        elif path == "/hang-up":
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        else:
            status = 200 if path == "/ok" else int(path.strip("/"))
        body = b"<!doctype html><title>page</title>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    do_GET = do_HEAD = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    """A web server on 127.0.0.1 with an ephemeral port; yields a URL maker."""
    Handler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield lambda path: f"http://127.0.0.1:{server.server_port}{path}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone-server"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("check_sources", *args, "--timeout", TIMEOUT, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def availability(source):
    source.refresh_from_db()
    return source.availability


@pytest.mark.parametrize(
    ("path", "outcome"),
    [
        ("/ok", Outcome.ONLINE),
        ("/204", Outcome.ONLINE),
        ("/moved", Outcome.ONLINE),
        ("/no-head", Outcome.ONLINE),
        ("/head-lies", Outcome.ONLINE),
        ("/404", Outcome.GONE),
        ("/410", Outcome.GONE),
        ("/403", Outcome.REFUSED),
        ("/429", Outcome.REFUSED),
        ("/500", Outcome.FAILED),
        ("/503", Outcome.FAILED),
        ("/loop", Outcome.FAILED),
        ("/hang-up", Outcome.FAILED),
        ("/slow", Outcome.FAILED),
    ],
)
def test_each_kind_of_answer_is_classified(web, path, outcome):
    assert check_url(web(path), timeout=float(TIMEOUT)).outcome is outcome


def test_a_closed_port_is_a_failed_check_not_a_removal(closed_port_url):
    result = check_url(closed_port_url, timeout=float(TIMEOUT))

    assert result.outcome is Outcome.FAILED
    assert result.status is None


def test_head_is_tried_first_and_get_only_when_head_is_refused(web):
    check_url(web("/ok"), timeout=5)
    check_url(web("/no-head"), timeout=5)

    assert Handler.requests == [("HEAD", "/ok"), ("HEAD", "/no-head"), ("GET", "/no-head")]


def test_a_run_records_availability_and_when_it_was_checked(web):
    online = SourceFactory(url=web("/ok"))
    gone = SourceFactory(url=web("/410"), availability=Availability.LIVE)
    not_found = SourceFactory(url=web("/404"))
    before = timezone.now()

    out, _err = run()

    assert availability(online) == Availability.LIVE
    assert availability(gone) == Availability.REMOVED
    assert availability(not_found) == Availability.REMOVED
    for source in (online, gone, not_found):
        assert source.availability_checked_at >= before
    assert f"No longer online: {gone.slug}" in out
    assert "Checked 3 source(s): 1 online, 2 gone (404/410)" in out


def test_network_errors_time_outs_and_server_errors_never_remove_a_source_at_once(
    web, closed_port_url
):
    sources = [
        SourceFactory(url=url, availability=Availability.LIVE)
        for url in (web("/500"), web("/slow"), closed_port_url, web("/loop"))
    ]

    out, _err = run()

    for source in sources:
        assert availability(source) == Availability.LIVE
        assert source.check_failures == 1
        assert source.availability_checked_at is None
    assert "4 unreachable this time" in out
    assert "0 newly marked no longer online" in out


def test_a_refusal_of_the_checker_records_nothing(web):
    source = SourceFactory(url=web("/403"))

    out, _err = run()

    source.refresh_from_db()
    assert (source.availability, source.check_failures, source.availability_checked_at) == (
        Availability.UNKNOWN,
        0,
        None,
    )
    assert "1 refused the checker" in out


def test_repeated_failures_spread_over_days_mark_a_source_removed(settings):
    settings.SOURCE_CHECK_FAILURES_BEFORE_REMOVED = 3
    settings.SOURCE_CHECK_FAILING_DAYS_BEFORE_REMOVED = 7
    source = SourceFactory(availability=Availability.LIVE)
    failed = CheckResult(Outcome.FAILED, "HTTP 503", 503)
    start = timezone.now()

    changes = [
        source_record_check(source_id=source.pk, result=failed, now=start + dt.timedelta(days=d))
        for d in (0, 1, 2, 6, 7)
    ]

    # Three failures within two days are not enough; the streak must also last a week.
    assert changes == [None, None, None, None, Availability.REMOVED]
    source.refresh_from_db()
    assert source.check_failures == 5
    assert source.check_failing_since == start
    assert source.availability_checked_at == start + dt.timedelta(days=7)


def test_many_failures_in_one_afternoon_never_remove_a_source(settings):
    settings.SOURCE_CHECK_FAILURES_BEFORE_REMOVED = 3
    source = SourceFactory(availability=Availability.LIVE)
    failed = CheckResult(Outcome.FAILED, "timed out")
    start = timezone.now()

    for minutes in range(0, 240, 10):
        source_record_check(
            source_id=source.pk, result=failed, now=start + dt.timedelta(minutes=minutes)
        )

    assert availability(source) == Availability.LIVE
    assert source.check_failures == 24


def test_an_answer_ends_a_failure_streak(web):
    source = SourceFactory(url=web("/ok"), check_failures=2, check_failing_since=timezone.now())

    run()

    source.refresh_from_db()
    assert (source.availability, source.check_failures, source.check_failing_since) == (
        Availability.LIVE,
        0,
        None,
    )


def test_recording_a_check_leaves_the_editors_version_and_fields_alone():
    source = SourceFactory(title="Report", note="Call the press office")
    version = source.version

    source_record_check(source_id=source.pk, result=CheckResult(Outcome.ONLINE, "HTTP 200", 200))

    source.refresh_from_db()
    assert (source.version, source.title) == (version, "Report")
    assert source.note == "Call the press office"
    assert source.availability == Availability.LIVE


def test_sources_without_a_web_address_are_skipped_and_counted(web):
    SourceFactory(url=None)
    SourceFactory(url="ftp://files.example.org/statement.txt")
    SourceFactory(url=web("/ok"))

    out, _err = run()

    assert "Checked 1 source(s)" in out
    assert "Skipped 2 without a web address" in out


def test_removed_sources_are_left_alone_unless_asked(web):
    source = SourceFactory(url=web("/ok"), availability=Availability.REMOVED)

    run()
    assert availability(source) == Availability.REMOVED

    run("--include-removed")
    assert availability(source) == Availability.LIVE


def test_older_than_checks_only_sources_not_checked_recently(web):
    fresh = SourceFactory(
        url=web("/404?fresh"),
        availability=Availability.LIVE,
        availability_checked_at=timezone.now() - dt.timedelta(hours=1),
    )
    old = SourceFactory(
        url=web("/ok?old"), availability_checked_at=timezone.now() - dt.timedelta(days=10)
    )
    never = SourceFactory(url=web("/ok?never"))

    out, _err = run("--older-than", "7d")

    assert availability(fresh) == Availability.LIVE
    assert availability(old) == Availability.LIVE
    assert availability(never) == Availability.LIVE
    assert "Checked 2 source(s)" in out


def test_saga_limits_the_run_to_the_sources_it_cites(web):
    saga = SagaFactory(slug="openai-2023")
    cited = CitationFactory(event=EventFactory(saga=saga), source__url=web("/ok")).source
    CitationFactory(event=EventFactory(saga=saga), source=cited)
    other = SourceFactory(url=web("/ok?other"))

    out, _err = run("--saga", "openai-2023")

    assert availability(cited) == Availability.LIVE
    assert availability(other) == Availability.UNKNOWN
    assert "Checked 1 source(s)" in out


def test_progress_goes_to_stderr(web):
    for n in range(3):
        SourceFactory(url=web(f"/ok?{n}"))

    _out, err = run("--workers", "2")

    assert "Checking sources: 3/3" in err


def test_checks_run_concurrently_but_never_above_the_worker_limit(web):
    sources = [SourceFactory(url=web(f"/ok?{n}")) for n in range(6)]
    active, peak, lock = 0, 0, threading.Lock()
    # Each request waits for a second one to arrive: with two workers they always pair up.
    pairs = threading.Barrier(2)
    original = Handler.answer

    def paired(handler):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        with contextlib.suppress(threading.BrokenBarrierError):
            pairs.wait(timeout=5)
        with lock:
            active -= 1
        original(handler)

    Handler.do_HEAD = Handler.do_GET = paired
    try:
        call_command("check_sources", "--workers", "2", stdout=StringIO(), stderr=StringIO())
    finally:
        Handler.do_HEAD = Handler.do_GET = original

    assert peak == 2
    for source in sources:
        assert availability(source) == Availability.LIVE


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--workers", "0"], "--workers must be between 1 and 32; got 0."),
        (["--workers", "500"], "--workers must be between 1 and 32; got 500."),
        (["--timeout", "0"], "--timeout must be more than 0"),
        (["--timeout", "nan"], "--timeout must be more than 0"),
        (["--older-than", "a week"], "--older-than takes a number and a unit"),
        (["--older-than", "7"], "--older-than takes a number and a unit"),
        (["--saga", "no-such-saga"], "There is no saga with the slug “no-such-saga”."),
    ],
)
def test_bad_options_stop_the_command_with_a_reason_and_change_nothing(web, args, reason):
    source = SourceFactory(url=web("/404"))

    with pytest.raises(CommandError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        call_command("check_sources", *args, stdout=StringIO(), stderr=StringIO())

    assert availability(source) == Availability.UNKNOWN
    assert Handler.requests == []
    assert Source.objects.filter(availability_checked_at__isnull=False).count() == 0


def test_an_interrupted_run_keeps_the_checks_it_recorded(web, monkeypatch):
    sources = [SourceFactory(url=web(f"/ok?{n}")) for n in range(4)]
    record = source_record_check
    calls = 0

    def interrupt_on_the_third(**kwargs):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return record(**kwargs)

    monkeypatch.setattr("sources.linkcheck.source_record_check", interrupt_on_the_third)

    with pytest.raises(CommandError, match="Interrupted after 2 of 4 sources"):
        run("--workers", "1")

    assert sorted(availability(source) for source in sources).count(Availability.LIVE) == 2


def test_verbose_runs_name_every_source_that_was_not_online(web):
    source = SourceFactory(url=web("/503"))

    out, _err = run("--verbosity", "2")

    assert f"failed: {source.slug}: HTTP 503" in out


@pytest.mark.parametrize("count", [2, 6])
def test_a_run_writes_each_source_in_a_fixed_number_of_queries(
    web, count, django_assert_max_num_queries
):
    for n in range(count):
        SourceFactory(url=web(f"/500?{n}"))

    # One read of the sources, then per source its own transaction (a savepoint inside the
    # test's): lock and read the row, write it.
    with django_assert_max_num_queries(1 + 4 * count):
        run()
