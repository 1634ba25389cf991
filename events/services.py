"""Writes that carry editorial rules: moving events and sagas through the workflow."""

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from accounts.permissions import can_change_facts, can_publish
from core.concurrency import claim_version
from core.publishing import PublicationState, check_schedule
from editorial.content_services import content_save
from events.models import Citation, Event, EventTranslation, Involvement, Saga
from translations.machinery import TranslationStatus

# A keyword left out: the value stays as it is.
UNCHANGED = object()


def event_publication_problems(event: Event) -> list[str]:
    """Return why ``event`` cannot be published yet (empty when it can)."""
    return publication_problems_by_event(Event.objects.filter(pk=event.pk)).get(event.pk, [])


def publication_problems_by_event(events) -> dict[int, list[str]]:
    """
    Return, for each event of ``events`` (a queryset) that cannot be published, why: the
    publish guard in one query, for one event or ten thousand.
    """
    approved_original = EventTranslation.objects.filter(
        event=OuterRef("pk"),
        language_code=OuterRef("original_language"),
        status=TranslationStatus.APPROVED,
    )
    rows = (
        events.order_by()
        .annotate(
            cited=Exists(Citation.objects.filter(event=OuterRef("pk"))),
            approved=Exists(approved_original),
        )
        .filter(Q(cited=False) | Q(approved=False))
        .values_list("pk", "original_language", "cited", "approved")
    )
    problems = {}
    for pk, language, cited, approved in rows:
        found = []
        if not cited:
            found.append(_("it cites no source (add at least one citation)"))
        if not approved:
            found.append(
                _("its text in its original language (%(language)s) is not approved")
                % {"language": language}
            )
        problems[pk] = found
    return problems


def check_transition(*, obj, state: str, user) -> None:
    """Refuse a change of state ``user`` may not make (``obj``: an object or its model)."""
    if state not in PublicationState.values:
        raise ValidationError({"state": _("Unknown state “%(state)s”.") % {"state": state}})
    if not can_change_facts(user, obj):
        raise PermissionDenied(_("Only editors change the publication state."))
    if state == PublicationState.PUBLISHED and not can_publish(user):
        raise PermissionDenied(_("Only editors can publish."))


def _apply_state(obj, *, state, publish_at, unpublish_at, user, expected_version):
    if unpublish_at is UNCHANGED:
        unpublish_at = obj.unpublish_at
    check_schedule(publish_at, unpublish_at)
    if (obj.state, obj.publish_at, obj.unpublish_at) == (state, publish_at, unpublish_at):
        return obj  # checked, and nothing to change
    # A change of state is an edit like any other: a form opened before it must not undo it.
    claim_version(
        obj,
        expected_version=obj.version if expected_version is None else expected_version,
        user=user,
    )
    obj.state = state
    obj.publish_at = publish_at
    obj.unpublish_at = unpublish_at
    obj.save(update_fields=["state", "publish_at", "unpublish_at", "updated_at"])
    return obj


@transaction.atomic
def event_set_state(
    *,
    event: Event,
    state: str,
    user,
    publish_at=None,
    unpublish_at=UNCHANGED,
    expected_version: int | None = None,
) -> Event:
    """
    Move ``event`` to ``state`` (draft, in review, published), optionally scheduled: it goes
    live at ``publish_at`` and leaves the public site at ``unpublish_at`` (kept as it is when
    not given).

    Only editors change the state. Publishing is refused, naming what is missing, unless
    the event cites a source and its original-language text is approved. Unpublishing
    keeps everything.
    """
    check_transition(obj=event, state=state, user=user)
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
        event,
        state=state,
        publish_at=publish_at,
        unpublish_at=unpublish_at,
        user=user,
        expected_version=expected_version,
    )


@transaction.atomic
def saga_set_state(
    *,
    saga: Saga,
    state: str,
    user,
    publish_at=None,
    unpublish_at=UNCHANGED,
    expected_version: int | None = None,
) -> Saga:
    """Move ``saga`` to ``state``; only editors change it or publish."""
    check_transition(obj=saga, state=state, user=user)
    return _apply_state(
        saga,
        state=state,
        publish_at=publish_at,
        unpublish_at=unpublish_at,
        user=user,
        expected_version=expected_version,
    )


@transaction.atomic
def event_save(
    *,
    event: Event,
    user,
    changes: dict,
    expected_version: int | None = None,
    tags=None,
    people=None,
    citations=None,
) -> Event:
    """
    Create or change an event's facts on behalf of an editor, all or nothing.

    ``changes`` holds model fields; ``state`` and ``publish_at`` among them go through
    ``event_set_state`` (the publish guard) after everything else is saved. ``tags``,
    ``people`` ([{person, role}]) and ``citations`` ([{uid?, source, stance, quote, locator,
    note}]) replace the event's, in the order given; a citation named by ``uid`` is kept
    with its translations.
    """

    def replace_relations():
        if tags is not None:
            event.tags.set(tags)
        if people is not None:
            _replace_involvements(event, people)
        if citations is not None:
            _replace_citations(event, citations)

    return _facts_then_state_save(
        event,
        user=user,
        changes=changes,
        expected_version=expected_version,
        then=replace_relations,
        set_state=lambda **state: event_set_state(event=event, **state),
    )


def _facts_then_state_save(obj, *, user, changes, expected_version, set_state, then=None):
    """
    Save ``obj``'s facts (``content_save``), then ``then()``, then its state and schedule
    through ``set_state`` (the publish rules) when ``changes`` names them.
    """
    changes = dict(changes)
    state = changes.pop("state", UNCHANGED)
    publish_at = changes.pop("publish_at", UNCHANGED)
    unpublish_at = changes.pop("unpublish_at", UNCHANGED)
    content_save(obj=obj, user=user, changes=changes, expected_version=expected_version)
    if then is not None:
        then()
    if any(value is not UNCHANGED for value in (state, publish_at, unpublish_at)):
        set_state(
            state=obj.state if state is UNCHANGED else state,
            publish_at=obj.publish_at if publish_at is UNCHANGED else publish_at,
            unpublish_at=unpublish_at,
            user=user,
        )
    return obj


def _replace_involvements(event: Event, people: list[dict]) -> None:
    event.involvements.all().delete()
    for position, involvement in enumerate(people):
        row = Involvement(event=event, position=position, **involvement)
        row.full_clean()
        row.save()


def _replace_citations(event: Event, citations: list[dict]) -> None:
    existing = {citation.uid: citation for citation in event.citations.all()}
    kept = []
    for position, data in enumerate(citations):
        data = dict(data)
        uid = data.pop("uid", None)
        if uid is not None and uid not in existing:
            raise ValidationError(
                {"citations": _("This event has no citation %(id)s.") % {"id": uid}}
            )
        citation = existing.get(uid) or Citation(event=event)
        for name, value in data.items():
            setattr(citation, name, value)
        citation.position = position
        citation.full_clean()
        citation.save()
        kept.append(citation.pk)
    event.citations.exclude(pk__in=kept).delete()


@transaction.atomic
def event_delete(*, event: Event, user, expected_version: int) -> None:
    """Delete ``event`` (editors only), unless someone changed it since ``expected_version``."""
    if not (
        user.is_active and user.has_perm(f"events.{get_permission_codename('delete', Event._meta)}")
    ):
        raise PermissionDenied(_("Only editors delete events."))
    claim_version(event, expected_version=expected_version, user=user)
    event.delete()


@transaction.atomic
def saga_save(*, saga: Saga, user, changes: dict, expected_version: int | None = None) -> Saga:
    """Create or change a saga's facts; its state and schedule go through ``saga_set_state``."""
    return _facts_then_state_save(
        saga,
        user=user,
        changes=changes,
        expected_version=expected_version,
        set_state=lambda **state: saga_set_state(saga=saga, **state),
    )
