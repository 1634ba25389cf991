"""The benchmark harness's own parts, without running wrk or gunicorn."""

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from bench import report, run, wrk
from bench.endpoints import BASELINE, ENDPOINTS_BY_KEY, Endpoint
from bench.live import LiveResult, format_live
from bench.probe import count_queries, endpoint_path, saga_placeholders
from bench.report import DatabaseResult, Measurement, RunInfo, WorkerMemory
from bench.synthetic import synthetic_saga_create
from bench.urls import BASELINE_BODY
from bench.wrk import Load, WrkError, parse_wrk
from events.models import Event

WRK_REPORT = """\
Running 15s test @ http://127.0.0.1:8110/bench/baseline/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     8.57ms    8.41ms  94.95ms   93.86%
    Req/Sec   392.00    152.63   696.00     67.50%
  Latency Distribution
     50%    6.75ms
     75%    9.47ms
     90%   13.86ms
     99%   51.02ms
  11572 requests in 15.02s, 28.11MB read
Requests/sec:    770.44
Transfer/sec:      1.87MB
"""

SLOW_REPORT_WITH_ERRORS = """\
Running 15s test @ http://127.0.0.1:8110/ja/sagas/bench/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21s   300.00ms   2.50s    70.00%
    Req/Sec     3.00      1.00     6.00     80.00%
  Latency Distribution
     50%  980.00us
     75%    1.30s
     90%    1.80s
     99%    2.10s
  96 requests in 15.01s, 9.60MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:      6.40
Transfer/sec:    655.00KB
"""


# ------------------------------------------------------------------------------
# wrk
# ------------------------------------------------------------------------------


def test_wrk_report_is_read_into_throughput_and_percentiles():
    load = parse_wrk(WRK_REPORT)

    assert load == Load(
        requests_per_second=770.44, p50_ms=6.75, p99_ms=51.02, requests=11572, failed=0
    )


def test_wrk_units_are_converted_and_failures_counted():
    load = parse_wrk(SLOW_REPORT_WITH_ERRORS)

    assert load.p50_ms == pytest.approx(0.98)
    assert load.p99_ms == pytest.approx(2100)
    assert load.failed == 4 + 1 + 2
    assert load.requests == 96


def test_an_unreadable_wrk_report_is_an_error_not_a_zero():
    with pytest.raises(WrkError, match="Requests/sec"):
        parse_wrk(WRK_REPORT.replace("Requests/sec", "Requests per second"))


def test_wrk_runs_at_concurrency_8_with_latency_statistics():
    command = wrk.wrk_command("http://127.0.0.1:8110/x/", duration=15)

    assert command[:5] == ["wrk", "-c8", "-t2", "-d15s", "--latency"]
    assert command[-3:] == [
        "--header",
        "Accept-Encoding: gzip, deflate, br, zstd",
        "http://127.0.0.1:8110/x/",
    ]


# ------------------------------------------------------------------------------
# Baseline view and probe (inside Django)
# ------------------------------------------------------------------------------


def test_the_baseline_body_is_2_kb_of_json():
    assert len(BASELINE_BODY) == 2048
    assert json.loads(BASELINE_BODY)["baseline"] is True


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.mark.django_db
def test_the_baseline_view_answers_without_touching_the_database(
    bench_urls, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/bench/baseline/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == BASELINE_BODY


@pytest.mark.django_db
def test_the_probe_resolves_and_counts_an_endpoint(bench_urls, client):
    synthetic_saga_create(slug="probe", events=12, seed=5)
    placeholders = saga_placeholders("probe")

    baseline = count_queries(client, endpoint_path(ENDPOINTS_BY_KEY[BASELINE], placeholders))

    assert baseline == {"path": "/bench/baseline/", "status": 200, "queries": 0}


@pytest.mark.parametrize(
    ("endpoint", "reason"),
    [
        (
            Endpoint("x", "x", url_name="events:no-such-page"),
            "no route named “events:no-such-page”",
        ),
        (Endpoint("x", "x", path="/nowhere/{saga}/?page=2"), "no route for /nowhere/probe/"),
    ],
)
def test_the_probe_says_which_route_is_missing(bench_urls, endpoint, reason):
    with pytest.raises(LookupError) as error:
        endpoint_path(endpoint, {"saga": "probe", "event": "e", "event_id": "1"})

    assert str(error.value) == reason


@pytest.mark.django_db
def test_the_probe_picks_a_published_event_in_the_middle_of_the_timeline():
    synthetic_saga_create(slug="probe", events=30, seed=5)

    placeholders = saga_placeholders("probe")

    event = Event.objects.get(saga__slug="probe", slug=placeholders["event"])
    assert event.is_public()
    assert placeholders["event_id"] == str(event.pk)
    with pytest.raises(LookupError, match="no published events"):
        saga_placeholders("no-such-saga")


# ------------------------------------------------------------------------------
# Ratios, goals and the results file
# ------------------------------------------------------------------------------


def loaded(endpoint, mode, rps, p50=10.0, p99=40.0, memory=None):
    load = Load(rps, p50, p99, int(rps * 15), 0)
    return Measurement(endpoint, mode, f"/{endpoint}/", load, memory=memory or WorkerMemory(60, 50))


RUN = RunInfo(
    date="2026-01-02 03:04 UTC",
    commit="abc1234",
    machine="Machine: test CPU · 2 cores",
    method="Method: test",
    sizes=(200, 10_000),
    cores=2,
)


@pytest.fixture
def result():
    return DatabaseResult(
        name="SQLite 3.40",
        measurements=[
            loaded(BASELINE, "cold", 1000, p50=5, p99=20),
            loaded("timeline", "cold", 50, p50=150, p99=400),
            loaded("api_list", "cold", 20),
            Measurement("event", "cold", problem="missing: no route named “events:event”"),
            loaded(BASELINE, "warm", 800),
            loaded("timeline", "warm", 600, memory=WorkerMemory(120, 110)),
        ],
        queries={
            BASELINE: {200: 0, 10_000: 0},
            "timeline": {200: 7, 10_000: 7},
            "api_list": {200: 5, 10_000: 6},
            "event": {200: "missing", 10_000: "missing"},
        },
        generate_seconds=21.5,
    )


def verdicts(result, run_info=RUN):
    return {goal.label: goal.judge(result, run_info) for goal in report.GOALS}


def test_ratios_compare_with_the_baseline_of_the_same_cache_mode(result):
    assert result.ratio("timeline", "cold") == pytest.approx(0.05)
    assert result.ratio("timeline", "warm") == pytest.approx(0.75)
    assert result.ratio("event", "cold") is None


def test_goals_pass_fail_by_how_much_or_say_why_they_were_not_measured(result):
    judged = verdicts(result)

    assert str(judged["uncached timeline page ≥ 0.05 × baseline"]) == "pass: 0.050"
    assert str(judged["uncached API: list of 50 events ≥ 0.05 × baseline"]) == (
        "FAIL: 0.020, 60% below the goal"
    )
    assert str(judged["uncached event page ≥ 0.1 × baseline"]) == (
        "missing: no route named “events:event”"
    )
    assert str(judged["cached timeline page ≥ 0.5 × baseline"]) == "pass: 0.750"
    assert judged["`generate_saga --events 10000` under 60 s"].passed is True
    assert judged["`loaddata openai_2023` under 3 s"].passed is None
    assert str(judged["a worker under 150 MB RSS after the run"]) == "pass: 110 MB (timeline)"


def test_the_live_goals_judge_the_live_run_against_the_cached_baseline(result):
    assert verdicts(result)["live: readers' p99 ≤ 50 ms"].passed is None

    result.live = report.LiveFigures(reads_per_second=200, p99_ms=75, stale=0, reads=12_000)
    judged = verdicts(result)

    assert str(judged["live: readers ≥ 0.3 × cached baseline, one admin save a second"]) == (
        "FAIL: 0.250 (200 reads/s), 17% below the goal"
    )
    assert str(judged["live: readers' p99 ≤ 50 ms"]) == "FAIL: 75 ms, 50% above"
    assert (
        str(judged["live: no read showing a value replaced more than 1 s earlier"])
        == "pass: 0 of 12000"
    )


def test_query_counts_must_not_grow_with_the_saga_nor_pass_the_ceiling(result):
    judged = verdicts(result)
    constant = judged["queries per request identical on the small and the large saga"]

    assert str(constant) == "FAIL: api_list 5 → 6"
    assert str(judged["no endpoint above 12 queries uncached"]) == "pass: most: timeline with 7"
    result.queries["timeline"] = {200: 13, 10_000: 13}
    assert verdicts(result)["no endpoint above 12 queries uncached"].passed is False


def test_the_generation_goal_is_only_judged_at_10000_events(result):
    small_run = RunInfo(**{**RUN.__dict__, "sizes": (100, 1000)})

    verdict = verdicts(result, small_run)["`generate_saga --events 10000` under 60 s"]

    assert verdict.passed is None


def test_the_results_section_holds_the_table_ratios_queries_and_goals(result):
    section = report.format_run([result], RUN)

    assert section.startswith("## 2026-01-02 03:04 UTC · commit abc1234")
    assert "| timeline page | off | 50.0 | 0.050 | 150 | 30.0 | 400 | 20.0 | 7 | 7 |" in section
    assert "| API: TimelineJS export | on | not run |" in section
    assert "| event page | off | missing: no route named “events:event” |" in section
    assert "`generate_saga --events 10000`: 21.5 s" in section
    assert (
        "largest worker: 110 MB after the run (peak 120 MB), timeline page with the cache on"
        in (section)
    )
    assert "| uncached timeline page ≥ 0.05 × baseline | pass: 0.050 |" in section


def test_a_figure_served_by_fewer_workers_than_the_run_had_is_marked(result):
    result.measurements[1].idle_workers = 1  # the uncached timeline

    section = report.format_run([result], RUN)

    assert "| timeline page | off | 50.0 ‡ | 0.050 |" in section
    assert "‡ A worker used under a tenth of a core during that run" in section
    assert section.count("‡") == 2


def test_no_mark_when_every_worker_served(result):
    assert "‡" not in report.format_run([result], RUN)


def test_a_worker_is_idle_when_it_used_under_a_tenth_of_a_core():
    before = {101: 5.0, 102: 5.0}
    after = {101: 12.9, 102: 5.7, 103: 0.5}  # 103: started during the run, barely used

    assert run.idle_workers(before, after, seconds=8) == 2
    assert run.idle_workers(before, {101: 12.9, 102: 12.0}, seconds=8) == 0


def test_a_machine_without_two_cores_is_pointed_out(result):
    section = report.format_run([result], RunInfo(**{**RUN.__dict__, "cores": 8}))

    assert "The goals assume 2 cores; this machine has 8." in section


def test_results_are_appended_under_one_header(tmp_path, result):
    path = tmp_path / "RESULTS.md"

    report.append_results(path, report.format_run([result], RUN))
    report.append_results(path, report.format_run([result], RUN))

    text = path.read_text()
    assert text.count("# Benchmark results") == 1
    assert text.count("## 2026-01-02 03:04 UTC") == 2


# ------------------------------------------------------------------------------
# The driver's decisions
# ------------------------------------------------------------------------------


def test_postgresql_is_benchmarked_in_its_own_database_when_database_url_is_set(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saga_cms")

    found = run.targets(run.parse_args([]))

    assert [t.engine for t in found] == ["SQLite", "PostgreSQL"]
    assert found[1].url == "postgres://postgres@127.0.0.1:5432/saga_bench"
    assert [t.engine for t in run.targets(run.parse_args(["--sqlite-only"]))] == ["SQLite"]


def test_without_database_url_only_sqlite_is_benchmarked(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert [t.engine for t in run.targets(run.parse_args([]))] == ["SQLite"]


def test_the_small_saga_must_be_smaller_than_the_large_one(capsys):
    with pytest.raises(SystemExit):
        run.parse_args(["--events", "100", "--small", "200"])

    assert "--small must be at least 1 and smaller than --events" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("entry", "finding", "problem"),
    [
        ({"path": "/x/", "status": 200, "queries": 4}, 4, ""),
        ({"path": "/x/", "status": 404, "queries": 2}, "HTTP 404", "HTTP 404"),
        (
            {"missing": "no route named “events:saga”"},
            "missing",
            "missing: no route named “events:saga”",
        ),
        ({"path": "/x/", "error": "ValueError: boom"}, "error", "error: ValueError: boom"),
    ],
)
def test_probe_entries_become_query_counts_or_reasons_not_to_load(entry, finding, problem):
    assert run.probe_finding(entry) == finding
    assert run.probe_problem(entry) == problem


def bench_settings(**environment) -> dict:
    """Return a few of the benchmark server's settings, read in a fresh process."""
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'urls': s.ROOT_URLCONF, "
        "'cache': s.CACHES['default']['BACKEND'], 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'throttles': s.REST_FRAMEWORK.get('DEFAULT_THROTTLE_CLASSES'), "
        "'database': str(s.DATABASES['default']['NAME']), "
        "'database_options': s.DATABASES['default'].get('OPTIONS', {})}))"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("BENCH_")}
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", **environment)
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=run.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(output.stdout)


def test_the_server_runs_production_settings_on_plain_http_with_the_cache_of_its_mode():
    cold = bench_settings(BENCH_CACHE="off", DJANGO_DEBUG="true")
    warm = bench_settings(BENCH_CACHE="on")

    assert cold["debug"] is False
    assert cold["urls"] == "bench.urls"
    assert cold["ssl_redirect"] is False
    assert cold["throttles"] == []
    assert cold["database"].endswith("bench/out/bench.sqlite3")
    # The database connection as in production: SQLite in WAL mode (readers never wait for
    # the admin's write), a writer waiting its turn rather than failing.
    assert cold["database_options"] == {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    assert cold["cache"] == "django.core.cache.backends.dummy.DummyCache"
    assert warm["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_an_endpoint_too_slow_to_finish_a_request_fails_its_goal_and_says_so(result):
    result.measurements.append(Measurement("event", "warm", "/e/", Load(0.0, 0.0, 0.0, 0, 0)))

    section = report.format_run([result], RUN)

    assert "| event page | on | no request completed | 0.000 |" in section
    assert str(verdicts(result)["cached event page ≥ 0.5 × baseline"]) == (
        "FAIL: 0.000, 100% below the goal"
    )


def test_the_live_run_reports_what_each_worker_used():
    """How evenly the readers' connections were spread shows in each worker's CPU."""
    result = LiveResult(seconds=40, reads=400, latencies=[0.01] * 400, worker_cpu=[27.25, 36.9])
    args = SimpleNamespace(workers=2, worker_threads=4, live_readers=8)

    line = format_live("SQLite", "local memory", result, args)[0]

    assert result.server_cpu == pytest.approx(64.15)
    assert "the server's workers 64.2 s (27.2 + 36.9)" in line
    assert "the server's workers" not in format_live("SQLite", "x", LiveResult(40), args)[0]
