"""
A large XLIFF upload imported by a real worker process: its job page, read by another
process meanwhile, shows the import moving, although the import is one transaction that
commits nothing before its end (the reports reach the page through ``jobs.live``).

Real processes on a real database, as in ``tests/jobs/test_worker_killed.py``: with a
PostgreSQL test database the processes use it (hence a transactional test); on SQLite they
share a file of their own, in WAL mode.
"""

import json
import re
import subprocess
import sys

import pytest
from django.conf import settings

from tests.faults.faults import environment, manage
from tests.readpath.test_across_processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)

_TARGET = re.compile(r"<target([^>]*?)(?:/>|>(.*?)</target>)", re.S)

QUEUE = """
from django.contrib.auth import get_user_model
from django.utils import translation
from events.models import Saga
from translations.xliff_jobs import xliff_import_start
translation.activate("en")
data = open({path!r}, "rb").read()
user = get_user_model().objects.get(username="desk")
started = xliff_import_start(
    data, file_name="back.xlf", user=user, saga=Saga.objects.get(slug="synthetic"),
    language_code="en",
)
print(started.job.pk)
"""

# A worker whose batches are small and slow: many reports, time to read the page between.
WORKER = """
import time
import translations.xliff as xliff
from jobs.runner import JobContext, Worker
xliff.IMPORT_BATCH = 40
report = JobContext.progress
def slow(self, *args, **kwargs):
    report(self, *args, **kwargs)
    time.sleep(0.3)
JobContext.progress = slow
assert Worker().run_next()
"""

# Another process reads the job's page as the editor does, until the job ends; it records
# what the page shows and what the job's row holds (committed) at each moment.
READER = """
import json, re, sys, time
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from jobs.models import Job
client = Client(HTTP_ACCEPT_LANGUAGE="en")
client.force_login(get_user_model().objects.get(username="desk"))
page = reverse("admin:jobs_job_change", args=[{job}])
print("ready", flush=True)
seen = []
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    html = client.get(page).content.decode()
    state = re.search(r'data-state="(\\w+)"', html)[1]
    done = int(re.search(r"\\(([\\d,]+) of [\\d,]+\\)", html)[1].replace(",", ""))
    step = re.search(r'class="job-step">([^<]*)<', html)
    committed = Job.objects.values_list("done", flat=True).get(pk={job})
    seen.append([state, done, step[1] if step else "", committed])
    if state not in ("queued", "running"):
        break
    time.sleep(0.05)
print(json.dumps(seen))
"""


def changed_export(env, path) -> None:
    manage(env, "export_xliff", "synthetic", "en", "-o", str(path))
    text = _TARGET.sub(
        lambda m: f"<target{m[1]}>{m[2] or ''} (rev.)</target>", path.read_text("utf-8")
    )
    path.write_text(text, "utf-8")


def shell(env, code: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=settings.BASE_DIR,
        env=environment(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_job_page_shows_an_import_moving_while_nothing_is_committed(tmp_path, newsroom_roles):
    env = {
        "CACHE_URL": None,  # no Redis: the workers and the site share files on this machine
        "REDIS_URL": None,
        "SAGA_JOBS_PROGRESS_DIR": str(tmp_path / "progress"),
        "DATABASE_URL": database_url(tmp_path),
        "DJANGO_DEBUG": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "SAGA_XLIFF_IN_REQUEST_MAX_BYTES": "0",  # every upload is a job
    }
    manage(env, "migrate", "--no-input")
    manage(env, "create_editor", "--username", "desk", "--password", "desk-password-1")
    manage(env, "generate_saga", "--events", "150", "--seed", "1")
    path = tmp_path / "synthetic.en.xlf"
    changed_export(env, path)
    job = int(manage(env, "shell", "-c", QUEUE.format(path=str(path))).split()[-1])

    reader = shell(env, READER.format(job=job))
    assert reader.stdout.readline().strip() == "ready"  # signed in before the import
    worker = shell(env, WORKER)
    worker_out, worker_err = worker.communicate(timeout=300)
    reader_out, reader_err = reader.communicate(timeout=300)

    assert worker.returncode == 0, worker_err
    assert reader.returncode == 0, reader_err
    seen = json.loads(reader_out.strip().splitlines()[-1])
    assert seen[-1][0] == "succeeded", seen[-1]
    during = [
        (done, step, committed) for state, done, step, committed in seen if state == "running"
    ]
    moving = sorted({done for done, _step, committed in during if done and not committed})
    # Several counts, growing, while the job's row still says 0: nothing committed yet.
    assert len(moving) >= 2, seen
    assert any("applied; all saved together at the end" in step for _d, step, _c in during)
