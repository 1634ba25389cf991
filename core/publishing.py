"""
Publication state shared by sagas and events.

Visibility is decided at read time (state is published and ``publish_at``, if set, has
passed), so scheduled publication needs no cron job. ``visible_q`` is the one place the
rule is written; querysets of related models reuse it with a prefix.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")


def visible_q(prefix: str = "", now=None) -> Q:
    """Return the condition for a publishable row (reached through ``prefix``) to be public."""
    now = now or timezone.now()
    return Q(**{f"{prefix}state": PublicationState.PUBLISHED}) & (
        Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now})
    )


def published_event_q(prefix: str = "", now=None) -> Q:
    """Return the condition for an event (reached through ``prefix``) and its saga to be public."""
    return visible_q(prefix, now=now) & visible_q(f"{prefix}saga__", now=now)


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(visible_q(now=now))


class Publishable(models.Model):
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish as soon as the state is “published”."),
    )

    class Meta:
        abstract = True

    def is_public(self, now=None) -> bool:
        now = now or timezone.now()
        return self.state == PublicationState.PUBLISHED and (
            self.publish_at is None or self.publish_at <= now
        )
