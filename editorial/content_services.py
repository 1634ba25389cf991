"""
The one way an editor creates or changes a content object's facts (everything but its text).

Used by the API for sagas, people, organisations and sources, and by ``event_save``.
A change names the version it was made from, so a stale change is refused (``StaleEdit``)
instead of overwriting someone else's.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_change_facts
from core.concurrency import claim_version


@transaction.atomic
def content_save(
    *, obj: models.Model, user, changes: dict, expected_version: int | None = None
) -> models.Model:
    """Apply ``changes`` to ``obj`` (new, or at ``expected_version``), validate and save."""
    if not can_change_facts(user, obj):
        raise PermissionDenied(_("Only editors change facts."))
    if obj.pk is not None:
        if expected_version is None:
            raise ValueError("A change to an existing object needs the version it was made from.")
        claim_version(obj, expected_version=expected_version, user=user)
        # The claim locked the row: start from it as it now stands, not as it was read
        # before, so fields written meanwhile without a new version (a link check's
        # availability) are not saved back over with what this request read earlier.
        obj.refresh_from_db()
    for name, value in changes.items():
        setattr(obj, name, value)
    if user.is_authenticated:
        obj.updated_by = user
    obj.full_clean()
    obj.save()
    return obj
