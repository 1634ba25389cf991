"""
Publication state shared by sagas and events.

Visibility is decided at read time (state is published, ``publish_at``, if set, has passed
and ``unpublish_at``, if set, has not), so neither scheduled publication nor expiry needs a
cron job or anyone saving. ``visible_q`` is the one place the rule is written; querysets of
related models reuse it with a prefix, and ``Publishable.is_public`` asks the same question
of one row already in memory.
"""

from django.core.exceptions import ValidationError
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
    return (
        Q(**{f"{prefix}state": PublicationState.PUBLISHED})
        & (Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now}))
        & (Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": now}))
    )


def check_schedule(publish_at, unpublish_at) -> None:
    """Refuse an expiry that is not after the go-live time, naming the field."""
    if publish_at is not None and unpublish_at is not None and unpublish_at <= publish_at:
        raise ValidationError(
            {"unpublish_at": _("The expiry must come after the go-live time.")},
            code="expiry_before_go_live",
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
        help_text=_("The go-live time for “Schedule”; empty: public as soon as it is published."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: at this time it leaves the public site by itself."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_schedule(self.publish_at, self.unpublish_at)

    def is_public(self, now=None) -> bool:
        """Whether this row is public at ``now``: ``visible_q``'s rule, for one row in memory."""
        now = now or timezone.now()
        return (
            self.state == PublicationState.PUBLISHED
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    def is_expired(self, now=None) -> bool:
        now = now or timezone.now()
        return self.unpublish_at is not None and self.unpublish_at <= now
