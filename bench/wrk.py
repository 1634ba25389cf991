"""Run wrk against one URL and read its report (requests/s and the latency percentiles)."""

import re
import subprocess
from dataclasses import dataclass

TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
LATENCY = r"^\s*{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$"


class WrkError(RuntimeError):
    """wrk failed or printed something this module cannot read."""


@dataclass(frozen=True)
class Load:
    """What wrk measured against one URL."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int  # non-2xx/3xx answers plus socket errors (timeouts included)


# Every request asks for what a browser accepts (Chrome's header), as readers' requests do:
# the site gzips its shared answers for them (core.compression).
ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def wrk_command(url: str, *, duration: int, connections: int = 8, threads: int = 2) -> list[str]:
    return [
        "wrk",
        f"-c{connections}",
        f"-t{threads}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "30s",
        "--header",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        url,
    ]


def milliseconds(value: str, unit: str) -> float:
    return float(value) * TIME_UNITS_MS[unit]


def parse_wrk(output: str) -> Load:
    """Read wrk's ``--latency`` report; raise WrkError when a figure is missing."""

    def search(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise WrkError(f"wrk's report has no match for {pattern!r}:\n{output}")
        return match

    p50 = search(LATENCY.format(percent=50))
    p99 = search(LATENCY.format(percent=99))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Load(
        requests_per_second=float(search(r"^Requests/sec:\s+([\d.]+)").group(1)),
        p50_ms=milliseconds(*p50.groups()),
        p99_ms=milliseconds(*p99.groups()),
        requests=int(search(r"^\s*(\d+) requests in ").group(1)),
        failed=(int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    )


def run_wrk(url: str, *, duration: int, connections: int = 8, threads: int = 2) -> Load:
    command = wrk_command(url, duration=duration, connections=connections, threads=threads)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 120, check=False
    )
    if result.returncode != 0:
        raise WrkError(f"{' '.join(command)} failed: {result.stderr.strip() or result.stdout}")
    return parse_wrk(result.stdout)
