"""
The results of a benchmark run, the goals they are judged by, and their Markdown.

Every throughput and latency figure is also given as a ratio to the baseline view measured
in the same run and cache mode: machines are noisy, ratios inside one run much less so.
For requests/s the ratio is the fraction of the baseline's throughput (higher is better);
for latencies, how many times the baseline's latency (lower is better).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.endpoints import BASELINE, ENDPOINTS, ENDPOINTS_BY_KEY
from bench.wrk import Load

MODES = ("cold", "warm", "edited")
MODE_LABELS = {"cold": "off", "warm": "on", "edited": "on, after one edit"}
# Measured after one edit (the others are not shown: an edit leaves them as they were).
EDITED_ENDPOINTS = ("baseline", "timeline", "api_list")
PUBLIC_READS = ("timeline", "event", "api_list", "api_detail", "timelinejs")
QUERY_CEILING = 12
RESULTS_HEADER = """# Benchmark results

Appended by `bench/run.sh` (see README.md, "Benchmark"): one section per run and database.
Each figure is also a ratio to the baseline view of the same run and cache mode (a constant
2 KB JSON body through the same stack: the ceiling). For requests/s, "× base" is the
fraction of the baseline's throughput (higher is better); for latencies, how many times the
baseline's latency (lower is better). Cache "off" is Django's DummyCache, "on" the normal
cache. Queries are those of one uncached request, on a small and on the large saga.
"""


@dataclass
class WorkerMemory:
    peak_mb: float
    after_mb: float


@dataclass
class Measurement:
    """One endpoint under load in one cache mode, or why it could not be measured."""

    endpoint: str
    mode: str
    path: str = ""
    load: Load | None = None
    problem: str = ""
    memory: WorkerMemory | None = None  # the largest worker's, after this endpoint's run
    # Workers that served none of the load (gunicorn gave the others every connection).
    idle_workers: int = 0

    @property
    def usable(self) -> bool:
        return self.load is not None and not self.problem


@dataclass(frozen=True)
class LiveFigures:
    """What the live run measured: readers' throughput and latency, and stale reads."""

    reads_per_second: float
    p99_ms: float
    stale: int
    reads: int


@dataclass
class DatabaseResult:
    """Everything measured against one database."""

    name: str
    measurements: list[Measurement] = field(default_factory=list)
    # endpoint key -> saga size (events) -> queries of one uncached request, or a problem
    queries: dict[str, dict[int, int | str]] = field(default_factory=dict)
    generate_seconds: float | None = None
    loaddata_seconds: float | None = None
    # Lines printed under the table (the live run).
    notes: list[str] = field(default_factory=list)
    live: LiveFigures | None = None

    def measurement(self, endpoint: str, mode: str) -> Measurement | None:
        return next(
            (m for m in self.measurements if m.endpoint == endpoint and m.mode == mode), None
        )

    def largest_worker(self) -> Measurement | None:
        """Return the measurement after which a worker held the most memory."""
        measured = [m for m in self.measurements if m.memory]
        return max(measured, key=lambda m: m.memory.after_mb, default=None)

    def ratio(self, endpoint: str, mode: str) -> float | None:
        """Return the endpoint's requests/s as a fraction of the baseline's, same mode."""
        measured, baseline = self.measurement(endpoint, mode), self.measurement(BASELINE, mode)
        if not (measured and baseline and measured.usable and baseline.usable):
            return None
        return measured.load.requests_per_second / baseline.load.requests_per_second


@dataclass
class RunInfo:
    date: str
    commit: str
    machine: str
    method: str
    sizes: tuple[int, int]  # the small and the large saga's number of events
    cores: int


# ------------------------------------------------------------------------------
# Goals
# ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    passed: bool | None  # None: could not be measured (yet)
    text: str

    def __str__(self) -> str:
        if self.passed is None:
            return self.text
        return f"{'pass' if self.passed else 'FAIL'}: {self.text}"


@dataclass(frozen=True)
class RatioGoal:
    endpoint: str
    mode: str
    minimum: float

    @property
    def label(self) -> str:
        cache = {"cold": "uncached", "warm": "cached"}.get(self.mode, "after one edit")
        return f"{cache} {ENDPOINTS_BY_KEY[self.endpoint].label} ≥ {self.minimum} × baseline"

    def judge(self, result: DatabaseResult, run: RunInfo) -> Verdict:
        measured = result.measurement(self.endpoint, self.mode)
        ratio = result.ratio(self.endpoint, self.mode)
        if ratio is None:
            problem = measured.problem if measured else "not run"
            return Verdict(None, problem or "baseline not measured")
        if ratio >= self.minimum:
            return Verdict(True, f"{ratio:.3f}")
        return Verdict(False, f"{ratio:.3f}, {shortfall(ratio, self.minimum)} below the goal")


@dataclass(frozen=True)
class QueriesConstantGoal:
    label: str = "queries per request identical on the small and the large saga"

    def judge(self, result: DatabaseResult, run: RunInfo) -> Verdict:
        counted = {key: sizes for key, sizes in counted_queries(result).items() if key != BASELINE}
        if not counted:
            return Verdict(None, "not measured: no endpoint to count yet")
        differing = [
            f"{key} " + " → ".join(str(sizes[size]) for size in sorted(sizes))
            for key, sizes in counted.items()
            if len(set(sizes.values())) > 1
        ]
        if differing:
            return Verdict(False, "; ".join(differing))
        return Verdict(True, f"{len(counted)} endpoint(s) constant")


@dataclass(frozen=True)
class QueryCeilingGoal:
    ceiling: int = QUERY_CEILING

    @property
    def label(self) -> str:
        return f"no endpoint above {self.ceiling} queries uncached"

    def judge(self, result: DatabaseResult, run: RunInfo) -> Verdict:
        counts = {
            key: max(sizes.values())
            for key, sizes in counted_queries(result).items()
            if key != BASELINE
        }
        if not counts:
            return Verdict(None, "not measured: no endpoint to count yet")
        worst = max(counts, key=counts.get)
        text = f"most: {worst} with {counts[worst]}"
        return Verdict(counts[worst] <= self.ceiling, text)


@dataclass(frozen=True)
class SecondsGoal:
    attribute: str
    limit: float
    label: str
    unmeasured: str
    needs_large_size: int | None = None

    def judge(self, result: DatabaseResult, run: RunInfo) -> Verdict:
        seconds = getattr(result, self.attribute)
        if self.needs_large_size and run.sizes[1] != self.needs_large_size:
            return Verdict(None, f"not measured: run with --events {self.needs_large_size}")
        if seconds is None:
            return Verdict(None, self.unmeasured)
        return Verdict(seconds < self.limit, f"{seconds:.1f} s")


@dataclass(frozen=True)
class MemoryGoal:
    limit_mb: float = 150

    @property
    def label(self) -> str:
        return f"a worker under {self.limit_mb:.0f} MB RSS after the run"

    def judge(self, result: DatabaseResult, run: RunInfo) -> Verdict:
        largest = result.largest_worker()
        if largest is None:
            return Verdict(None, "not measured: no server run")
        after = largest.memory.after_mb
        return Verdict(after < self.limit_mb, f"{after:.0f} MB ({largest.endpoint})")


@dataclass(frozen=True)
class LiveGoal:
    label: str
    figure: str  # "ratio", "p99" or "stale"
    limit: float

    def judge(self, result: DatabaseResult, run: RunInfo) -> Verdict:
        live, baseline = result.live, result.measurement(BASELINE, "warm")
        if live is None:
            return Verdict(None, "not measured: run with --live")
        if self.figure == "stale":
            return Verdict(live.stale <= self.limit, f"{live.stale} of {live.reads}")
        if self.figure == "p99":
            text = f"{live.p99_ms:.0f} ms"
            if live.p99_ms <= self.limit:
                return Verdict(True, text)
            return Verdict(False, f"{text}, {(live.p99_ms - self.limit) / self.limit:.0%} above")
        if not (baseline and baseline.usable):
            return Verdict(None, "baseline not measured")
        ratio = live.reads_per_second / baseline.load.requests_per_second
        text = f"{ratio:.3f} ({live.reads_per_second:,.0f} reads/s)"
        if ratio >= self.limit:
            return Verdict(True, text)
        return Verdict(False, f"{text}, {shortfall(ratio, self.limit)} below the goal")


GOALS = (
    RatioGoal("timeline", "cold", 0.05),
    RatioGoal("api_list", "cold", 0.05),
    RatioGoal("api_detail", "cold", 0.15),
    RatioGoal("event", "cold", 0.1),
    *(RatioGoal(endpoint, "warm", 0.5) for endpoint in PUBLIC_READS),
    RatioGoal("timeline", "edited", 0.3),
    RatioGoal("api_list", "edited", 0.3),
    LiveGoal("live: readers ≥ 0.3 × cached baseline, one admin save a second", "ratio", 0.3),
    LiveGoal("live: readers' p99 ≤ 50 ms", "p99", 50),
    LiveGoal("live: no read showing a value replaced more than 1 s earlier", "stale", 0),
    QueriesConstantGoal(),
    QueryCeilingGoal(),
    SecondsGoal(
        "loaddata_seconds", 3, "`loaddata openai_2023` under 3 s", "not measured: no fixture yet"
    ),
    SecondsGoal(
        "generate_seconds",
        60,
        "`generate_saga --events 10000` under 60 s",
        "not measured: data reused",
        needs_large_size=10_000,
    ),
    MemoryGoal(),
)


def shortfall(value: float, goal: float) -> str:
    return f"{(goal - value) / goal:.0%}"


def counted_queries(result: DatabaseResult) -> dict[str, dict[int, int]]:
    """Return the query counts of the endpoints counted on every saga size."""
    return {
        key: sizes
        for key, sizes in result.queries.items()
        if all(isinstance(count, int) for count in sizes.values())
    }


# ------------------------------------------------------------------------------
# Markdown
# ------------------------------------------------------------------------------


def number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


# Marks a run during which a worker served none of wrk's connections.
IDLE_MARK = " ‡"


def idle_workers_note(result: DatabaseResult) -> list[str]:
    """Say which figures were served by fewer workers than the run had, if any."""
    if not any(m.idle_workers for m in result.measurements):
        return []
    return [
        f"{IDLE_MARK.strip()} A worker used under a tenth of a core during that run: gunicorn's "
        "workers take new connections first come, first served, and wrk keeps its 8 "
        "connections open, so the other workers served all of them. The figure (and any "
        "ratio to it) is of fewer workers than the run had.",
        "",
    ]


def load_cells(measurement: Measurement | None, baseline: Measurement | None) -> list[str]:
    if measurement is None:
        return ["not run", "", "", "", "", ""]
    if not measurement.usable:
        return [measurement.problem, "", "", "", "", ""]
    load = measurement.load
    if not load.requests:
        return ["no request completed", "0.000" if baseline else "", "", "", "", ""]
    served = number(load.requests_per_second) + (IDLE_MARK if measurement.idle_workers else "")
    if baseline is None or not baseline.usable:
        return [
            served,
            "",
            number(load.p50_ms),
            "",
            number(load.p99_ms),
            "",
        ]
    base = baseline.load
    return [
        served,
        f"{load.requests_per_second / base.requests_per_second:.3f}",
        number(load.p50_ms),
        f"{load.p50_ms / base.p50_ms:.1f}",
        number(load.p99_ms),
        f"{load.p99_ms / base.p99_ms:.1f}",
    ]


def query_cells(result: DatabaseResult, endpoint: str, sizes: tuple[int, int]) -> list[str]:
    counts = result.queries.get(endpoint, {})
    return [str(counts.get(size, "")) for size in sizes]


def table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def database_section(result: DatabaseResult, run: RunInfo) -> list[str]:
    small, large = run.sizes
    header = [
        "endpoint",
        "cache",
        "req/s",
        "× base",
        "p50 ms",
        "× base",
        "p99 ms",
        "× base",
        f"queries N={small:,}",
        f"N={large:,}",
    ]
    rows = []
    for endpoint in ENDPOINTS:
        for mode in MODES:
            if mode == "edited" and endpoint.key not in EDITED_ENDPOINTS:
                continue
            measured = result.measurement(endpoint.key, mode)
            queries = query_cells(result, endpoint.key, run.sizes) if mode == "cold" else ["", ""]
            rows.append(
                [
                    endpoint.label,
                    MODE_LABELS[mode],
                    *load_cells(measured, result.measurement(BASELINE, mode)),
                    *queries,
                ]
            )
    lines = [f"### {result.name}", ""]
    lines += table(header, rows, ["---", "---", *["---:"] * 8])
    lines += ["", facts_line(result, run), ""]
    lines += idle_workers_note(result)
    lines += result.notes
    return lines


def facts_line(result: DatabaseResult, run: RunInfo) -> str:
    generated = (
        f"{result.generate_seconds:.1f} s" if result.generate_seconds is not None else "reused"
    )
    loaded = (
        f"{result.loaddata_seconds:.1f} s" if result.loaddata_seconds is not None else "no fixture"
    )
    largest = result.largest_worker()
    memory = (
        f"{largest.memory.after_mb:.0f} MB after the run (peak {largest.memory.peak_mb:.0f} MB), "
        f"{ENDPOINTS_BY_KEY[largest.endpoint].label} with the cache {MODE_LABELS[largest.mode]}"
        if largest
        else "not measured"
    )
    return (
        f"`generate_saga --events {run.sizes[1]}`: {generated} · "
        f"`loaddata openai_2023`: {loaded} · largest worker: {memory}"
    )


def goals_section(results: list[DatabaseResult], run: RunInfo) -> list[str]:
    rows = []
    for goal in GOALS:
        verdicts = [goal.judge(result, run) for result in results]
        rows.append([goal.label, *(str(verdict) for verdict in verdicts)])
    header = ["goal", *(result.name for result in results)]
    lines = ["### Goals", ""]
    if run.cores != 2:
        lines += [f"The goals assume 2 cores; this machine has {run.cores}.", ""]
    return lines + table(header, rows, ["---"] * len(header))


def format_run(results: list[DatabaseResult], run: RunInfo) -> str:
    lines = [f"## {run.date} · commit {run.commit}", "", run.machine, "", run.method, ""]
    for result in results:
        lines += database_section(result, run)
    lines += goals_section(results, run)
    return "\n".join(lines) + "\n"


def append_results(path: Path, section: str) -> None:
    """Append a run's section to the results file, creating it with its header if needed."""
    if not path.exists():
        path.write_text(RESULTS_HEADER, encoding="utf-8")
    with path.open("a", encoding="utf-8") as results:
        results.write("\n" + section)
