"""Abstract building blocks shared by the content apps."""

import logging
import unicodedata
import uuid

import regex
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.natural_keys import NaturalKeyManagerMixin
from translations.machinery import validate_language_code

logger = logging.getLogger(__name__)


class SlugManagerMixin(NaturalKeyManagerMixin):
    def natural_key_filter(self, slug):
        return {"slug": slug}


class UidManagerMixin(NaturalKeyManagerMixin):
    def natural_key_filter(self, uid):
        return {"uid": uid}


class Versioned(models.Model):
    """
    A row edited by several people: ``version`` grows by one on every save, so an edit
    made from an older version can be refused instead of silently overwriting.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class UidKeyed(models.Model):
    """A row with no natural name of its own gets a stable UUID as its natural key."""

    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True

    def natural_key(self):
        return (str(self.uid),)


# How long one debris pattern may search one text. Patterns are tried on hostile texts
# when saved (``_runs_away``) and run with this limit on every check, so a pattern that
# backtracks without end can neither be saved nor hold a page (the ``regex`` engine's timeout).
PATTERN_SECONDS = 0.05


def _runs_away(pattern) -> bool:
    """Whether ``pattern`` exceeds the time limit on texts made to make it backtrack."""
    characters = {c for c in pattern.pattern if c.isalnum()} | {"a", "x", " "}
    probes = [c * 2000 + "!" for c in sorted(characters)] + ["word " * 400 + "!"]
    for probe in probes:
        try:
            pattern.search(probe, timeout=PATTERN_SECONDS * 4)
        except TimeoutError:
            return True
    return False


def _without_spaces(text: str) -> str:
    return "".join(text.split())


class DebrisPhraseQuerySet(models.QuerySet):
    def for_language(self, language_code: str):
        """Return the active entries that apply to texts in ``language_code``."""
        return self.filter(is_active=True).filter(
            models.Q(language_code="") | models.Q(language_code=language_code)
        )


class DebrisPhrase(models.Model):
    """
    A known piece of machine-translation debris that quality checks look for.

    The list starts with what the seed article taught the newsroom (a data migration) and
    editors add to it in the admin as they meet new kinds of debris.
    """

    phrase = models.CharField(
        _("phrase"),
        max_length=200,
        help_text=_(
            "The words as they appear in a bad translation. Spaces match any spacing, "
            "including none."
        ),
    )
    is_pattern = models.BooleanField(
        _("regular expression"),
        default=False,
        help_text=_(
            "Read the phrase as a Python regular expression, for debris that is only "
            "debris in some places (a link's text spliced into a sentence)."
        ),
    )
    language_code = models.CharField(
        _("language"),
        max_length=15,
        blank=True,
        help_text=_("The language of the texts it appears in; empty for every language."),
    )
    what_happened = models.CharField(
        _("what happened"),
        max_length=300,
        help_text=_("Such as “‘fired’ translated as gunfire”."),
    )
    meaning = models.CharField(
        _("correct meaning"),
        max_length=300,
        blank=True,
        help_text=_("What the text should say instead, such as 解任した."),
    )
    is_active = models.BooleanField(_("checked"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DebrisPhraseQuerySet.as_manager()

    class Meta:
        # Moved here from the saga_cms app: the table keeps its name, so no data moved.
        db_table = "saga_cms_debrisphrase"
        ordering = ["language_code", "phrase"]
        verbose_name = _("machine-translation debris")
        verbose_name_plural = _("machine-translation debris")
        constraints = [
            models.UniqueConstraint(
                fields=["phrase", "language_code"],
                name="debris_phrase_unique_per_language",
                violation_error_message=_("This phrase is already on the list."),
            )
        ]

    def __str__(self):
        return self.phrase

    def find_in(self, text: str) -> str | None:
        """Return the debris as it appears in ``text`` (NFKC-normalised), or None."""
        if self.is_pattern:
            try:
                found = regex.search(
                    self.phrase, text, regex.MULTILINE | regex.V0, timeout=PATTERN_SECONDS
                )
            except TimeoutError:
                # A pattern saved before it was vetted (or a text it was never tried on):
                # the check is skipped, the page is not held.
                logger.warning("Debris pattern %r timed out; skipped", self.phrase)
                return None
            return found.group(0) if found else None
        # Machine output spaces words erratically ("OpenAI のボード"): spacing is ignored.
        phrase = _without_spaces(unicodedata.normalize("NFKC", self.phrase))
        return self.phrase if phrase and phrase in _without_spaces(text) else None

    def clean(self):
        super().clean()
        if not self.phrase.strip():
            raise ValidationError({"phrase": _("This text may not be empty.")})
        if self.is_pattern:
            try:
                pattern = regex.compile(self.phrase, regex.MULTILINE | regex.V0)
            except regex.error as error:
                raise ValidationError(
                    {
                        "phrase": _("This is not a valid regular expression: %(error)s.")
                        % {"error": error}
                    }
                ) from error
            if pattern.search(""):
                raise ValidationError(
                    {
                        "phrase": _(
                            "This expression matches an empty text, so it matches every text."
                        )
                    }
                )
            if _runs_away(pattern):
                raise ValidationError(
                    {
                        "phrase": _(
                            "This expression can take a very long time on some texts (nested "
                            "repetitions such as (a+)+ or (a|aa)+). Write it without repeating "
                            "a repetition."
                        )
                    }
                )
        if self.language_code:
            validate_language_code(self.language_code)


class ReviewDecision(models.TextChoices):
    # A turn of the conversation: a translator submitted the text, a reviewer decided.
    SUBMITTED = "submitted", _("submitted for review")
    APPROVED = "approved", _("approved")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")


class ReviewNoteQuerySet(models.QuerySet):
    def for_row(self, row):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(row)), object_id=row.pk
        )

    def record_submission(self, row, *, by):
        """Record that ``by`` submitted ``row`` for review (who the reviewer answers)."""
        author = by if by is not None and by.is_authenticated else None
        return self.create(
            row=row,
            language_code=row.language_code,
            decision=ReviewDecision.SUBMITTED,
            author=author,
        )

    def submitters(self, model, pks) -> dict:
        """Return {row pk: the user who last submitted it for review} for ``model``'s rows."""
        notes = (
            self.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=list(pks),
                decision=ReviewDecision.SUBMITTED,
            )
            .exclude(author=None)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        return {note.object_id: note for note in notes}  # the latest wins

    def latest_per_row(self):
        """Keep only the newest note of each text (the one that says where review stands)."""
        newer = self.model.objects.filter(
            content_type=models.OuterRef("content_type"),
            object_id=models.OuterRef("object_id"),
            pk__gt=models.OuterRef("pk"),
        )
        return self.exclude(models.Exists(newer))


class ReviewNote(models.Model):
    """
    One turn of the review conversation on a text: a reviewer approved it, or sent it back
    to its translator with a comment saying what to change.

    Any translation row (an event's, a person's...) can carry notes, hence the generic key.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("text model"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("text id"))
    row = GenericForeignKey("content_type", "object_id")
    language_code = models.CharField(_("language"), max_length=15)
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_notes_received",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReviewNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_decision_display()} ({self.author})"
