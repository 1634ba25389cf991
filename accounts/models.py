from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import language_choices


class LanguageAssignment(models.Model):
    """A language a translator or reviewer works in; they may touch no other."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="language_assignments",
    )
    language_code = models.CharField(_("language"), max_length=15, choices=language_choices)

    class Meta:
        ordering = ["user", "language_code"]
        verbose_name = _("language assignment")
        verbose_name_plural = _("language assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "language_code"],
                name="language_assignment_unique",
                violation_error_message=_("This user already works in this language."),
            )
        ]
        permissions = [
            ("translate", _("Can edit translations in the assigned languages")),
            ("review", _("Can approve translations in the assigned languages")),
        ]

    def __str__(self):
        return f"{self.user} → {self.language_code}"
