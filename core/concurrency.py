"""
Optimistic concurrency: an edit carries the version it started from, and a save made from
an older version is refused instead of silently overwriting someone else's change.
"""

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import freshness


class StaleEdit(Exception):
    """Someone else saved the object after this edit began."""

    def __init__(self, current):
        # The row as it now stands (version, updated_by, updated_at); None once deleted.
        self.current = current
        if current is None:
            super().__init__(_("Someone deleted this after you started editing."))
            return
        who = current.updated_by or _("someone")
        super().__init__(
            _("%(who)s saved this at %(when)s, after you started editing (version %(version)s).")
            % {"who": who, "when": current.updated_at, "version": current.version}
        )


def claim_version(obj: models.Model, *, expected_version: int, user=None) -> int:
    """
    Move ``obj`` to its next version if it is still at ``expected_version``; else raise.

    Call it inside the transaction that saves the edit: the conditional UPDATE locks the
    row, so of two concurrent edits from the same version exactly one wins.
    """
    model = type(obj)
    changes = {"version": F("version") + 1}
    if user is not None and user.is_authenticated:
        changes["updated_by"] = user
    # A claim is a change: "who saved this, and when" must name it even when the row itself
    # is saved later (or not at all, when a child row such as a citation was the change).
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        changes["updated_at"] = timezone.now()
    # The claim and the versions it moves for readers are one write: in the caller's
    # transaction (no savepoint of its own: a refused claim has changed no row), else in one
    # of their own.
    with transaction.atomic(savepoint=False):
        rows = model._default_manager.filter(pk=obj.pk, version=expected_version)
        claimed = rows.update(**changes)
        if claimed:
            freshness.touch_objects(obj)  # update() sends no signal; readers see the version
    if not claimed:
        raise StaleEdit(
            model._default_manager.select_related("updated_by").filter(pk=obj.pk).first()
        )
    obj.version = expected_version + 1
    if "updated_by" in changes:
        obj.updated_by = user
    if "updated_at" in changes:
        obj.updated_at = changes["updated_at"]
    return obj.version
