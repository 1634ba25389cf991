"""
Review as a conversation: a reviewer approves a text in review, or sends it back to its
translator with a comment saying what to change; each decision is a ``ReviewNote`` the
translator reads on the text, and an e-mail. The admin home shows each person their queue:
texts awaiting their review, texts returned to them.

The rule of who decides is ``accounts.permissions.can_review`` (the one the status field
uses too), and the text is saved through ``translation_save`` like every other save.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_review, languages_of
from translations.machinery import Translation, TranslationStatus
from translations.models import ReviewDecision, ReviewNote
from translations.notifications import notify_review_decision
from translations.services import translation_save

QUEUE_LENGTH = 20


def review_problems(*, row, user, decision: str, comment: str) -> dict[str, str]:
    """Return why ``user`` may not make this decision on ``row`` now (empty when they may)."""
    if not can_review(user, row.language_code):
        return {"__all__": _("You may not review text in this language.")}
    if row.pk is None or row.status != TranslationStatus.IN_REVIEW:
        return {"__all__": _("Only a text in review can be approved or sent back.")}
    if decision == ReviewDecision.CHANGES_REQUESTED and not comment.strip():
        return {
            "review_comment": _(
                "Say what needs to change: the translator reads this comment on the text."
            )
        }
    return {}


@transaction.atomic
def translation_review(
    *,
    row: Translation,
    user,
    decision: str,
    comment: str = "",
    texts: dict[str, str] | None = None,
    expected_version: int | None = None,
) -> ReviewNote:
    """
    Approve ``row`` or send it back to draft, with ``texts`` the reviewer corrected, and
    record the decision for the translator (who last wrote the text) to read.
    """
    problems = review_problems(row=row, user=user, decision=decision, comment=comment)
    if "__all__" in problems:
        raise PermissionDenied(problems["__all__"])
    if problems:
        raise ValidationError(problems)
    translator = submitter(row)
    if translator is None or translator.pk == user.pk:
        translator = _previous_translator(row)
    status = (
        TranslationStatus.APPROVED
        if decision == ReviewDecision.APPROVED
        else TranslationStatus.DRAFT
    )
    saved = translation_save(
        row=row, user=user, texts=texts, status=status, expected_version=expected_version
    )
    note = ReviewNote.objects.create(
        row=saved,
        language_code=saved.language_code,
        decision=decision,
        comment=comment.strip(),
        author=user,
        addressed_to=translator,
    )
    notify_review_decision(note, saved)
    return note


def submitter(row):
    """
    Return who submitted ``row`` for review (its latest submission in the conversation),
    not whoever saved it last: an editor's later save does not make them its translator.
    A text submitted before submissions were recorded falls back to its last saver.
    """
    note = ReviewNote.objects.submitters(type(row), [row.pk]).get(row.pk)
    if note is not None:
        return note.author
    return row.updated_by if row.updated_by_id else None


def _previous_translator(row):
    """The translator an earlier note on this text was addressed to (the reviewer edited last)."""
    note = ReviewNote.objects.for_row(row).exclude(addressed_to=None).last()
    return note.addressed_to if note else None


def review_notes(row) -> list[ReviewNote]:
    if row.pk is None:
        return []
    return list(ReviewNote.objects.for_row(row).select_related("author", "addressed_to"))


def open_request(row, notes: list[ReviewNote]) -> ReviewNote | None:
    """Return the request for changes the translator has yet to answer, if any."""
    last = notes[-1] if notes else None
    if (
        last is not None
        and last.decision == ReviewDecision.CHANGES_REQUESTED
        and row.status not in (TranslationStatus.IN_REVIEW, TranslationStatus.APPROVED)
    ):
        return last
    return None


# -- the queues on the admin home ---------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    row: Translation
    note: ReviewNote | None = None  # the decision shown (a text returned to me)
    submission: ReviewNote | None = None  # who submitted it, when (a text awaiting review)


def _text_models() -> list[type[Translation]]:
    return [m for m in apps.get_models() if issubclass(m, Translation)]


def _with_parents(queryset):
    """Load each row with what its queue entry reads: its object, the object's saga (whose
    time zone dates it) and the object's texts, in a fixed number of queries."""
    model = queryset.model
    parent = model.parent_field
    parent_model = model._meta.get_field(parent).related_model
    related = [parent, "updated_by"]
    for path in ("saga", "event__saga"):
        try:
            parent_model._meta.get_field(path.split("__")[0])
        except FieldDoesNotExist:
            continue
        related.append(f"{parent}__{path}")
        break
    return queryset.select_related(*related).prefetch_related(f"{parent}__translations")


def awaiting_review(user) -> list[QueueItem]:
    """Return the texts in review in the languages ``user`` reviews, oldest first."""
    languages = [code for code in sorted(languages_of(user)) if can_review(user, code)]
    if not languages or not user.has_perm("accounts.review"):
        return []
    rows = []
    for model in _text_models():
        queryset = model.objects.filter(
            status=TranslationStatus.IN_REVIEW, language_code__in=languages
        ).order_by("updated_at")
        rows.extend(_with_parents(queryset)[:QUEUE_LENGTH])
    rows.sort(key=lambda row: row.updated_at)
    rows = rows[:QUEUE_LENGTH]
    submissions = {}
    for model in {type(row) for row in rows}:
        pks = [row.pk for row in rows if type(row) is model]
        submissions[model] = ReviewNote.objects.submitters(model, pks)
    return [QueueItem(row, submission=submissions[type(row)].get(row.pk)) for row in rows]


def returned_to(user) -> list[QueueItem]:
    """Return the texts a reviewer sent back to ``user`` that they have not resubmitted."""
    notes = list(
        ReviewNote.objects.latest_per_row()
        .filter(addressed_to=user, decision=ReviewDecision.CHANGES_REQUESTED)
        .select_related("author")
        .order_by("-created_at")[:QUEUE_LENGTH]
    )
    by_model: dict[int, dict[int, ReviewNote]] = {}
    for note in notes:
        by_model.setdefault(note.content_type_id, {})[note.object_id] = note
    items = []
    for content_type_id, by_pk in by_model.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        queryset = model.objects.filter(pk__in=by_pk).exclude(
            status__in=[TranslationStatus.IN_REVIEW, TranslationStatus.APPROVED]
        )
        items.extend(QueueItem(row, by_pk[row.pk]) for row in _with_parents(queryset))
    items.sort(key=lambda item: item.note.created_at, reverse=True)
    return items
