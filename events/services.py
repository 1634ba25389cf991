"""Writes that carry editorial rules: moving events and sagas through the workflow."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_change_facts, can_publish
from events.models import Event, Saga
from saga_cms.concurrency import claim_version
from saga_cms.publishing import PublicationState
from saga_cms.translation import TranslationStatus


def event_publication_problems(event: Event) -> list[str]:
    """Return why ``event`` cannot be published yet (empty when it can)."""
    problems = []
    if not event.citations.exists():
        problems.append(_("it cites no source (add at least one citation)"))
    original = event.translation(event.original_language)
    if original is None or original.status != TranslationStatus.APPROVED:
        problems.append(
            _("its text in its original language (%(language)s) is not approved")
            % {"language": event.original_language}
        )
    return problems


def _check_transition(*, obj, state: str, user) -> None:
    if state not in PublicationState.values:
        raise ValidationError({"state": _("Unknown state “%(state)s”.") % {"state": state}})
    if not can_change_facts(user, obj):
        raise PermissionDenied(_("Only editors change the publication state."))
    if state == PublicationState.PUBLISHED and not can_publish(user):
        raise PermissionDenied(_("Only editors can publish."))


def _apply_state(obj, *, state, publish_at, user, expected_version):
    if (obj.state, obj.publish_at) == (state, publish_at):
        return obj  # checked, and nothing to change
    # A change of state is an edit like any other: a form opened before it must not undo it.
    claim_version(
        obj,
        expected_version=obj.version if expected_version is None else expected_version,
        user=user,
    )
    obj.state = state
    obj.publish_at = publish_at
    obj.save(update_fields=["state", "publish_at", "updated_at"])
    return obj


@transaction.atomic
def event_set_state(
    *, event: Event, state: str, user, publish_at=None, expected_version: int | None = None
) -> Event:
    """
    Move ``event`` to ``state`` (draft, in review, published), optionally scheduled.

    Only editors change the state. Publishing is refused, naming what is missing, unless
    the event cites a source and its original-language text is approved. Unpublishing
    keeps everything.
    """
    _check_transition(obj=event, state=state, user=user)
    if state == PublicationState.PUBLISHED:
        problems = event_publication_problems(event)
        if problems:
            raise ValidationError(
                {
                    "state": _("This event cannot be published: %(problems)s.")
                    % {"problems": "; ".join(problems)}
                }
            )
    return _apply_state(
        event, state=state, publish_at=publish_at, user=user, expected_version=expected_version
    )


@transaction.atomic
def saga_set_state(
    *, saga: Saga, state: str, user, publish_at=None, expected_version: int | None = None
) -> Saga:
    """Move ``saga`` to ``state``; only editors change it or publish."""
    _check_transition(obj=saga, state=state, user=user)
    return _apply_state(
        saga, state=state, publish_at=publish_at, user=user, expected_version=expected_version
    )
