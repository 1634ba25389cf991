"""
Worker memory after repeated large answers: one gunicorn worker (deploy/gunicorn.conf.py)
serves the English TimelineJS export of the saga ``synthetic`` N times; VmRSS of the worker
(MB) is printed after each. Compares releasing memory after large answers
(core/memory.py) with gunicorn's max_requests. Needs a database holding the saga:

    export DATABASE_URL=sqlite:////tmp/rss/db.sqlite3
    python manage.py migrate && python manage.py generate_saga --events 10000 --seed 1
    python bench/worker_rss.py --port 8162 [--without-trim] [--max-requests 5] [--times 12]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WITHOUT_TRIM = (
    "from saga_cms.settings import *  # noqa\n"
    "MIDDLEWARE = [m for m in MIDDLEWARE if m != "
    "'core.memory.ReleaseMemoryAfterLargeAnswersMiddleware']\n"
)


def vm_rss_mb(pid: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8162)
    parser.add_argument("--without-trim", action="store_true")
    parser.add_argument("--max-requests", type=int, default=0)
    parser.add_argument("--times", type=int, default=12)
    parser.add_argument("--settle", type=float, default=0.5, help="seconds before reading")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    (scratch / "rss_settings.py").write_text(WITHOUT_TRIM)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rss_settings" if args.without_trim else "saga_cms.settings",
        "PYTHONPATH": str(scratch),
        "CACHE_URL": "dummycache://",  # every export built afresh
        "SAGA_API_ANON_RATE": "",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_MAX_REQUESTS": str(args.max_requests),
        "GUNICORN_MAX_REQUESTS_JITTER": "0",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_TIMEOUT": "120",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    master = subprocess.Popen(
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    base = f"http://127.0.0.1:{args.port}"

    def worker() -> str:
        for _ in range(300):
            if children.exists() and children.read_text().split():
                return children.read_text().split()[0]
            time.sleep(0.1)
        raise RuntimeError("no worker")

    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        figures = [f"start:{vm_rss_mb(worker())}"]
        for number in range(1, args.times + 1):
            url = f"{base}/api/v1/sagas/synthetic/timelinejs/?lang=en"
            size = len(urllib.request.urlopen(url, timeout=120).read())
            time.sleep(args.settle)
            figures.append(f"{number}:{vm_rss_mb(worker())}")
        label = "without trim" if args.without_trim else "with trim"
        print(f"{label}, max_requests={args.max_requests}, export {size // 1024} KiB, VmRSS MB:")
        print(" ".join(figures))
    finally:
        master.terminate()
        master.wait()


if __name__ == "__main__":
    main()
