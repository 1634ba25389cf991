"""Abstract building blocks shared by the content apps."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SlugManagerMixin:
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class UidManagerMixin:
    def get_by_natural_key(self, uid):
        return self.get(uid=uid)


class Versioned(models.Model):
    """
    A row edited by several people: ``version`` grows by one on every save, so an edit
    made from an older version can be refused instead of silently overwriting.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class UidKeyed(models.Model):
    """A row with no natural name of its own gets a stable UUID as its natural key."""

    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True

    def natural_key(self):
        return (str(self.uid),)
