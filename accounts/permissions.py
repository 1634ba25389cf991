"""
Who may do what with content: the one set of rules the admin, the pages and the API call.

Roles are Django groups (created by a migration): Editors do everything with content and
publish; Translators edit translation rows in their assigned languages; Reviewers also
approve them. The rules below read permissions, not group names, so a site can compose
its own groups.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import AnonymousUser

from core.languages import TranslationStatus, language_codes

EDITORS, TRANSLATORS, REVIEWERS = "Editors", "Translators", "Reviewers"


def is_editor(user) -> bool:
    """Editors change facts (dates, people, sources), publish, and work in every language."""
    return user.is_active and user.has_perm("events.publish_event")


def can_publish(user) -> bool:
    return is_editor(user)


def languages_of(user) -> set[str]:
    """Return the languages a user may edit text in."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if is_editor(user):
        return set(language_codes())
    if not hasattr(user, "_assigned_languages"):
        user._assigned_languages = set(
            user.language_assignments.values_list("language_code", flat=True)
        ) & set(language_codes())
    return user._assigned_languages


def can_edit_text(user, language_code: str) -> bool:
    """Whether the user may write text (a translation row) in this language."""
    if is_editor(user):
        return True
    return user.has_perm("accounts.translate") and language_code in languages_of(user)


def can_review(user, language_code: str) -> bool:
    """Whether the user may approve, or send back, text in this language."""
    if is_editor(user):
        return True
    return user.has_perm("accounts.review") and language_code in languages_of(user)


def can_set_status(user, language_code: str, status: str) -> bool:
    """Translators move text between machine, draft and in review; approving takes a reviewer."""
    if status == TranslationStatus.APPROVED:
        return can_review(user, language_code)
    return can_edit_text(user, language_code) or can_review(user, language_code)


def allowed_statuses(user, language_code: str) -> list[str]:
    return [s for s in TranslationStatus.values if can_set_status(user, language_code, s)]


def can_change_facts(user, model) -> bool:
    """
    Whether the user may change an object's language-neutral facts: dates, people, sources,
    citations and publication state (``model`` is the model or one of its objects).
    """
    opts = model._meta
    return user.is_active and user.has_perm(
        f"{opts.app_label}.{get_permission_codename('change', opts)}"
    )


def can_work_on_texts(user) -> bool:
    """Whether the user edits or reviews text rows in at least one language."""
    if not user.is_authenticated or not user.is_active:
        return False
    works_on_text = is_editor(user) or any(
        user.has_perm(permission) for permission in ("accounts.translate", "accounts.review")
    )
    return works_on_text and bool(languages_of(user))


def can_preview(user) -> bool:
    """Whether the user may open unpublished events on the public site (staff previews)."""
    return user.is_active and user.is_staff and user.has_perm("events.view_event")


class CommandLineOperator(AnonymousUser):
    """
    Whoever runs a management command on the server without naming an account.

    Shell access to the server already means every right over the data, so the rules above
    grant this operator what an editor may do; nothing is attributed to a user account.
    """

    is_active = True
    username = "command line"

    def __str__(self):
        return "command line"

    def has_perm(self, perm, obj=None):
        return True

    def has_perms(self, perm_list, obj=None):
        return True

    def has_module_perms(self, module):
        return True


COMMAND_LINE = CommandLineOperator()
