"""
How far a running job got, as its page shows it while the job's work is still under way.

A job's work commits together with its "succeeded" state (all or nothing), so what a
handler reports inside that one transaction (``JobContext.progress``) reaches the job's row
only at the end, with the work. A second database connection is no way round on every
database: PostgreSQL would take the write, but on SQLite the job's transaction holds the
database's one write lock until it commits, so a second writer waits (20 s) and fails. So
each report is also kept in the cache that the site and the workers share
(``CACHES["jobs"]``: Redis when there is one, else files on the one machine), under the job
and the worker holding it, and the job's page reads it while the job runs. The row stays
the record: the state, the result, the last report committed.
"""

from __future__ import annotations

import logging

from django.core.cache import caches

from jobs.models import Job, JobState

logger = logging.getLogger(__name__)


def _key(job: Job) -> str:
    # The worker's name too: a job taken over by another worker starts from its own reports.
    return f"job-progress:{job.pk}:{job.worker}"


def record(job: Job, *, seconds: float) -> None:
    """Keep ``job``'s progress as it is in memory (``done``, ``total``, ``step``) for its page."""
    try:
        caches["jobs"].set(
            _key(job), {"done": job.done, "total": job.total, "step": job.step}, seconds
        )
    except Exception:  # the cache is down: the page shows the last committed report
        logger.warning("job %s: progress not shared", job.pk, exc_info=True)


def latest(job: Job) -> Job:
    """Return ``job`` with the progress its worker reported last, when it is running."""
    if job.state != JobState.RUNNING or not job.worker:
        return job
    try:
        live = caches["jobs"].get(_key(job))
    except Exception:
        logger.warning("job %s: progress not read", job.pk, exc_info=True)
        return job
    if live:
        job.done, job.total, job.step = live["done"], live["total"], live["step"]
    return job
