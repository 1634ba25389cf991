"""
The done-when of issue 22: a bulk action's worker is killed part-way (``kill -9``, no chance
to clean up) and the selection is found either untouched or complete, with the job's state
telling which; a new worker then finishes it. Also: SIGTERM stops a worker cleanly.

Real processes on a real database: ``manage.py run_jobs`` runs in a process of its own on a
saga made by ``generate_saga``. With a PostgreSQL test database the processes use it (hence
a transactional test); on SQLite they share a file of their own. The test reads the database
directly (not through Django) while the worker runs, as another process would.
"""

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.faults.faults import environment, manage
from tests.readpath.test_across_processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)

EVENTS = 600
APPLYING = "Applying"


@pytest.fixture
def site(tmp_path, newsroom_roles):
    env = {
        "CACHE_URL": None,
        "REDIS_URL": None,
        "DATABASE_URL": database_url(tmp_path),
        "DJANGO_DEBUG": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
        "SAGA_BULK_BATCH_SIZE": "50",  # many progress reports: many moments to be killed at
        "SAGA_BULK_IN_REQUEST_MAX": "0",
    }
    manage(env, "migrate", "--no-input")
    manage(env, "create_editor", "--username", "desk", "--password", "desk-password-1")
    manage(env, "generate_saga", "--events", str(EVENTS), "--seed", "1")
    return env


def query(env, sql: str, params=()) -> list[tuple]:
    """Read the site's database from outside Django, as another process does."""
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            return db.execute(sql.replace("?", "%s"), params).fetchall()
    with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"), timeout=30) as db:
        return db.execute(sql, params).fetchall()


def queue_unpublish(env) -> int:
    """Queue, as the editor would from the admin, the unpublishing of the whole saga."""
    code = (
        "import json; from django.contrib.auth import get_user_model;"
        "from django.utils import translation; translation.activate('en');"
        "from events.models import Event; from events.bulk_publication import bulk_state_start;"
        "ids = list(Event.objects.filter(saga__slug='synthetic').values_list('pk', flat=True));"
        "user = get_user_model().objects.get(username='desk');"
        "print(json.dumps(bulk_state_start(model=Event, ids=ids, action='unpublish', "
        "user=user).job.pk))"
    )
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def selection(env) -> list[tuple]:
    """Every event of the saga: (id, state, version), and how many revisions exist."""
    return query(
        env,
        "SELECT e.id, e.state, e.version FROM events_event e JOIN events_saga s "
        "ON s.id = e.saga_id WHERE s.slug = 'synthetic' ORDER BY e.id",
    )


def job_row(env, pk) -> dict:
    (row,) = query(
        env,
        "SELECT state, done, total, step, message, attempts, worker FROM jobs_job WHERE id = ?",
        (pk,),
    )
    names = ["state", "done", "total", "step", "message", "attempts", "worker"]
    return dict(zip(names, row, strict=True))


def revisions(env) -> int:
    return query(env, "SELECT COUNT(*) FROM reversion_revision")[0][0]


def start_worker(env, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_jobs", *args],
        cwd=settings.BASE_DIR,
        env=environment(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, process, *, seconds=300):
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            return False  # the worker ended first (it was quicker than the poll)
        assert time.monotonic() < deadline, "the worker never got there"
        time.sleep(0.02)
    return True


def untouched_or_complete(before, after, job) -> str:
    """Assert the selection is as it was or entirely unpublished, as the job's state says."""
    if job["state"] == "succeeded":
        assert {state for _pk, state, _version in after} == {"draft"}
        for (pk, state, version), (_pk, _state, now) in zip(before, after, strict=True):
            assert now == (version if state == "draft" else version + 1), pk
        return "complete"
    assert job["state"] == "running"  # as the dead worker left it: its lease will expire
    assert after == before
    return "untouched"


@pytest.mark.parametrize("moment", ["while preparing", "while applying"])
def test_a_killed_worker_leaves_the_selection_untouched_or_complete(site, moment):
    env = site
    before, revisions_before = selection(env), revisions(env)
    assert len(before) == EVENTS and {s for _pk, s, _v in before} > {"published"}
    job = queue_unpublish(env)
    worker = start_worker(env, "--lease", "2")

    def reached():
        row = job_row(env, job)
        if moment == "while preparing":
            return row["state"] == "running" and 0 < row["done"] < row["total"]
        return row["state"] == "running" and row["step"].startswith(APPLYING)

    wait_for(reached, worker)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)

    found = job_row(env, job)
    outcome = untouched_or_complete(before, selection(env), found)
    if outcome == "untouched":
        assert revisions(env) == revisions_before  # no revision of a change that never was
        # A new worker sees the lease expire, queues the job again and finishes it.
        deadline = time.monotonic() + 60
        while (
            query(
                env,
                "SELECT COUNT(*) FROM jobs_job WHERE id = ? AND lease_expires_at < ?",
                (job, _now_text()),
            )[0][0]
            == 0
        ):
            assert time.monotonic() < deadline
            time.sleep(0.2)
    manage(env, "run_jobs", "--once")

    finished = job_row(env, job)
    assert finished["state"] == "succeeded", finished
    assert finished["message"] == f"{EVENTS} events unpublished. " + (
        f"{sum(1 for _pk, s, _v in before if s == 'draft')} of them already were."
    )
    untouched_or_complete(before, selection(env), finished)  # complete, each changed once
    if outcome == "untouched":
        assert finished["attempts"] == 2
        assert revisions(env) == revisions_before + EVENTS // 50  # one per batch, once


def test_sigterm_stops_a_worker_cleanly_and_the_job_waits_for_the_next(site):
    env = site
    before = selection(env)
    job = queue_unpublish(env)
    worker = start_worker(env)

    wait_for(lambda: job_row(env, job)["done"] > 0, worker)
    worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=120)

    assert worker.returncode == 0, output
    row = job_row(env, job)
    if row["state"] != "succeeded":  # it stopped at the next batch: back in the queue
        assert row["state"] == "queued" and row["attempts"] == 0, row
        assert selection(env) == before
        manage(env, "run_jobs", "--once")
    assert job_row(env, job)["state"] == "succeeded"
    assert {state for _pk, state, _v in selection(env)} == {"draft"}


def _now_text() -> str:
    from django.utils import timezone

    now = timezone.now()
    if connection.vendor == "postgresql":
        return now.isoformat()
    return now.strftime("%Y-%m-%d %H:%M:%S.%f")
