"""
The review conversation's e-mails, sent through Django's mail backend after the save commits
(``EMAIL_URL``; the console in development), so a refused save sends nothing.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from core.context_processors import site_name
from translations.labels import row_label
from translations.machinery import language_name

logger = logging.getLogger(__name__)


def reviewers_of(language_code: str):
    """Return the active people who review text in ``language_code`` (by their assignment)."""
    review = Q(groups__permissions__codename="review") | Q(user_permissions__codename="review")
    return (
        get_user_model()
        .objects.filter(is_active=True, language_assignments__language_code=language_code)
        .filter(review)
        .exclude(email="")
        .distinct()
    )


def row_admin_path(row) -> str:
    opts = row._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    except NoReverseMatch:
        return ""


def _send(messages) -> None:
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        # A mail server that is down must not undo or fail a saved review: the queue on
        # the admin home still shows the work.
        logger.exception("Review notification not sent")


def _message(subject: str, body: str, recipients: list[str]):
    from django.conf import settings

    return (f"[{site_name()}] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients)


def notify_review_requested(row, *, by) -> None:
    """Tell the reviewers of the row's language that a text awaits them."""
    by_pk = getattr(by, "pk", None)
    recipients = [u.email for u in reviewers_of(row.language_code) if u.pk != by_pk]
    if not recipients:
        return
    # The headline in the language under review: the one its reviewers read.
    label, language = row_label(row, row.language_code), language_name(row.language_code)
    subject = _("Awaiting your review: %(text)s") % {"text": label}
    body = _("%(user)s submitted the %(language)s text “%(text)s” for review.\n\n%(path)s") % {
        "user": by,
        "language": language,
        "text": label,
        "path": row_admin_path(row),
    }
    transaction.on_commit(lambda: _send([_message(subject, body, recipients)]))


def notify_review_decision(note, row) -> None:
    """Tell the translator what the reviewer decided, with the reviewer's comment."""
    translator = note.addressed_to
    if translator is None or not translator.email:
        return
    label = row_label(row)
    if note.decision == "approved":
        subject = _("Approved: %(text)s") % {"text": label}
        body = _("%(user)s approved “%(text)s”.") % {"user": note.author, "text": label}
    else:
        subject = _("Changes requested: %(text)s") % {"text": label}
        body = _("%(user)s asks for changes to “%(text)s”:") % {
            "user": note.author,
            "text": label,
        }
    if note.comment:
        body += "\n\n" + note.comment
    body += "\n\n" + row_admin_path(row)
    transaction.on_commit(lambda: _send([_message(subject, body, [translator.email])]))


def notify_import_for_review(
    *, language_code: str, count: int, saga_label: str, file_name: str, by
) -> None:
    """Tell the reviewers of a language that an import sent ``count`` texts to review (once)."""
    by_pk = getattr(by, "pk", None)
    recipients = [u.email for u in reviewers_of(language_code) if u.pk != by_pk]
    if not recipients:
        return
    language = language_name(language_code)
    subject = _("Awaiting your review: %(count)s %(language)s texts of “%(saga)s”") % {
        "count": count,
        "language": language,
        "saga": saga_label,
    }
    body = _(
        "%(user)s imported %(count)s %(language)s texts of “%(saga)s” from %(file)s; "
        "they await review."
    ) % {"user": by, "count": count, "language": language, "saga": saga_label, "file": file_name}
    transaction.on_commit(lambda: _send([_message(subject, body, recipients)]))
