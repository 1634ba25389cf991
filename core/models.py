"""
The content versions every process reads (core.freshness).

One row per dependency key (``saga-12``, ``person-3``, ``sagas``...; see core.signals) and
one global row, ``*``, moved by every transaction that changes content. They live in the
database so that every worker, management command and machine sharing it sees a change as
soon as the change itself is committed: the rows are written in the same transaction.
"""

from django.db import models


class ContentVersion(models.Model):
    key = models.CharField(max_length=64, primary_key=True)
    # The value of the global row ("*") when the key last changed: versions only grow.
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()
    # The version before this one: an answer built at it is stale since ``changed_at`` only
    # (it missed one change), which bounds how long ago it went stale (response_cache's grace).
    previous_version = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"{self.key} @ {self.version}"


class ScheduledChange(models.Model):
    """A time at which what a key names changes without a write: a go-live or an expiry."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        verbose_name = "scheduled change"
        indexes = [models.Index(fields=["key", "at"], name="scheduled_change_key_at")]

    def __str__(self):
        return f"{self.key} at {self.at:%Y-%m-%d %H:%M}"
