from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision
from core.languages import TranslationStatus
from core.publishing import published_event_q
from core.validators import validate_wikidata_qid, wikidata_qid_constraint_condition
from images.models import select_image
from translations.machinery import (
    TranslatableModel,
    TranslatableQuerySet,
    Translation,
    language_choices,
    translation_constraints,
    translations_prefetch,
)
from translations.models import SlugManagerMixin, UidKeyed, UidManagerMixin, Versioned


def affiliations_prefetch(lookup: str, language_code: str) -> Prefetch:
    """Prefetch affiliations with their titles and organisations' names in one language."""
    return Prefetch(
        lookup,
        queryset=Affiliation.objects.select_related("person", "organization").prefetch_related(
            translations_prefetch("translations", Affiliation, language_code),
            translations_prefetch("organization__translations", Organization, language_code),
            translations_prefetch("person__translations", Person, language_code),
        ),
    )


def _in_a_published_event(person) -> Exists:
    """Whether ``person`` (an OuterRef) takes part in a published event (no import of events)."""
    involvement = Person._meta.get_field("involvements").related_model
    return Exists(involvement.objects.filter(person=person).filter(published_event_q("event__")))


class PersonQuerySet(TranslatableQuerySet):
    def public(self):
        """Return the people readers may see: those taking part in a published event."""
        return self.filter(_in_a_published_event(OuterRef("pk")))

    def with_portrait(self, language_code: str | None):
        """Join the portrait and prefetch its alt text in one language."""
        return select_image(self, "portrait", language_code)

    def named(self, text: str):
        """
        Keep the people one of whose approved names or other names, in any language,
        contains ``text``: a reader who knows only パホツキ or "Kara Swisher" finds them.
        """
        matching = PersonTranslation.objects.filter(
            person=OuterRef("pk"), status=TranslationStatus.APPROVED
        ).filter(Q(name__icontains=text) | Q(aliases__icontains=text))
        return self.filter(Exists(matching))

    def for_profile(self, language_code: str):
        """Prefetch a person page's name, biography, portrait and role history."""
        return (
            self.for_language(language_code)
            .with_portrait(language_code)
            .prefetch_related(affiliations_prefetch("affiliations", language_code))
        )


class PersonManager(SlugManagerMixin, models.Manager.from_queryset(PersonQuerySet)):
    pass


class Person(TranslatableModel, Versioned):
    saga_lookups = ("events__saga",)

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    wikidata_qid = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[validate_wikidata_qid],
        help_text=_("Optional, such as Q7407093 for Sam Altman."),
    )
    original_language = models.CharField(
        _("original language"), max_length=15, choices=language_choices
    )
    portrait = models.ForeignKey(
        "images.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PersonManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=wikidata_qid_constraint_condition(),
                name="person_wikidata_qid_shape",
                violation_error_message=_("A Wikidata id is a Q followed by digits."),
            ),
        ]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse("people:person", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def affiliations_at(self, moment):
        """Return the affiliations held at ``moment`` (from the prefetch cache when present)."""
        return [a for a in self.affiliations.all() if a.is_held_at(moment)]


class PersonTranslation(Translation):
    parent_field = "person"
    translated_fields = ("name", "aliases", "short_bio")
    required_fields = ("name",)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=200)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "One per line: the other ways texts in this language name the person "
            "(a surname, an honorific form). Quality checks accept any of them."
        ),
    )
    short_bio = models.TextField(_("short biography"), blank=True)

    class Meta(Translation.Meta):
        verbose_name = _("person's text")
        verbose_name_plural = _("person's texts")
        constraints = translation_constraints("person", "persontranslation")

    def names(self) -> list[str]:
        """Return the name and its aliases: the glossary entries for this language."""
        return [self.name, *(line.strip() for line in self.aliases.splitlines() if line.strip())]


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("company")
    NONPROFIT = "nonprofit", _("non-profit organisation")
    NEWS = "news", _("news organisation")
    PLATFORM = "platform", _("online platform")
    PUBLIC_BODY = "public_body", _("public body")
    OTHER = "other", _("other")


class OrganizationQuerySet(TranslatableQuerySet):
    def public(self):
        """
        Return the organisations readers may see: those of people in published events and
        the publishers of sources that published events cite.
        """
        # EXISTS, each stopping at its first row: joining every role, involvement, source and
        # citation and then removing the duplicates (DISTINCT) took seconds on a large saga.
        affiliation = Organization._meta.get_field("affiliations").related_model
        source = Organization._meta.get_field("published_sources").related_model
        citation = source._meta.get_field("citations").related_model
        people = affiliation.objects.filter(organization=OuterRef("pk")).filter(
            _in_a_published_event(OuterRef("person_id"))
        )
        cited = source.objects.filter(publisher=OuterRef("pk")).filter(
            Exists(
                citation.objects.filter(source=OuterRef("pk")).filter(published_event_q("event__"))
            )
        )
        return self.filter(Exists(people) | Exists(cited))

    def with_logo(self, language_code: str | None):
        """Join the logo and prefetch its alt text in one language."""
        return select_image(self, "logo", language_code)

    def for_profile(self, language_code: str):
        """Prefetch an organisation page's name, description, logo and the roles held in it."""
        return (
            self.for_language(language_code)
            .with_logo(language_code)
            .prefetch_related(affiliations_prefetch("affiliations", language_code))
        )


class OrganizationManager(SlugManagerMixin, models.Manager.from_queryset(OrganizationQuerySet)):
    pass


class Organization(TranslatableModel, Versioned):
    # Where the saga's people work, and who published its sources.
    saga_lookups = ("affiliations__person__events__saga", "published_sources__events__saga")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=OrganizationKind.choices, default=OrganizationKind.COMPANY
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    wikidata_qid = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[validate_wikidata_qid],
        help_text=_("Optional, such as Q21708200 for OpenAI."),
    )
    original_language = models.CharField(
        _("original language"), max_length=15, choices=language_choices
    )
    logo = models.ForeignKey(
        "images.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganizationManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=wikidata_qid_constraint_condition(),
                name="organization_wikidata_qid_shape",
                violation_error_message=_("A Wikidata id is a Q followed by digits."),
            ),
        ]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse("people:organization", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class OrganizationTranslation(Translation):
    parent_field = "organization"
    translated_fields = ("name", "aliases", "description")
    required_fields = ("name",)

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="translations"
    )
    name = models.CharField(_("name"), max_length=200)
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("One per line, such as a short form.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta(Translation.Meta):
        verbose_name = _("organisation's text")
        verbose_name_plural = _("organisation's texts")
        constraints = translation_constraints("organization", "organizationtranslation")

    def names(self) -> list[str]:
        return [self.name, *(line.strip() for line in self.aliases.splitlines() if line.strip())]


class AffiliationManager(UidManagerMixin, models.Manager.from_queryset(TranslatableQuerySet)):
    pass


class Affiliation(TranslatableModel, UidKeyed):
    """
    A role a person held in an organisation for a time ("CTO", then "interim CEO").

    Roles change inside a story, so an event shows each person's role as of that event:
    the affiliations whose span contains the event's moment (both ends included).
    """

    original_language_path = "person__original_language"
    saga_lookups = ("person__events__saga",)

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    start_at = models.DateTimeField(
        _("from"), null=True, blank=True, help_text=_("Empty when it began before the story.")
    )
    start_precision = models.CharField(
        _("known to the"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_at = models.DateTimeField(
        _("until"), null=True, blank=True, help_text=_("Empty while held.")
    )
    end_precision = models.CharField(
        _("known to the"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    objects = AffiliationManager()

    class Meta:
        ordering = ["person", F("start_at").asc(nulls_first=True)]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__isnull=True)
                | Q(start_at__isnull=True)
                | Q(end_at__gte=F("start_at")),
                name="affiliation_ends_after_start",
                violation_error_message=_("An affiliation cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.organization}"

    @property
    def original_language(self):
        return self.person.original_language

    def is_held_at(self, moment) -> bool:
        started = self.start_at is None or self.start_at <= moment
        ongoing = self.end_at is None or moment <= self.end_at
        return started and ongoing


class AffiliationTranslation(Translation):
    parent_field = "affiliation"
    translated_fields = ("title",)
    required_fields = ("title",)

    affiliation = models.ForeignKey(
        Affiliation, on_delete=models.CASCADE, related_name="translations"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("Such as “chief executive”."))

    class Meta(Translation.Meta):
        verbose_name = _("affiliation's title")
        verbose_name_plural = _("affiliation's titles")
        constraints = translation_constraints("affiliation", "affiliationtranslation")
