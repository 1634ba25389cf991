"""Who has which object open in the admin: presence, shared by every server process."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Presence(models.Model):
    """
    One editor with one object's change form open, refreshed by the page's heartbeat.

    Kept in the database rather than a process's memory: the two editors of one event are
    usually served by different workers.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    opened_at = models.DateTimeField(_("opened at"))
    seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        ordering = ["opened_at"]
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="presence_one_per_user"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "seen_at"])]

    def __str__(self):
        return f"{self.user} @ {self.content_type_id}:{self.object_id}"
