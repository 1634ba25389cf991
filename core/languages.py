"""
The site's content languages (``settings.LANGUAGES``) and the statuses a text goes through.

They sit in the core because every layer asks them: the roles (who may write or approve
in which language), the translation machinery, the API's language negotiation.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def language_choices():
    """Return the content languages; a callable so that migrations never capture them."""
    return list(settings.LANGUAGES)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    """Return the name of a content language (the code itself when it is not configured)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def validate_language_code(value: str) -> None:
    if value not in language_codes():
        raise ValidationError(
            _("“%(value)s” is not one of this site's languages (%(languages)s)."),
            code="unknown_language",
            params={"value": value, "languages": ", ".join(language_codes())},
        )


class TranslationStatus(models.TextChoices):
    MACHINE = "machine", _("machine output")
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    APPROVED = "approved", _("approved")

    @classmethod
    def shown_to_readers(cls, status: str | None) -> bool:
        """Readers see approved text only: never machine output, drafts or text in review."""
        return status == cls.APPROVED


class TranslationState(models.TextChoices):
    """
    What a badge says of one object in one language: derived, never stored, and worked out
    by the database only (``translations.state_rule``).
    """

    APPROVED = "approved", _("approved")
    IN_REVIEW = "in_review", _("in review")
    DRAFT = "draft", _("draft")
    MACHINE = "machine", _("machine")
    STALE = "stale", _("stale")
    MISSING = "missing", _("missing")
