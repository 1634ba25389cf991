from django.conf import global_settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision
from core.publishing import published_event_q
from core.validators import web_url_constraint_condition
from people.models import Organization
from sources.addresses import validate_public_web_url
from translations.machinery import translations_prefetch
from translations.models import SlugManagerMixin, Versioned


def source_language_choices():
    """A source may be in any language, not only the ones the site is translated into."""
    return list(global_settings.LANGUAGES)


class SourceKind(models.TextChoices):
    ARTICLE = "article", _("news article")
    SOCIAL_POST = "social_post", _("social media post")
    PRESS_RELEASE = "press_release", _("press release or announcement")
    INTERVIEW = "interview", _("interview")
    VIDEO = "video", _("video")
    DOCUMENT = "document", _("document or letter")


class Availability(models.TextChoices):
    LIVE = "live", _("online")
    REMOVED = "removed", _("no longer online")
    UNKNOWN = "unknown", _("not checked")


class SourceQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("publisher").prefetch_related("publisher__translations")

    def public(self):
        """Return the sources readers may see: those cited by a published event."""
        citation = Source._meta.get_field("citations").related_model
        return self.filter(
            Exists(
                citation.objects.filter(source=OuterRef("pk")).filter(published_event_q("event__"))
            )
        )

    def for_reader(self, language_code: str):
        """Select the publisher with just the names a reader of ``language_code`` is shown."""
        return self.select_related("publisher").prefetch_related(
            translations_prefetch("publisher__translations", Organization, language_code)
        )


class SourceManager(SlugManagerMixin, models.Manager.from_queryset(SourceQuerySet)):
    pass


class Source(Versioned):
    """
    Where a claim comes from: an article, a post, a statement.

    A source that has gone offline keeps its citations and quotes; pages say it is no
    longer online and link to the archived copy when there is one.
    """

    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    url = models.URLField(
        _("URL"),
        max_length=1000,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_public_web_url],
        help_text=_("Leave empty when the address is not known; say so in the note."),
    )
    publisher = models.ForeignKey(
        "people.Organization",
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_sources",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    language = models.CharField(
        _("language"), max_length=15, choices=source_language_choices, default="en"
    )
    title = models.CharField(
        _("title"), max_length=500, help_text=_("As published, in the source's language.")
    )
    author = models.CharField(_("author"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_precision = models.CharField(
        _("known to the"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    archived_url = models.URLField(
        _("archived copy"), max_length=1000, blank=True, validators=[validate_public_web_url]
    )
    availability = models.CharField(
        _("availability"),
        max_length=16,
        choices=Availability.choices,
        default=Availability.UNKNOWN,
        db_index=True,
    )
    availability_checked_at = models.DateTimeField(
        _("availability checked at"), null=True, blank=True
    )
    # Kept by ``manage.py check_sources`` (sources/linkcheck.py): an unreachable source is
    # marked removed only after repeated failures over days, never on one network error.
    check_failures = models.PositiveSmallIntegerField(
        _("failed checks in a row"), default=0, editable=False
    )
    check_failing_since = models.DateTimeField(
        _("failing checks since"), null=True, blank=True, editable=False
    )
    note = models.TextField(
        _("editors' note"), blank=True, help_text=_("For the newsroom; not shown to readers.")
    )

    objects = SourceManager()

    class Meta:
        ordering = ["-published_at", "slug"]
        # The article, post or document itself; each event's use of it is a citation.
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            models.CheckConstraint(
                condition=web_url_constraint_condition(field),
                name=f"source_{field}_is_a_web_address",
                violation_error_message=_("An address must start with http:// or https://."),
            )
            for field in ("url", "archived_url")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["people.organization"]

    @property
    def title_in_citation(self) -> str:
        """The title as it runs on in a citation line: a post's closing full stop dropped."""
        return self.title.removesuffix(".") if not self.title.endswith("..") else self.title

    @property
    def is_removed(self) -> bool:
        return self.availability == Availability.REMOVED
