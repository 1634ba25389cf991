"""Writes that carry editorial rules: moving events and sagas through the workflow."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_publish
from events.models import Event, Saga
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


@transaction.atomic
def event_set_state(*, event: Event, state: str, user, publish_at=None) -> Event:
    """
    Move ``event`` to ``state`` (draft, in review, published), optionally scheduled.

    Publishing is for editors only and is refused, naming what is missing, unless the event
    cites a source and its original-language text is approved. Unpublishing keeps everything.
    """
    if state not in PublicationState.values:
        raise ValidationError({"state": _("Unknown state “%(state)s”.") % {"state": state}})
    if state == PublicationState.PUBLISHED:
        if not can_publish(user):
            raise PermissionDenied(_("Only editors can publish."))
        problems = event_publication_problems(event)
        if problems:
            raise ValidationError(
                {
                    "state": _("This event cannot be published: %(problems)s.")
                    % {"problems": "; ".join(problems)}
                }
            )
    event.state = state
    event.publish_at = publish_at
    event.save(update_fields=["state", "publish_at", "updated_at"])
    return event


@transaction.atomic
def saga_set_state(*, saga: Saga, state: str, user, publish_at=None) -> Saga:
    """Move ``saga`` to ``state``; publishing a saga is for editors only."""
    if state not in PublicationState.values:
        raise ValidationError({"state": _("Unknown state “%(state)s”.") % {"state": state}})
    if state == PublicationState.PUBLISHED and not can_publish(user):
        raise PermissionDenied(_("Only editors can publish."))
    saga.state = state
    saga.publish_at = publish_at
    saga.save(update_fields=["state", "publish_at", "updated_at"])
    return saga
