"""
Background jobs: work too large for one request, run by ``manage.py run_jobs``.

A job row is the whole queue (no broker: the embedded default has no Redis). It says what
to do (``kind`` and ``params``), who asked, how far it got (``done`` of ``total``, the
``step``) and how it ended (``state`` and ``message``). A worker holds a job under a lease
it renews as it reports progress; a job whose lease ran out belongs to a worker that died,
and the next worker puts it back in the queue or gives up on it (runner.py).

A job's work is all or nothing: the handler changes the content and marks the job
succeeded in one transaction (``JobContext.finish``), so whatever happens to the worker,
"succeeded" means everything was applied and any other state means nothing was.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("done")
    REFUSED = "refused", _("refused")
    FAILED = "failed", _("failed")


FINISHED = (JobState.SUCCEEDED, JobState.REFUSED, JobState.FAILED)


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=100)
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("job"), max_length=300)
    # The language of the person who asked: the worker writes the messages in it.
    language = models.CharField(_("language"), max_length=15, default="en")
    state = models.CharField(
        _("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    message = models.TextField(_("result"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Which worker holds the job (host:pid:random) and until when, unless it reports again.
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="jobs_state_created")]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        if self.state == JobState.SUCCEEDED:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED
