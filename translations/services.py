"""
The one way a translation row's text or status is written (admin, API and imports call it).

Rules: only people who may write in the row's language change its text; only reviewers (in
that language) and editors approve; changing an approved text sends it back to review unless
a reviewer makes the change; approving records who and when; a changed text is marked as
made from the current source text (so it is not stale). An editor may save a source text
as a *minor change* (a typo fixed): its translations that were current stay current. Every
save of an existing row moves its ``version`` on, and a save made from an older version is
refused (``StaleEdit``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_text, can_review, can_set_status, is_editor
from core.concurrency import claim_version
from core.freshness import touch_objects
from translations.machinery import (
    TranslatableModel,
    Translation,
    TranslationOrigin,
    TranslationStatus,
    text_digest,
)
from translations.models import ReviewNote
from translations.notifications import notify_review_requested


@dataclass(frozen=True)
class Provenance:
    """Where a text came from: ``origin`` plus the engine or file, the pivot language, when."""

    origin: str
    detail: str = ""
    via: str = ""
    at: dt.datetime | None = None

    def apply_to(self, row: Translation) -> None:
        row.origin, row.origin_detail, row.origin_language = self.origin, self.detail, self.via
        if self.at is not None:
            row.origin_at = self.at
        elif self.origin != TranslationOrigin.HUMAN and row.origin_at is None:
            row.origin_at = timezone.now()


def _text_changed(row: Translation, texts: dict[str, str]) -> bool:
    return any((getattr(row, name) or "") != value for name, value in texts.items())


def translation_save_problems(
    *,
    row: Translation,
    user,
    texts: dict[str, str] | None = None,
    status: str | None = None,
    minor_change: bool = False,
) -> list[str]:
    """Return why ``user`` may not make this save (empty when they may); nothing is written."""
    texts = texts or {}
    language = row.language_code
    problems = []
    if (_text_changed(row, texts) or row.pk is None) and not can_edit_text(user, language):
        problems.append(_("You may not write text in %(language)s.") % {"language": language})
    new_status = status or row.status
    if (new_status != row.status or row.pk is None) and not can_set_status(
        user, language, new_status
    ):
        problems.append(
            _("You may not set text in %(language)s to “%(status)s”.")
            % {"language": language, "status": TranslationStatus(new_status).label}
        )
    if minor_change and not is_editor(user):
        problems.append(_("Only editors may save a change as minor."))
    if minor_change and not row.is_source:
        problems.append(_("Only a source text can be saved as a minor change."))
    return problems


def stored_source_digest(parent: TranslatableModel) -> str | None:
    """Return the digest of the source text as stored (not as a prefetch remembers it)."""
    return type(parent)._default_manager.get(pk=parent.pk).source_digest()


@transaction.atomic
def translation_save(
    *,
    row: Translation,
    user,
    texts: dict[str, str] | None = None,
    status: str | None = None,
    provenance: Provenance | None = None,
    minor_change: bool = False,
    made_from_current_source: bool | None = None,
    expected_version: int | None = None,
) -> Translation:
    """
    Apply ``texts`` and/or ``status`` (and ``provenance``) to ``row`` on behalf of ``user``.

    ``row`` is new or as it stands in the database. With ``minor_change`` (editors, source
    rows only) the translations that were current before the change stay current.
    A changed text is marked as made from the current source text unless
    ``made_from_current_source`` says otherwise: True also marks an unchanged text (its
    translator confirmed it still fits), False keeps a stale text stale.
    ``expected_version`` is the version the edit started from (default: the row's as loaded).
    """
    texts = texts or {}
    unknown = set(texts) - set(row.translated_fields)
    if unknown:
        raise ValidationError(
            {name: _("“%(field)s” is not a text field here.") % {"field": name} for name in unknown}
        )
    if row.pk is not None:
        claim_version(
            row,
            expected_version=row.version if expected_version is None else expected_version,
            user=user,
        )
        # The claim locked the row: work from it as it now stands, so what was written
        # meanwhile without a new version (the source digest a minor change of the source
        # moves on) is not saved back over with what the caller read before. Its object too
        # (whether the row is the source text, and the source text, are read from it).
        stored = type(row)._base_manager.select_related(row.parent_field)
        row.refresh_from_db(from_queryset=stored)
    stored = _checked_values(row)
    problems = translation_save_problems(
        row=row, user=user, texts=texts, status=status, minor_change=minor_change
    )
    if problems:
        raise PermissionDenied(" ".join(problems))
    language = row.language_code
    text_changed = _text_changed(row, texts)
    previous_status = row.status if row.pk is not None else None
    previous_texts = row.texts()
    previous_digest = stored_source_digest(row.parent) if minor_change else None
    for name, value in texts.items():
        setattr(row, name, value)

    new_status = status or row.status
    if (
        new_status == row.status
        and text_changed
        and row.status == TranslationStatus.APPROVED
        and not can_review(user, language)
    ):
        new_status = TranslationStatus.IN_REVIEW
    if new_status == TranslationStatus.APPROVED and (
        row.status != TranslationStatus.APPROVED or text_changed
    ):
        row.reviewed_by, row.reviewed_at = user, timezone.now()
    row.status = new_status
    row.keep_approved_text(previous_status, previous_texts)
    if provenance is not None:
        provenance.apply_to(row)
    if row.pk is None or (
        made_from_current_source if made_from_current_source is not None else text_changed
    ):
        row.record_source()
    if user is not None and user.is_authenticated:
        row.updated_by = user
    row.full_clean(exclude=_unchanged_checked_fields(row, stored))
    row.save()
    if row.status == TranslationStatus.IN_REVIEW and previous_status != row.status:
        ReviewNote.objects.record_submission(row, by=user)
        notify_review_requested(row, by=user)
    if minor_change and previous_digest:
        translations_keep_current(parent=row.parent, previous_digest=previous_digest, user=user)
    return row


def _checked_by_queries(model) -> list[tuple[str, ...]]:
    """
    The fields whose validation asks the database, grouped as it checks them: each related
    object (does it exist?), each unique field or constraint, each check constraint.
    """
    groups = [(f.name,) for f in model._meta.concrete_fields if f.is_relation or f.unique]
    groups += [tuple(fields) for fields in model._meta.unique_together]
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        fields = set(getattr(constraint, "fields", ()))
        fields |= condition.referenced_base_fields if condition is not None else set()
        groups.append(tuple(sorted(fields)))
    return groups


def _checked_values(row: Translation) -> dict | None:
    """What the checks asking the database read of ``row`` as stored (None when new)."""
    if row.pk is None:
        return None
    model = type(row)
    names = {name for group in _checked_by_queries(model) for name in group}
    return {name: getattr(row, model._meta.get_field(name).attname) for name in names}


def _unchanged_checked_fields(row: Translation, stored: dict | None) -> list[str]:
    """
    The fields of ``row`` to leave out of its validation: those checked by a query whose
    values are all as stored (valid when they were saved; the database still enforces
    them). Every check of a field this save changes is made.
    """
    if stored is None:
        return []
    model = type(row)
    changed = {
        name
        for name, value in stored.items()
        if getattr(row, model._meta.get_field(name).attname) != value
    }
    groups = _checked_by_queries(model)
    kept = {name for group in groups if changed & set(group) for name in group}
    return sorted(set(stored) - changed - kept)


@transaction.atomic
def translations_keep_current(*, parent: TranslatableModel, previous_digest: str, user) -> int:
    """
    After a minor change to ``parent``'s source text, mark its translations that were made
    from the previous source text (``previous_digest``) as made from the new one.

    Translations that were already stale stay stale. Returns how many were kept current.
    """
    if not is_editor(user):
        raise PermissionDenied(_("Only editors may save a change as minor."))
    model = parent.translation_model()
    # Read the source as it now stands, not from a prefetch made before the change.
    parent = type(parent)._default_manager.get(pk=parent.pk)
    source = parent.source_texts() or {}
    if not source:
        return 0
    kept = (
        model.objects.filter(**{model.parent_field: parent}, source_digest=previous_digest)
        .exclude(language_code=parent.original_language)
        .update(source_digest=text_digest(source), source_snapshot=source)
    )
    touch_objects(parent)  # update() sends no signal
    return kept
