"""
Bulk publication: publish, send to review or unpublish a selection of events or sagas, all
or nothing, at any size. The admin's actions (small selections in the request, large ones
as a background job) and the job itself all call ``bulk_set_state``.

How a selection is never half applied, even when the worker is killed:

1. Check: who may (the workflow's rule, ``check_transition``) and, when publishing, the
   publish guard for the whole selection in a few queries. One object that may not be
   published refuses the whole selection, naming them; nothing is changed.
2. Prepare, batch by batch, outside any transaction: load each batch, work out each
   object's new state and schedule (publishing now drops a passed expiry; review and
   unpublish keep the schedule), and serialize its revision (the object and the rows it
   follows, a query per relation: editorial.batch_revisions). Each batch reports progress,
   committed at once, so the editor sees it.
3. Apply, in one transaction: check the guard again; per batch, lock the rows and compare
   their versions with the prepared ones (a batch someone edited meanwhile is prepared again,
   under the lock), change them with one ``UPDATE`` (version moved, so a form opened before
   cannot overwrite it), write one revision for the batch with one bulk insert, and move the
   freshness keys of what changed (with the expiry of what goes public, a scheduled change).
   The job is marked succeeded in this same transaction.

Progress is written only in step 2, in short transactions of its own: SQLite has one writer,
so nothing outside the final transaction could write while it holds the lock; and a
separate connection on PostgreSQL would make the two databases behave differently. Step 3
is bulk writes only (about 2 s of CPU at 10,000 events), so the lease of the job outlasts it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import freshness
from core.publishing import PublicationState
from editorial.batch_revisions import PreparedVersion, prepare_versions, save_revision
from events.freshness import events_keys, saga_keys
from events.models import Event, Saga
from events.services import check_transition, publication_problems_by_event
from translations.labels import text_label

JOB_KIND = "events.bulk_publication"
NAMED_AT_MOST = 10  # objects a refusal names; the rest are counted


@dataclass(frozen=True)
class BulkAction:
    name: str
    state: str
    keep_schedule: bool  # review and unpublish keep go-live and expiry; publishing now does not
    label: str
    done: str  # "%(count)s %(things)s unpublished."


ACTIONS = {
    action.name: action
    for action in (
        BulkAction(
            "publish",
            PublicationState.PUBLISHED,
            False,
            gettext_lazy("Publish now"),
            gettext_lazy("%(count)s %(things)s published."),
        ),
        BulkAction(
            "review",
            PublicationState.IN_REVIEW,
            True,
            gettext_lazy("Send to review"),
            gettext_lazy("%(count)s %(things)s sent to review."),
        ),
        BulkAction(
            "unpublish",
            PublicationState.DRAFT,
            True,
            gettext_lazy("Unpublish (back to draft)"),
            gettext_lazy("%(count)s %(things)s unpublished."),
        ),
    )
}


class BulkRefused(Exception):
    """The selection was refused as a whole; nothing was changed. The message names why."""


# -- What a bulk action works on --------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    model: type
    rows: Callable  # ids -> queryset loading what the objects' names show (for revisions)
    keys: Callable  # ids -> freshness keys a change touches
    problems: Callable | None = None  # ids -> {pk: [why it cannot be published]}


def _sagas_keys(ids) -> set[str]:
    return {key for pk in ids for key in saga_keys(pk)}


SUBJECTS = {
    Event: Subject(
        Event,
        lambda ids: Event.objects.filter(pk__in=ids).select_related("saga"),
        lambda ids: events_keys(Event.objects.filter(pk__in=ids)),
        lambda ids: publication_problems_by_event(Event.objects.filter(pk__in=ids)),
    ),
    Saga: Subject(
        Saga,
        lambda ids: Saga.objects.filter(pk__in=ids),
        _sagas_keys,
    ),
}


def things_label(model, count: int) -> str:
    opts = model._meta
    return str(opts.verbose_name if count == 1 else opts.verbose_name_plural)


def describe(model, action_name: str, count: int) -> str:
    """The job's title: “Unpublish (back to draft): 10,000 events”."""
    return _("%(action)s: %(count)s %(things)s") % {
        "action": ACTIONS[action_name].label,
        "count": number_format(count, force_grouping=True),
        "things": things_label(model, count),
    }


# -- The service --------------------------------------------------------------------------------


@dataclass
class _Batch:
    ids: list[int]
    expected: dict[int, int] = field(default_factory=dict)  # pk -> version it was prepared from
    versions: list[PreparedVersion] = field(default_factory=list)
    going_public_until: dict[int, object] = field(default_factory=dict)  # pk -> future expiry


def bulk_set_state(
    *,
    model,
    ids: Iterable[int],
    action: str,
    user,
    report: Callable[[int, int], None] | None = None,
    hold: Callable[[], None] | None = None,
    finish: Callable[[str], None] | None = None,
) -> str:
    """
    Apply ``action`` (publish, review, unpublish) to the ``model`` objects ``ids`` on behalf
    of ``user``, all or nothing; return the message saying what was done.

    ``report(done, total)`` hears progress while the change is prepared; ``hold()`` and
    ``finish(message)`` are called inside the transaction that applies it (a job's bookkeeping,
    committed with the change). Raises PermissionDenied or ``BulkRefused``, changing nothing.
    """
    bulk = ACTIONS[action]
    subject = SUBJECTS[model]
    ids = sorted(set(ids))
    check_transition(obj=model, state=bulk.state, user=user)
    now = timezone.now()
    _refuse_unpublishable(subject, bulk, ids)
    batches, size = [], batch_size()
    for start in range(0, len(ids), size):
        batches.append(_prepare(subject, bulk, ids[start : start + size], user, now))
        if report is not None:
            report(min(start + size, len(ids)), len(ids))
    with transaction.atomic():
        if hold is not None:
            hold()
        _refuse_unpublishable(subject, bulk, ids)  # again: citations may have gone meanwhile
        changed = 0
        for number, batch in enumerate(batches, start=1):
            comment = _("State set to “%(state)s” (bulk action, part %(part)d of %(parts)d).") % {
                "state": PublicationState(bulk.state).label,
                "part": number,
                "parts": len(batches),
            }
            changed += _apply(subject, bulk, batch, user, now, comment)
        message = bulk.done % {
            "count": number_format(len(ids), force_grouping=True),
            "things": things_label(model, len(ids)),
        }
        if changed < len(ids):
            message += " " + ngettext(
                "%(count)s of them already was.",
                "%(count)s of them already were.",
                len(ids) - changed,
            ) % {"count": number_format(len(ids) - changed, force_grouping=True)}
        if finish is not None:
            finish(message)
    return message


def _refuse_unpublishable(subject: Subject, bulk: BulkAction, ids: list[int]) -> None:
    if bulk.state != PublicationState.PUBLISHED or subject.problems is None:
        return
    problems, size = {}, batch_size()
    for start in range(0, len(ids), size):
        problems.update(subject.problems(ids[start : start + size]))
    if not problems:
        return
    by_problem = defaultdict(list)
    for pk, reasons in problems.items():
        for reason in reasons:
            by_problem[reason].append(pk)
    named_pks = {pk for pks in by_problem.values() for pk in sorted(pks)[:NAMED_AT_MOST]}
    named_objects = subject.model.objects.filter(pk__in=named_pks).prefetch_related("translations")
    names = {obj.pk: text_label(obj) for obj in named_objects}
    parts = []
    for reason, pks in by_problem.items():
        named = [names[pk] for pk in sorted(pks)[:NAMED_AT_MOST] if pk in names]
        listed = ", ".join(named)
        if len(pks) > len(named):
            listed += " " + _("and %(count)s more") % {"count": len(pks) - len(named)}
        parts.append(
            _("%(count)s %(things)s: %(reason)s: %(names)s")
            % {
                "count": len(pks),
                "things": things_label(subject.model, len(pks)),
                "reason": reason,
                "names": listed,
            }
        )
    raise BulkRefused(
        _("Refused, nothing was changed: %(count)s cannot be published. %(details)s.")
        % {"count": len(problems), "details": "; ".join(parts)}
    )


def _prepare(subject: Subject, bulk: BulkAction, ids: list[int], user, now) -> _Batch:
    """Work out the new state of each object of ``ids`` and serialize its revision."""
    batch = _Batch(ids)
    changing = []
    for obj in subject.rows(ids):
        publish_at = obj.publish_at if bulk.keep_schedule else None
        # Publishing now drops an expiry that has passed (it would hide it again).
        unpublish_at = (
            None if not bulk.keep_schedule and obj.is_expired(now=now) else obj.unpublish_at
        )
        if (obj.state, obj.publish_at, obj.unpublish_at) == (bulk.state, publish_at, unpublish_at):
            continue  # already there: no new version, no revision
        batch.expected[obj.pk] = obj.version
        obj.state, obj.publish_at, obj.unpublish_at = bulk.state, publish_at, unpublish_at
        obj.version += 1
        obj.updated_by, obj.updated_at = user, now
        if bulk.state == PublicationState.PUBLISHED and unpublish_at and unpublish_at > now:
            batch.going_public_until[obj.pk] = unpublish_at
        changing.append(obj)
    batch.versions = prepare_versions(changing)
    return batch


def _apply(subject: Subject, bulk: BulkAction, batch: _Batch, user, now, comment: str) -> int:
    """Inside the transaction: apply one prepared batch; return how many objects changed."""
    model = subject.model
    current = dict(
        model.objects.select_for_update()
        .filter(pk__in=batch.ids)
        .order_by("pk")
        .values_list("pk", "version")
    )
    if any(current.get(pk) != version for pk, version in batch.expected.items()):
        batch = _prepare(subject, bulk, batch.ids, user, now)  # edited meanwhile: prepare again
    if not batch.expected:
        return 0
    rows = model.objects.filter(pk__in=list(batch.expected))
    changes = {"state": bulk.state, "version": F("version") + 1, "updated_at": now}
    if user is not None and user.is_authenticated:
        changes["updated_by"] = user
    if not bulk.keep_schedule:
        changes["publish_at"] = None
        rows.filter(unpublish_at__lte=now).update(unpublish_at=None)
    rows.update(**changes)
    save_revision(batch.versions, user=user, comment=comment)
    # update() sends no signals: the keys of what changed move here, in this transaction.
    expiring = defaultdict(list)
    for pk, at in batch.going_public_until.items():
        expiring[at].append(pk)
    for at, pks in expiring.items():
        freshness.touch(subject.keys(pks), due=[at])
    freshness.touch(subject.keys(list(batch.expected)))
    return len(batch.expected)


def batch_size() -> int:
    """Objects per batch: per progress report, per revision, per UPDATE."""
    return max(1, getattr(settings, "SAGA_BULK_BATCH_SIZE", 500))


def runs_in_request(count: int) -> bool:
    return count <= getattr(settings, "SAGA_BULK_IN_REQUEST_MAX", 200)


# -- Starting: in the request, or as a job --------------------------------------------------------

MODELS = {"events.event": Event, "events.saga": Saga}


@dataclass(frozen=True)
class Started:
    message: str  # what was done (in the request), or what was queued
    job: object | None = None  # the job, when the selection is too large for a request


def bulk_state_start(*, model, ids: Iterable[int], action: str, user) -> Started:
    """
    Apply ``action`` now when the selection is small (``SAGA_BULK_IN_REQUEST_MAX``), else
    queue it as a background job (checked first: a refusal of who may is immediate).
    Raises PermissionDenied or ``BulkRefused`` (nothing changed).
    """
    from jobs.services import job_start

    ids = sorted(set(ids))
    if runs_in_request(len(ids)):
        return Started(bulk_set_state(model=model, ids=ids, action=action, user=user))
    check_transition(obj=model, state=ACTIONS[action].state, user=user)
    job = job_start(
        kind=JOB_KIND,
        params={"model": model._meta.label_lower, "action": action, "ids": ids},
        title=describe(model, action, len(ids)),
        total=len(ids),
        user=user,
    )
    return Started(_("Started in the background: %(title)s.") % {"title": job.title}, job)


def run_bulk_job(job, context) -> None:
    """The job handler (registered with ``jobs``): the same service, reporting progress."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from jobs.registry import JobRefused

    params = job.params
    model = MODELS.get(params.get("model"))
    user = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
    if model is None or params.get("action") not in ACTIONS:
        raise JobRefused(_("This job's parameters are not understood; nothing was changed."))
    if user is None:
        raise JobRefused(_("The person who started it is no longer active; nothing was changed."))

    def report(done, total):
        if done < total:
            step = _("Checked and prepared %(done)s of %(total)s.") % {
                "done": number_format(done, force_grouping=True),
                "total": number_format(total, force_grouping=True),
            }
        else:  # committed before the final transaction begins: the editor sees this step
            step = _("Applying the change to all of them at once…")
        context.progress(done, total=total, step=step)

    try:
        bulk_set_state(
            model=model,
            ids=params.get("ids", []),
            action=params["action"],
            user=user,
            report=report,
            hold=context.hold,
            finish=context.finish,
        )
    except (BulkRefused, PermissionDenied) as refused:
        raise JobRefused(str(refused)) from refused
