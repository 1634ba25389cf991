"""
The one way a translation row's text or status is written (admin, API and imports call it).

Rules: only people who may write in the row's language change its text; only reviewers (in
that language) and editors approve; changing an approved text sends it back to review unless
a reviewer makes the change; approving records who and when; a changed text is marked as
made from the current source text (so it is not stale). Every save of an existing row moves
its ``version`` on, and a save made from an older version is refused (``StaleEdit``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_text, can_review, can_set_status
from saga_cms.concurrency import claim_version
from saga_cms.translation import Translation, TranslationStatus


@transaction.atomic
def translation_save(
    *,
    row: Translation,
    user,
    texts: dict[str, str] | None = None,
    status: str | None = None,
    expected_version: int | None = None,
) -> Translation:
    """
    Apply ``texts`` and/or ``status`` to ``row`` (new or existing) on behalf of ``user``.

    ``expected_version`` is the version the edit started from (default: the row's as loaded).
    """
    texts = texts or {}
    unknown = set(texts) - set(row.translated_fields)
    if unknown:
        raise ValidationError(
            {name: _("“%(field)s” is not a text field here.") % {"field": name} for name in unknown}
        )
    language = row.language_code
    text_changed = any((getattr(row, name) or "") != value for name, value in texts.items())
    if (text_changed or row.pk is None) and not can_edit_text(user, language):
        raise PermissionDenied(
            _("You may not write text in %(language)s.") % {"language": language}
        )
    for name, value in texts.items():
        setattr(row, name, value)

    new_status = status or row.status
    if new_status != row.status or row.pk is None:
        if not can_set_status(user, language, new_status):
            raise PermissionDenied(
                _("You may not set text in %(language)s to “%(status)s”.")
                % {"language": language, "status": TranslationStatus(new_status).label}
            )
    elif (
        text_changed and row.status == TranslationStatus.APPROVED and not can_review(user, language)
    ):
        new_status = TranslationStatus.IN_REVIEW

    if new_status == TranslationStatus.APPROVED and (
        row.status != TranslationStatus.APPROVED or text_changed
    ):
        row.reviewed_by, row.reviewed_at = user, timezone.now()
    row.status = new_status
    if text_changed or row.pk is None:
        row.record_source()
    if user is not None and user.is_authenticated:
        row.updated_by = user
    row.full_clean()
    if row.pk is not None:
        claim_version(
            row,
            expected_version=row.version if expected_version is None else expected_version,
            user=user,
        )
    row.save()
    return row
