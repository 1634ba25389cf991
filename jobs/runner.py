"""
The worker's loop: take back abandoned jobs, claim the next queued one, run it.

Claiming is safe with several workers: on PostgreSQL the candidate row is locked with
``SELECT ... FOR UPDATE SKIP LOCKED`` (two workers never wait on, or take, the same row);
on SQLite, which has one writer at a time, an atomic conditional ``UPDATE ... WHERE
state = 'queued'`` decides (a second worker updates no row and tries the next job).

A worker renews its lease each time the job reports progress. A running job whose lease
has expired was held by a worker that died (killed, machine lost): since a job's work
commits together with its "succeeded" state, such a job changed nothing, and it is queued
again (up to ``SAGA_JOBS_MAX_ATTEMPTS`` attempts), else marked failed, saying so.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs import live
from jobs.models import Job, JobState
from jobs.registry import JobRefused, JobStopped, given_up_for, handler_for

logger = logging.getLogger(__name__)


def lease_seconds() -> int:
    return getattr(settings, "SAGA_JOBS_LEASE_SECONDS", 120)


def max_attempts() -> int:
    return getattr(settings, "SAGA_JOBS_MAX_ATTEMPTS", 3)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"[:100]


class JobContext:
    """What a running handler reports through: progress, and the end of its work."""

    def __init__(self, job: Job, worker: Worker):
        self.job, self.worker = job, worker

    def _mine(self):
        return Job.objects.filter(pk=self.job.pk, state=JobState.RUNNING, worker=self.worker.name)

    def progress(self, done: int, *, total: int | None = None, step: str | None = None) -> None:
        """
        Record how far the job got and renew the lease. Outside the handler's transaction it
        is committed at once; inside, the job's page reads it from the shared cache (live.py).
        """
        if self.worker.stopping:
            raise JobStopped(_("The worker was asked to stop."))
        changes = {"done": done, "lease_expires_at": timezone.now() + self.worker.lease}
        if total is not None:
            changes["total"] = total
        if step is not None:
            changes["step"] = step
        if not self._mine().update(**changes):
            raise JobStopped(_("Another worker took this job over."))
        self.job.done = done
        self.job.total = changes.get("total", self.job.total)
        self.job.step = changes.get("step", self.job.step)
        # Inside the handler's transaction the row shows this only at the end: shared now.
        live.record(self.job, seconds=2 * self.worker.lease.total_seconds())

    def hold(self) -> None:
        """
        Inside the handler's transaction, before it writes: keep the job (or stop if it was
        taken over). On SQLite this first write also takes the database's write lock, so the
        transaction is never refused half-way by a writer that came in between.
        """
        if not self._mine().update(lease_expires_at=timezone.now() + self.worker.lease):
            raise JobStopped(_("Another worker took this job over."))

    def finish(self, message: str) -> None:
        """Inside the handler's transaction: the job succeeded, committed with its work."""
        finished = self._mine().update(
            state=JobState.SUCCEEDED,
            message=message,
            done=self.job.total,
            step="",
            finished_at=timezone.now(),
            lease_expires_at=None,
        )
        if not finished:
            raise JobStopped(_("Another worker took this job over."))


class Worker:
    def __init__(self, *, lease: int | None = None, out=None):
        self.name = worker_name()
        self.lease = timedelta(seconds=lease or lease_seconds())
        self.stopping = False
        self.out = out

    def say(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text)
        else:
            logger.info(text)

    # -- Jobs whose worker died ----------------------------------------------------------

    def take_back_abandoned(self) -> int:
        """Queue again (or fail) running jobs whose lease expired; return how many."""
        now = timezone.now()
        count = 0
        abandoned = Job.objects.filter(state=JobState.RUNNING, lease_expires_at__lt=now)
        for job in abandoned.only("pk", "kind", "params", "attempts", "worker", "language"):
            with translation.override(job.language):
                lost = _(
                    "The worker running it (%(worker)s) stopped before the end; nothing was "
                    "changed."
                ) % {"worker": job.worker}
                if job.attempts < max_attempts():
                    changes = {"state": JobState.QUEUED, "step": lost + " " + _("Trying again.")}
                else:
                    changes = {
                        "state": JobState.FAILED,
                        "message": lost
                        + " "
                        + _("Given up after %(count)d attempts.") % {"count": job.attempts},
                        "step": "",
                        "finished_at": now,
                    }
            # Conditional: a worker that was only slow and is committing now keeps its job.
            taken = Job.objects.filter(
                pk=job.pk, state=JobState.RUNNING, worker=job.worker, lease_expires_at__lt=now
            ).update(lease_expires_at=None, **changes)
            count += taken
            if taken and changes["state"] == JobState.FAILED:
                self.tidy_up(job)
            self.say(f"job {job.pk}: worker {job.worker} lost it; {changes['state']}")
        return count

    def tidy_up(self, job: Job) -> None:
        """Let the kind of ``job`` delete what it kept (its handler will never run again)."""
        given_up = given_up_for(job.kind)
        if given_up is None:
            return
        try:
            given_up(job)
        except Exception:  # the job has failed already: a leftover is logged, not fatal
            logger.exception("job %s: tidying up after it failed", job.pk)

    # -- Claiming ------------------------------------------------------------------------

    def claim(self) -> Job | None:
        """Take the oldest queued job for this worker, or None when there is none."""
        claimed = {
            "state": JobState.RUNNING,
            "worker": self.name,
            "started_at": timezone.now(),
            "lease_expires_at": timezone.now() + self.lease,
        }
        if connection.features.has_select_for_update_skip_locked:
            with transaction.atomic():
                job = (
                    Job.objects.select_for_update(skip_locked=True)
                    .filter(state=JobState.QUEUED)
                    .order_by("created_at", "pk")
                    .first()
                )
                if job is None:
                    return None
                Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1, **claimed)
            return Job.objects.get(pk=job.pk)
        queued = Job.objects.filter(state=JobState.QUEUED).order_by("created_at", "pk")
        for pk, attempts in queued.values_list("pk", "attempts")[:20]:
            if Job.objects.filter(pk=pk, state=JobState.QUEUED).update(
                attempts=attempts + 1, **claimed
            ):
                return Job.objects.get(pk=pk)
        return None

    # -- Running -------------------------------------------------------------------------

    def run(self, job: Job) -> None:
        context = JobContext(job, self)
        handler = handler_for(job.kind)
        self.say(f"job {job.pk}: {job.title}")
        with translation.override(job.language):
            try:
                if handler is None:
                    raise JobRefused(_("Unknown kind of job: %(kind)s.") % {"kind": job.kind})
                handler(job, context)
            except JobStopped as stopped:
                # Nothing was changed: back in the queue for the next worker.
                Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=self.name).update(
                    state=JobState.QUEUED,
                    step=str(stopped),
                    attempts=max(job.attempts - 1, 0),
                    lease_expires_at=None,
                )
                self.say(f"job {job.pk}: stopped, back in the queue")
                return
            except JobRefused as refused:
                self._end(job, JobState.REFUSED, str(refused))
                return
            except Exception as error:  # the job fails, the worker carries on
                logger.exception("job %s failed", job.pk)
                self._end(
                    job,
                    JobState.FAILED,
                    _("Failed; nothing was changed: %(error)s")
                    % {"error": str(error).splitlines()[0] if str(error) else type(error).__name__},
                )
                return
        # A handler that returned without finishing (it had nothing to commit) succeeded.
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=self.name).update(
            state=JobState.SUCCEEDED, step="", finished_at=timezone.now(), lease_expires_at=None
        )
        state = Job.objects.filter(pk=job.pk).values_list("state", flat=True).first()
        self.say(f"job {job.pk}: {state}")

    def _end(self, job: Job, state: str, message: str) -> None:
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=self.name).update(
            state=state,
            message=message,
            step="",
            finished_at=timezone.now(),
            lease_expires_at=None,
        )
        self.say(f"job {job.pk}: {state}: {message}")

    def run_next(self) -> bool:
        """Take back abandoned jobs, then run one queued job; return whether there was one."""
        self.take_back_abandoned()
        job = self.claim()
        if job is None:
            return False
        self.run(job)
        return True
