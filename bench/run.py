"""
Run the benchmark (``bench/run.sh`` calls this with the project's virtualenv).

For each database (SQLite always; PostgreSQL as well when DATABASE_URL points at a server):
create a fresh database, migrate, generate a small and a large synthetic saga, time
``loaddata openai_2023``, count each endpoint's SQL queries on both sagas, then for each
cache mode (off, on) start gunicorn and drive every endpoint with wrk. The results are
printed as Markdown and appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.endpoints import BASELINE, ENDPOINTS
from bench.live import format_live, live_run
from bench.report import (
    EDITED_ENDPOINTS,
    MODES,
    DatabaseResult,
    LiveFigures,
    Measurement,
    RunInfo,
    WorkerMemory,
    append_results,
    format_run,
)
from bench.wrk import ACCEPT_ENCODING, WrkError, run_wrk

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
SMALL_SAGA, LARGE_SAGA = "bench-small", "bench"
FIXTURE = "openai_2023"


class BenchError(RuntimeError):
    """The run cannot go on; the message says why."""


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.sh",
        description="Benchmark saga_cms and append the results to bench/RESULTS.md.",
    )
    parser.add_argument("--events", type=int, default=10_000, help="Large saga (default 10000).")
    parser.add_argument("--small", type=int, default=200, help="Small saga (default 200).")
    parser.add_argument("--seed", type=int, default=1, help="generate_saga seed (default 1).")
    parser.add_argument("--duration", type=int, default=15, help="Seconds per wrk run (15).")
    parser.add_argument("--warmup", type=int, default=3, help="Warm-up seconds per URL (3).")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
    parser.add_argument(
        "--worker-threads",
        type=int,
        default=4,
        help="Threads per gunicorn worker (4, as deploy/gunicorn.conf.py).",
    )
    parser.add_argument("--port", type=int, default=8110, help="Port on 127.0.0.1 (8110).")
    parser.add_argument(
        "--live", type=int, default=60, help="Seconds of the live run (60; 0 skips it)."
    )
    parser.add_argument("--live-readers", type=int, default=8, help="Live run readers (8).")
    parser.add_argument(
        "--pg-database",
        default="saga_bench",
        help="PostgreSQL database to (re)create on DATABASE_URL's server (saga_bench).",
    )
    parser.add_argument(
        "--sqlite-only", action="store_true", help="Skip PostgreSQL even if DATABASE_URL is set."
    )
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="Keep the databases and sagas of the previous run (no generation timing).",
    )
    parser.add_argument(
        "--no-record", action="store_true", help="Print the results without appending them."
    )
    parser.add_argument(
        "--only",
        metavar="ENDPOINT",
        nargs="+",
        choices=[endpoint.key for endpoint in ENDPOINTS],
        help="Put only these endpoints under wrk (the baseline is always measured), "
        "e.g. --only baseline --live 60 --reuse-data to repeat the live run alone.",
    )
    args = parser.parse_args(argv)
    if args.small >= args.events or args.small < 1:
        parser.error("--small must be at least 1 and smaller than --events")
    return args


# ------------------------------------------------------------------------------
# Databases and management commands
# ------------------------------------------------------------------------------


@dataclass
class Target:
    """A database the benchmark runs against."""

    engine: str  # "SQLite" or "PostgreSQL"
    url: str

    def environment(self, *, cache: str, run_id: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_DATABASE_URL": self.url,
            "BENCH_CACHE": cache,
            "BENCH_RUN_ID": run_id,
            "PYTHONUNBUFFERED": "1",
        }


def targets(args) -> list[Target]:
    found = [Target("SQLite", f"sqlite:///{OUT / 'bench.sqlite3'}")]
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")) and not args.sqlite_only:
        parts = urlsplit(database_url)
        found.append(Target("PostgreSQL", urlunsplit(parts._replace(path=f"/{args.pg_database}"))))
    return found


def recreate_database(target: Target) -> None:
    if target.engine == "SQLite":
        Path(urlsplit(target.url).path).unlink(missing_ok=True)
        return
    from psycopg import sql

    parts = urlsplit(target.url)
    name = parts.path.lstrip("/")
    with postgresql(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def postgresql(url: str, **options):
    """Connect to PostgreSQL, turning a refusal into a one-line BenchError."""
    import psycopg

    try:
        return psycopg.connect(url, **options)
    except psycopg.OperationalError as error:
        raise BenchError(f"cannot connect to PostgreSQL ({url}): {error}") from error


def database_version(target: Target) -> str:
    if target.engine == "SQLite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with postgresql(target.url) as connection:
        return f"PostgreSQL {connection.execute('SHOW server_version').fetchone()[0].split()[0]}"


def manage(target: Target, *arguments: str, run_id: str, cache: str = "off") -> str:
    """Run a management command with the benchmark settings; return its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=target.environment(cache=cache, run_id=run_id),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def timed(function, *arguments, **keywords) -> float:
    started = time.monotonic()
    function(*arguments, **keywords)
    return time.monotonic() - started


def prepare_data(target: Target, args, run_id: str, result: DatabaseResult) -> None:
    """Create the database afresh, migrate, generate both sagas and load the fixture."""
    say(f"{target.engine}: creating the database and migrating")
    recreate_database(target)
    manage(target, "migrate", "--no-input", run_id=run_id)
    say(f"{target.engine}: generating {args.small} and {args.events} events")
    generate = ["generate_saga", "--seed", str(args.seed), "--verbosity", "0"]
    manage(target, *generate, "--events", str(args.small), "--slug", SMALL_SAGA, run_id=run_id)
    result.generate_seconds = timed(
        manage, target, *generate, "--events", str(args.events), "--slug", LARGE_SAGA, run_id=run_id
    )
    if any((ROOT / "fixtures").glob(f"{FIXTURE}.*")):
        say(f"{target.engine}: loading the {FIXTURE} fixture")
        result.loaddata_seconds = timed(manage, target, "loaddata", FIXTURE, run_id=run_id)


def probe(target: Target, args, run_id: str) -> dict:
    """Return the probe's report: per saga and endpoint, the path, status and queries."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.probe", SMALL_SAGA, LARGE_SAGA],
        cwd=ROOT,
        env=target.environment(cache="off", run_id=run_id),
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        raise BenchError(f"counting queries failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout)


def record_queries(report: dict, args, result: DatabaseResult) -> None:
    for endpoint in ENDPOINTS:
        result.queries[endpoint.key] = {
            size: probe_finding(report[slug][endpoint.key])
            for size, slug in ((args.small, SMALL_SAGA), (args.events, LARGE_SAGA))
        }


def probe_finding(entry: dict) -> int | str:
    """Return the query count of a probed endpoint, or a short reason there is none."""
    if "missing" in entry:
        return "missing"
    if "error" in entry:
        return "error"
    if entry["status"] != 200:
        return f"HTTP {entry['status']}"
    return entry["queries"]


def probe_problem(entry: dict) -> str:
    """Return why an endpoint cannot be put under load ('' when it can)."""
    if "missing" in entry:
        return f"missing: {entry['missing']}"
    if "error" in entry:
        return f"error: {entry['error']}"
    return "" if entry["status"] == 200 else f"HTTP {entry['status']}"


# ------------------------------------------------------------------------------
# The server under load
# ------------------------------------------------------------------------------


class Server:
    """gunicorn with the benchmark settings, for the length of a ``with`` block."""

    def __init__(self, target: Target, args, *, cache: str, run_id: str, log: Path):
        self.port = args.port
        self.base_url = f"http://127.0.0.1:{args.port}"
        self.log = log
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "saga_cms.wsgi:application",
            f"--workers={args.workers}",
            # The worker class and threads production runs (deploy/gunicorn.conf.py).
            "--worker-class=gthread",
            f"--threads={args.worker_threads}",
            f"--bind=127.0.0.1:{args.port}",
            "--timeout=120",
            # Stop promptly after a run even when a slow request is still being served.
            "--graceful-timeout=5",
            f"--error-logfile={log}",
        ]
        self.command, self.environment = command, target.environment(cache=cache, run_id=run_id)

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.environment, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped at start; see {self.log}")
            if http_status(f"{self.base_url}/bench/baseline/") == 200:
                return self
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise BenchError(f"gunicorn did not answer within 60 s; see {self.log}")

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the master and its workers
            self.process.wait()
        wait_until_closed(self.port)

    def worker_cpu(self) -> float:
        """Return the CPU seconds (user and system) the workers have used so far."""
        return sum(self.cpu_by_worker().values())

    def cpu_by_worker(self) -> dict[int, float]:
        """Return each worker's CPU seconds (user and system) so far, by process id."""
        ticks = os.sysconf("SC_CLK_TCK")
        used = {}
        for pid in child_pids(self.process.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return used

    def worker_memory(self) -> WorkerMemory:
        """Return the largest worker's peak and current resident memory, in MB."""
        workers = child_pids(self.process.pid)
        if not workers:
            raise BenchError("gunicorn has no workers")
        status = [proc_status(pid) for pid in workers]
        return WorkerMemory(
            peak_mb=max(s["VmHWM"] for s in status) / 1024,
            after_mb=max(s["VmRSS"] for s in status) / 1024,
        )


def wait_until_closed(port: int, timeout: float = 60) -> None:
    """Wait until nothing listens on ``port`` (a worker may outlive its master briefly)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe_socket:
            if probe_socket.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.5)
    raise BenchError(f"port {port} is still in use {timeout:.0f} s after stopping gunicorn")


def child_pids(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return children


def proc_status(pid: int) -> dict[str, int]:
    """Return the kB figures of /proc/<pid>/status (VmRSS, VmHWM...)."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            figures[name] = int(value.split()[0])
    return figures


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_status(url: str) -> int | None:
    """Return the status of a GET (redirects not followed), None when nothing answers."""
    try:
        with urllib.request.build_opener(NoRedirects).open(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def measure(server: Server, key: str, path: str, mode: str, args, before=None) -> Measurement:
    url = server.base_url + path
    status = http_status(url)
    if status != 200:
        problem = f"HTTP {status}" if status else "no answer within 60 s"
        return Measurement(key, mode, path, problem=problem)
    say(f"  {mode:4} {path}")
    try:
        run_wrk(url, duration=args.warmup, connections=args.connections, threads=args.threads)
        if before is not None:
            before()
        cpu_before = server.cpu_by_worker()
        load = run_wrk(
            url, duration=args.duration, connections=args.connections, threads=args.threads
        )
        idle = idle_workers(cpu_before, server.cpu_by_worker(), seconds=args.duration)
    except WrkError as error:
        return Measurement(key, mode, path, problem=f"wrk: {error}".splitlines()[0])
    problem = f"{load.failed} of {load.requests} requests failed" if load.failed else ""
    return Measurement(key, mode, path, load, problem, idle_workers=idle)


def idle_workers(before: dict[int, float], after: dict[int, float], *, seconds: float) -> int:
    """
    How many workers used under a tenth of a core between two ``cpu_by_worker`` readings
    ``seconds`` apart, while wrk kept every worker's threads busy if its connections were
    spread: a worker that gunicorn gave none of them.
    """
    return sum(1 for pid, used in after.items() if used - before.get(pid, 0) < 0.1 * seconds)


def load_endpoints(target: Target, args, run_id: str, report: dict, result: DatabaseResult):
    """
    Drive every endpoint that exists with wrk, in each cache mode.

    Each endpoint gets a fresh gunicorn, so that requests a slow endpoint left queued
    never weigh on the next one's figures.
    """
    entries = report[LARGE_SAGA]
    for mode in MODES:
        cache = "off" if mode == "cold" else "on"
        say(f"{target.engine}: load with the cache {cache}")
        for endpoint in sorted(ENDPOINTS, key=lambda e: e.key != BASELINE):
            if mode == "edited" and endpoint.key not in EDITED_ENDPOINTS:
                continue
            if args.only and endpoint.key not in {*args.only, BASELINE}:
                continue
            entry = entries[endpoint.key]
            problem = probe_problem(entry)
            if problem:
                result.measurements.append(Measurement(endpoint.key, mode, problem=problem))
                continue
            log = OUT / f"gunicorn-{target.engine.lower()}-{mode}-{endpoint.key}.log"
            with Server(target, args, cache=cache, run_id=f"{run_id}-{mode}", log=log) as server:
                # "After one edit": caches warm, then one event's text changes.
                edit = (
                    (lambda: manage(target, "bench_edit", "--saga", LARGE_SAGA, run_id=run_id))
                    if mode == "edited"
                    else None
                )
                measured = measure(server, endpoint.key, entry["path"], mode, args, before=edit)
                measured.memory = server.worker_memory()
            result.measurements.append(measured)


LIVE_EDITOR = ("bench-editor", "bench-editor-password-1")


def live(target: Target, args, run_id: str, result: DatabaseResult) -> None:
    """Readers on the saga while an editor saves one of its events in the admin each second."""
    username, password = LIVE_EDITOR
    manage(
        target,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        f"user, _ = get_user_model().objects.get_or_create(username={username!r})\n"
        "user.is_staff = user.is_superuser = True\n"
        f"user.set_password({password!r})\n"
        "user.save()\n",
        run_id=run_id,
    )
    say(f"{target.engine}: live run, {args.live} s")
    log = OUT / f"gunicorn-{target.engine.lower()}-live.log"
    cache = os.environ.get("BENCH_CACHE_URL", "local memory")
    with Server(target, args, cache="on", run_id=f"{run_id}-live", log=log) as server:
        outcome = live_run(
            server.base_url,
            saga=LARGE_SAGA,
            language="ja",
            seconds=args.live,
            readers=args.live_readers,
            username=username,
            password=password,
            cpu_by_worker=server.cpu_by_worker,
        )
    result.notes += format_live(result.name, cache, outcome, args)
    result.live = LiveFigures(
        outcome.reads_per_second, outcome.percentile(0.99), outcome.stale, outcome.reads
    )


# ------------------------------------------------------------------------------
# The machine and the run
# ------------------------------------------------------------------------------


def machine_description() -> str:
    import django
    import gunicorn

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = proc_meminfo().get("MemTotal", 0)
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    wrk_version = (wrk.stdout or wrk.stderr).split(" [")[0]
    return (
        f"Machine: {cpu} · {os.cpu_count()} cores · {memory_kb / 1024 / 1024:.1f} GiB RAM · "
        f"{platform.system()} {platform.release()} · Python {platform.python_version()} · "
        f"Django {django.get_version()} · gunicorn {gunicorn.__version__} · {wrk_version}"
    )


def proc_meminfo() -> dict[str, int]:
    figures = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        name, _, value = line.partition(":")
        figures[name] = int(value.split()[0])
    return figures


def commit_description() -> str:
    def git(*arguments):
        result = subprocess.run(
            ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return result.stdout.strip() if result.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if commit is None:
        return "unknown (not a git checkout)"
    changes = git("status", "--porcelain", "--", ".", ":!bench/RESULTS.md", ":!bench/out")
    return f"{commit} (with uncommitted changes)" if changes else commit


def method_description(args) -> str:
    return (
        f"Method: sagas of {args.small:,} and {args.events:,} events (seed {args.seed}); "
        f"gunicorn, {args.workers} gthread workers of {args.worker_threads} threads, "
        f"production settings (`bench.settings`) on "
        f"127.0.0.1; per endpoint a {args.warmup} s warm-up, then "
        f"`wrk -c{args.connections} -t{args.threads} -d{args.duration}s --latency`, "
        f"each request saying `Accept-Encoding: {ACCEPT_ENCODING}` as browsers do; "
        f"cache on = {os.environ.get('BENCH_CACHE_URL', 'local memory')}."
    )


def check_port_free(port: int) -> None:
    with socket.socket() as probe_socket:
        if probe_socket.connect_ex(("127.0.0.1", port)) == 0:
            raise BenchError(f"port {port} is in use; choose another with --port")


def run(args) -> str:
    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed (Debian package: apt-get install wrk)")
    check_port_free(args.port)
    OUT.mkdir(parents=True, exist_ok=True)
    run_id = uuid.uuid4().hex[:12]
    results = []
    for target in targets(args):
        result = DatabaseResult(name=target.engine)
        if not args.reuse_data:
            prepare_data(target, args, run_id, result)
        result.name = database_version(target)
        manage(target, "collectstatic", "--no-input", "--verbosity", "0", run_id=run_id)
        say(f"{target.engine}: counting queries")
        report = probe(target, args, run_id)
        record_queries(report, args, result)
        load_endpoints(target, args, run_id, report, result)
        if args.live:
            live(target, args, run_id, result)
        results.append(result)
    info = RunInfo(
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=commit_description(),
        machine=machine_description(),
        method=method_description(args),
        sizes=(args.small, args.events),
        cores=os.cpu_count() or 0,
    )
    section = format_run(results, info)
    if not args.no_record:
        append_results(RESULTS, section)
    return section


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        section = run(args)
    except BenchError as error:
        say(str(error))
        return 1
    print(section)
    if not args.no_record:
        say(f"appended to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
