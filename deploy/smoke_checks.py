"""
The checks of deploy/smoke.sh, against the arrangement it started (SMOKE_APP1, SMOKE_APP2,
SMOKE_VARNISH, SMOKE_S3), with the app servers' own settings and database.

Prints each check as it passes and the figures: reads/s of the cached timeline through
Varnish against the baseline view through Varnish (wrk), and the live run: an edit every
second while a reader polls the timeline through Varnish; no read that starts more than
1 s after a commit may show the page as it was before it. Exits non-zero on the first
failed check, naming it.
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.wrk import parse_wrk, wrk_command  # noqa: E402
from events.models import Event, EventTranslation  # noqa: E402
from tests.edge.desk import api_events, retitle_event  # noqa: E402
from tests.http_client import get, signed_in  # noqa: E402
from tests.images.pictures import camera_jpeg  # noqa: E402
from tests.images.test_admin import add_data  # noqa: E402

APP1, APP2 = os.environ["SMOKE_APP1"], os.environ["SMOKE_APP2"]
VARNISH, S3 = os.environ["SMOKE_VARNISH"], os.environ["SMOKE_S3"]
TIMELINE, OTHER_TIMELINE, BASELINE = "/ja/sagas/alpha/", "/ja/sagas/beta/", "/bench/baseline/"
USER, PASSWORD = "smoke", "smoke-password-1"


class CheckFailed(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)
    print(f"  ok  {what}", flush=True)


def wait_until_ready() -> None:
    deadline = time.monotonic() + 90
    for base, path in ((APP1, "/readyz"), (APP2, "/readyz"), (VARNISH, TIMELINE)):
        while True:
            try:
                if get(base + path).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise CheckFailed(f"{base}{path} did not answer 200 within 90 s")
            time.sleep(0.3)


def through_varnish(path: str, **headers):
    return get(VARNISH + path, headers=headers)


# A reader may get the answer a change replaced for the response cache's grace (half a
# second, SAGA_ANSWER_GRACE_SECONDS) while it is built again; never longer than 1 s.
FRESH_WITHIN = 1.0


def reads_until(read, is_fresh, saved_at: float) -> list:
    """Read until an answer is fresh or 1 s after ``saved_at`` has passed; return them all."""
    answers = [read()]
    while not is_fresh(answers[-1]) and time.monotonic() - saved_at < FRESH_WITHIN:
        time.sleep(0.05)
        answers.append(read())
    return answers


def edge_checks() -> None:
    print("Edge cache (Varnish in front of both app servers)", flush=True)
    through_varnish(TIMELINE)
    through_varnish(OTHER_TIMELINE)
    hit = through_varnish(TIMELINE)
    check(hit.headers["X-Cache"] == "hit", "the timeline is served from Varnish (X-Cache: hit)")
    check(through_varnish(OTHER_TIMELINE).headers["X-Cache"] == "hit", "so is another saga's")
    event = api_events(APP1, "alpha")[0]
    saved_at = retitle_event(
        signed_in(VARNISH, USER, PASSWORD), event["id"], "ja", "エッジ経由の編集"
    )
    reads = reads_until(
        lambda: through_varnish(TIMELINE),
        lambda answer: "エッジ経由の編集" in answer.body,
        saved_at,
    )
    # Purged: the next read goes to an app server (X-Cache miss, or pass for the answer the
    # edit replaced, sent in the grace and marked so that Varnish does not keep it).
    check(
        reads[0].headers["X-Cache"] in ("miss", "pass"),
        "an edit through the admin purges the timeline: the next read is not Varnish's copy",
    )
    check(
        "エッジ経由の編集" in reads[-1].body,
        f"a reader through Varnish sees the edit within {FRESH_WITHIN:.0f} s "
        f"({len(reads)} read(s))",
    )
    check(
        all(read.headers["X-Cache"] != "hit" for read in reads[:-1]),
        "the answer the edit replaced is never kept by Varnish",
    )
    check(
        through_varnish(OTHER_TIMELINE).headers["X-Cache"] == "hit",
        "the other saga's timeline stays cached",
    )
    session = signed_in(VARNISH, USER, PASSWORD).cookie("sessionid")
    staff = through_varnish(TIMELINE, Cookie=f"sessionid={session}")
    check(staff.headers["X-Cache"] == "pass", "signed-in staff are never served from the cache")
    anonymous = through_varnish(TIMELINE, Cookie="csrftoken=x; django_language=en")
    check(anonymous.headers["X-Cache"] == "hit", "anonymous readers' cookies are dropped")


def app_server_checks() -> None:
    print("Two app servers sharing PostgreSQL, Redis and the S3 bucket", flush=True)
    for base in (APP1, APP2):
        check(get(base + "/readyz").status == 200, f"{base}/readyz: database, cache, storage")
    event = api_events(APP2, "alpha")[1]
    saved_at = retitle_event(
        signed_in(APP1, USER, PASSWORD), event["id"], "en", "Edited through app one"
    )
    reads = reads_until(
        lambda: api_events(APP2, "alpha"),
        lambda events: any(e["headline"] == "Edited through app one" for e in events),
        saved_at,
    )
    check(
        any(e["headline"] == "Edited through app one" for e in reads[-1]),
        f"an edit through app server 1 is read through app server 2 within {FRESH_WITHIN:.0f} s",
    )
    uploaded = signed_in(APP1, USER, PASSWORD).post(
        "/admin/images/image/add/",
        {key: value for key, value in add_data(None).items() if key != "file"},
        files={"file": ("smoke.jpg", camera_jpeg((900, 600)), "image/jpeg")},
    )
    check(uploaded.status == 302, "an image is uploaded through app server 1")
    image_path = uploaded.headers["Location"].split("?")[0]
    if not image_path.rstrip("/").endswith("change"):
        image_path = signed_in(APP1, USER, PASSWORD).get("/admin/images/image/").body
        image_path = re.search(r'href="(/admin/images/image/\d+/change/)', image_path).group(1)
    page = signed_in(APP2, USER, PASSWORD).get(image_path).body
    urls = re.findall(rf'"({re.escape(S3)}/[^"]+\.(?:jpg|jpeg|webp|png))"', page)
    check(bool(urls), "app server 2 shows it, from the bucket")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(urls[0], timeout=30) as answer:
        check(answer.read()[:3] == b"\xff\xd8\xff", "its file is served from the S3 server")

    # The second event of the timeline (its first page), published 15 s from now.
    scheduled = Event.objects.filter(saga__slug="alpha").order_by("position")[1]
    text = EventTranslation.objects.get(event=scheduled, language_code="en")
    headline = text.headline = "Scheduled by the smoke run"
    with transaction.atomic():
        text.save()
        scheduled.publish_at = timezone.now() + timedelta(seconds=15)
        scheduled.save()

    def shown(base):
        return get(f"{base}/api/v1/events/{scheduled.pk}/").status == 200

    def on_the_timeline():
        return headline in get(f"{VARNISH}/en/sagas/alpha/").body

    hidden = not shown(APP1), not shown(APP2), not on_the_timeline()
    check(timezone.now() < scheduled.publish_at, "(those reads took less than 15 s)")
    check(hidden[0], "an event scheduled 15 s ahead is hidden on app server 1")
    check(hidden[1], "and on app server 2")
    check(hidden[2], "and on the timeline through Varnish")
    time.sleep(max(0.0, (scheduled.publish_at - timezone.now()).total_seconds()) + 0.5)
    check(shown(APP1) and shown(APP2), "once its time has come it is visible on both")
    check(on_the_timeline(), "and on the timeline through Varnish")


def throughput(duration: int) -> None:
    print(f"Reads through Varnish (wrk, {duration} s each, 8 connections)", flush=True)
    through_varnish(TIMELINE)
    figures = {}
    for label, path in (("cached timeline", TIMELINE), ("baseline view", BASELINE)):
        done = subprocess.run(
            wrk_command(VARNISH + path, duration=duration),
            capture_output=True,
            text=True,
            check=True,
        )
        figures[label] = parse_wrk(done.stdout)
        load = figures[label]
        print(
            f"  {label:16} {load.requests_per_second:9.0f} reads/s   p50 {load.p50_ms:.2f} ms"
            f"   p99 {load.p99_ms:.2f} ms   failed {load.failed}",
            flush=True,
        )
    cached, baseline = figures["cached timeline"], figures["baseline view"]
    ratio = cached.requests_per_second / baseline.requests_per_second
    print(f"  cached timeline / baseline view through Varnish: {ratio:.1f} ×", flush=True)
    check(cached.failed == 0 and baseline.failed == 0, "no read failed under load")


def live(duration: int) -> None:
    print(f"Live: an edit every second for {duration} s, the timeline read through Varnish")
    event = Event.objects.filter(saga__slug="alpha").order_by("position").first()
    text = EventTranslation.objects.get(event=event, language_code="ja")
    commits: list[float] = []  # when edit number n (index) committed
    reads: list[tuple[float, float, int]] = []  # (read started, ended, the edit it shows)
    done = threading.Event()

    def reader():
        while not done.is_set():
            started = time.monotonic()
            found = re.search(r"ライブ編集 (\d+)", get(VARNISH + TIMELINE).body)
            reads.append((started, time.monotonic(), int(found.group(1)) if found else -1))
            time.sleep(0.02)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    for number in range(duration):
        with transaction.atomic():
            text.headline = f"ライブ編集 {number}"
            text.save()
        commits.append(time.monotonic())  # after commit and the purges it sent
        time.sleep(max(0.0, 1.0 - (time.monotonic() - commits[-1])))
    time.sleep(1.2)
    done.set()
    thread.join()

    stale = [
        (started, shows)
        for started, _ended, shows in reads
        if shows < max((n for n, at in enumerate(commits) if at + 1.0 < started), default=-1)
    ]
    lags = []  # from each commit to the end of the first read begun after it that showed it
    for number, at in enumerate(commits):
        seen = [ended for started, ended, shows in reads if shows >= number and started >= at]
        if seen:
            lags.append(min(seen) - at)
    took = sorted(ended - started for started, ended, _shows in reads)
    print(
        f"  {len(commits)} edits, {len(reads)} reads (median {took[len(took) // 2] * 1000:.0f} ms,"
        f" slowest {took[-1] * 1000:.0f} ms: after each purge the timeline is rendered again)",
        flush=True,
    )
    print(
        f"  from a commit to a read showing it: median {sorted(lags)[len(lags) // 2] * 1000:.0f}"
        f" ms, at worst {max(lags) * 1000:.0f} ms",
        flush=True,
    )
    check(len(lags) == len(commits), "every edit was seen through Varnish")
    check(not stale, f"no read older than 1 s after commit ({len(stale)} were)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load, of live edits")
    options = parser.parse_args()
    started = time.monotonic()
    try:
        wait_until_ready()
        edge_checks()
        app_server_checks()
        throughput(options.duration)
        live(options.duration)
    except CheckFailed as failure:
        print(f"FAILED {failure}", flush=True)
        return 1
    print(f"smoke: every check passed in {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
