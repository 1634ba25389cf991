"""
The live run: readers on the timeline, an event page and the API while an editor saves that
event through the admin every second (issue 15).

Each save writes a new counter into the event's headline ("Live edit 17") and records when
the admin answered (the change was committed before). Each read records when it was sent
and which counter it showed; a read is *stale* when a newer counter had been committed more
than ``STALE_AFTER`` seconds before the read was sent. Reported: reads/s, p50/p99 latency,
the number of stale reads and the largest delay.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import multiprocessing
import os
import re
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from tests.admin_forms import form_data_in

STALE_AFTER = 1.0
MARK = re.compile(r"Live edit (\d+)")
MARK_BYTES = re.compile(rb"Live edit (\d+)")


@dataclass
class LiveResult:
    seconds: float
    reads: int = 0
    errors: int = 0
    saves: int = 0
    save_errors: int = 0
    latencies: list[float] = field(default_factory=list)
    stale: int = 0
    largest_delay: float = 0.0
    unmarked: int = 0
    # Per address read: its latencies (the slow reads, and where they are).
    by_address: dict[str, list[float]] = field(default_factory=dict)
    # The editor's requests: the change form's GET and the save's POST, in seconds.
    form_seconds: list[float] = field(default_factory=list)
    save_seconds: list[float] = field(default_factory=list)
    # CPU seconds the benchmark's own process (readers and editor) used, and each of the
    # server's workers (how evenly gunicorn spread the readers' connections).
    client_cpu: float = 0.0
    worker_cpu: list[float] = field(default_factory=list)

    @property
    def server_cpu(self) -> float | None:
        return sum(self.worker_cpu) if self.worker_cpu else None

    @property
    def reads_per_second(self) -> float:
        return self.reads / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float, latencies: list[float] | None = None) -> float:
        """The latency (ms) below which ``fraction`` of reads (or of ``latencies``) fall."""
        ordered = sorted(self.latencies if latencies is None else latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def _opener(jar=None):
    handlers = [urllib.request.ProxyHandler({})]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    handlers.append(NoRedirects())
    return urllib.request.build_opener(*handlers)


def _get(opener, url, *, data=None, headers=None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


class Reader:
    """
    One reader: a keep-alive connection, as a browser or an edge cache holds to the site.

    Compared with a connection per read (urllib), back to back on the same server, this
    process uses about a fifth less CPU; the reads/s and the server's CPU per read did not
    change measurably (bench/RESULTS.md, 2026-12-07). It asks for gzip, as browsers and wrk
    do: asking for the identity, it was sent the API list as 280 KB instead of 30 KB.
    """

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.connection = None

    def get(self, path: str) -> tuple[int, bytes, bool]:
        """Return the status, the body as sent and whether it is gzipped."""
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = self.connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if response.will_close:
                self.close()
            return response.status, body, response.getheader("Content-Encoding") == "gzip"
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Editor:
    """Saves the event's headline through the admin, once a second."""

    def __init__(self, base: str, event_id: int, language: str, username: str, password: str):
        self.base, self.event_id, self.language = base, event_id, language
        self.jar = http.cookiejar.CookieJar()
        self.opener = _opener(self.jar)
        self.commits: list[tuple[int, float]] = []  # (counter, answered at)
        self.errors = 0
        self.form_seconds: list[float] = []
        self.save_seconds: list[float] = []
        self.username, self.password = username, password
        self.path = f"/admin/events/event/{event_id}/change/"

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def log_in(self) -> None:
        _status, page = _get(self.opener, self.base + "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        data = {"csrfmiddlewaretoken": token, "username": self.username, "password": self.password}
        status, _ = _get(
            self.opener,
            self.base + "/admin/login/?next=/admin/",
            data=urlencode(data).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            raise RuntimeError("the live run's editor cannot log in to the admin")

    def save(self, counter: int, current: str) -> str:
        """Replace ``current`` (the headline now) by one carrying ``counter``; return it."""
        started = time.monotonic()
        _status, page = _get(self.opener, self.base + self.path)
        self.form_seconds.append(time.monotonic() - started)
        data = form_data_in(page)
        fields = [k for k, v in data.items() if k.endswith("-headline") and v == current]
        if not fields:
            raise RuntimeError("the live run's editor cannot find the headline in the admin form")
        headline = MARK.sub("", current).strip() + f" Live edit {counter}"
        data[fields[0]] = headline
        data["csrfmiddlewaretoken"] = self.cookie("csrftoken")
        started = time.monotonic()
        status, _ = _get(
            self.opener,
            self.base + self.path,
            data=urlencode(data, doseq=True).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base},
        )
        self.save_seconds.append(time.monotonic() - started)
        if status != 302:
            self.errors += 1
            return current
        self.commits.append((counter, time.monotonic()))
        return headline


# Decompressed at most this much at a time while looking for the mark (``first_mark``).
INFLATE_STEP = 16 * 1024


def first_mark(body: bytes, *, gzipped: bool) -> int | None:
    """
    The counter of the first "Live edit N" in ``body``, or None. A gzipped body is inflated
    only until the mark is found, near the top of every address read: the readers share
    the server's two cores, and inflating every answer whole cost them 0.40 ms of CPU a
    read against 0.31 ms (two 40 s live runs of each, alternated, 2026-12-07).
    """
    if not gzipped:
        found = MARK_BYTES.search(body)
        return int(found[1]) if found else None
    inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # a gzip stream
    text, pending = bytearray(), body
    while True:
        searched = len(text)
        text += inflate.decompress(pending, INFLATE_STEP)
        pending = inflate.unconsumed_tail
        if not pending:
            text += inflate.flush()
        # From a little before the new text: a mark may straddle two steps.
        found = MARK_BYTES.search(text, max(0, searched - 32))
        # A mark at the very end may have more digits in the next step.
        if found and (found.end() < len(text) or not pending):
            return int(found[1])
        if not pending:
            return None


def _read_until(base: str, paths: list[str], first: int, deadline: float, reads: list) -> None:
    """One reader: read ``paths`` in turn until ``deadline``, noting what each read saw."""
    reader = Reader(base)
    number = first
    while time.monotonic() < deadline:
        path = paths[number % len(paths)]
        number += 1
        sent = time.monotonic()
        try:
            status, body, gzipped = reader.get(path)
        except (http.client.HTTPException, OSError):
            status = None
        took = time.monotonic() - sent
        if status != 200:
            reads.append((path, sent, None, None))  # (list.append is atomic: no lock)
            continue
        reads.append((path, sent, took, first_mark(body, gzipped=gzipped)))
    reader.close()


def _edit_until(editor: Editor, headline: str, deadline: float, out) -> None:
    """The editor's process: a save a second until ``deadline``; send what it did."""
    counter = 1
    while time.monotonic() < deadline:
        started = time.monotonic()
        headline = editor.save(counter, headline)
        counter += 1
        time.sleep(max(0.0, min(1.0 - (time.monotonic() - started), deadline - time.monotonic())))
    out.put((editor.commits, editor.errors, editor.form_seconds, editor.save_seconds))


def live_run(
    base: str,
    *,
    saga: str,
    language: str,
    seconds: int,
    readers: int,
    username: str,
    password: str,
    cpu_by_worker=None,
) -> LiveResult:
    """
    Run the readers and the editor for ``seconds``; ``cpu_by_worker``, when given, returns
    each server worker's CPU seconds so far (the run reports what each used meanwhile).

    The editor runs in a process of its own, as it is a browser of its own: in the readers'
    process, its reading of the change form (118 ms a save, until ``form_data_in`` stopped
    searching the page for closing tags of inputs) held their interpreter lock, and their
    latencies counted it. The readers are threads of this process: as processes, they
    outnumbered the editor for the CPU and it fell behind.
    """
    plain = _opener()
    status, body = _get(plain, f"{base}/api/v1/events/?saga={saga}&page_size=1&lang={language}")
    if status != 200:
        raise RuntimeError(f"the live run cannot list the saga's events (HTTP {status})")
    first = json.loads(body)["results"][0]
    event_id, slug, headline = first["id"], first["slug"], first["headline"]
    paths = [
        f"/{language}/sagas/{saga}/",
        f"/{language}/sagas/{saga}/{slug}/",
        f"/api/v1/events/{event_id}/?lang={language}",
        f"/api/v1/events/?saga={saga}&page_size=50&lang={language}",
    ]
    editor = Editor(base, event_id, language, username, password)
    editor.log_in()
    headline = editor.save(0, headline)
    forking = multiprocessing.get_context("fork")
    out = forking.SimpleQueue()
    reads: list[tuple] = []
    client_started = time.process_time(), os.times()
    workers_started = cpu_by_worker() if cpu_by_worker else {}
    deadline = time.monotonic() + seconds
    editing = forking.Process(target=_edit_until, args=(editor, headline, deadline, out))
    editing.start()
    threads = [
        threading.Thread(target=_read_until, args=(base, paths, n, deadline, reads))
        for n in range(readers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    commits, save_errors, form_seconds, save_seconds = out.get()  # before joining it
    editing.join()
    ended = os.times()
    result = LiveResult(seconds=seconds, save_errors=save_errors)
    result.client_cpu = (
        time.process_time()
        - client_started[0]
        + (ended.children_user - client_started[1].children_user)
        + (ended.children_system - client_started[1].children_system)
    )
    if cpu_by_worker:
        result.worker_cpu = sorted(
            used - workers_started.get(pid, 0) for pid, used in cpu_by_worker().items()
        )
    commits = dict(commits)
    result.saves = len(commits) - 1
    result.form_seconds, result.save_seconds = form_seconds[1:], save_seconds[1:]
    for path, at, took, counter in reads:
        if took is None:
            result.errors += 1
            continue
        result.reads += 1
        result.latencies.append(took)
        result.by_address.setdefault(path, []).append(took)
        if counter is None:
            result.unmarked += 1
            continue
        newer = [when for number, when in commits.items() if number > counter and when <= at]
        if newer:
            delay = at - min(newer)
            if delay > STALE_AFTER:
                result.stale += 1
                result.largest_delay = max(result.largest_delay, delay)
    return result


def format_live(name: str, cache: str, result: LiveResult, args) -> list[str]:
    return [
        f"Live ({name}, cache {cache}, {args.workers} workers of {args.worker_threads} threads, "
        f"{args.live_readers} readers, "
        f"{result.seconds} s, one admin save a second): {result.reads_per_second:.1f} reads/s, "
        f"p50 {result.percentile(0.5):.1f} ms, p99 {result.percentile(0.99):.1f} ms, "
        f"{result.stale} of {result.reads} reads showed a value replaced more than "
        f"{STALE_AFTER:.0f} s earlier (largest delay {result.largest_delay:.2f} s); "
        f"{result.saves} saves ({result.save_errors} refused), {result.errors} failed reads, "
        f"{result.unmarked} reads without the edited headline. The editor's change form "
        f"answered in {result.percentile(0.5, result.form_seconds):.0f} ms (p50), its save in "
        f"{result.percentile(0.5, result.save_seconds):.0f} ms (p50, max "
        f"{result.percentile(1.0, result.save_seconds):.0f} ms); p99 per address: "
        + ", ".join(
            f"{address} {result.percentile(0.99, latencies):.0f} ms"
            for address, latencies in result.by_address.items()
        )
        + f". CPU meanwhile: the benchmark's readers and editor {result.client_cpu:.1f} s"
        + (
            f", the server's workers {result.server_cpu:.1f} s "
            f"({' + '.join(f'{used:.1f}' for used in result.worker_cpu)})"
            if result.server_cpu is not None
            else ""
        )
        + f" (of {result.seconds * (os.cpu_count() or 1):.0f} core-seconds).",
        "",
    ]
