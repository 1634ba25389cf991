# Over 600 lines on purpose: sagas, chapters, events and their querysets are one model.
import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, format_at_precision, local_day, validate_time_zone
from core.natural_keys import NaturalKeyManagerMixin, related_object
from core.prefetch import LeanPrefetch
from core.publishing import (
    PublicationState,
    Publishable,
    PublishableQuerySet,
    published_event_q,
)
from images.models import select_image
from people.models import Affiliation, Organization, Person
from sources.models import Source
from translations.machinery import (
    DigestField,
    Localized,
    TranslatableModel,
    TranslatableQuerySet,
    Translation,
    TranslationStatus,
    join_texts,
    language_choices,
    shown_to_readers_q,
    text_contains_q,
    text_digest,
    translation_constraints,
    translations_prefetch,
)
from translations.models import SlugManagerMixin, UidKeyed, UidManagerMixin, Versioned

# ------------------------------------------------------------------------------
# Saga
# ------------------------------------------------------------------------------


class SagaQuerySet(PublishableQuerySet, TranslatableQuerySet):
    def with_public_summary(self):
        """Annotate how many events readers see and when one of them last changed."""
        public = published_event_q("events__")
        return self.annotate(
            public_event_count=Count("events", filter=public),
            public_updated_at=Max("events__updated_at", filter=public),
        )


class SagaManager(SlugManagerMixin, models.Manager.from_queryset(SagaQuerySet)):
    pass


class Saga(TranslatableModel, Publishable, Versioned):
    """A story that unfolds over days, told as a timeline of events."""

    saga_lookups = ("pk",)

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_(
            "Where the story happened (IANA name, such as America/Los_Angeles): "
            "its days are that place's days."
        ),
    )
    original_language = models.CharField(
        _("original language"), max_length=15, choices=language_choices
    )

    objects = SagaManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("saga")
        verbose_name_plural = _("sagas")
        permissions = [("publish_saga", _("Can publish sagas"))]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse("events:saga", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class SagaTranslation(Translation):
    parent_field = "saga"
    translated_fields = ("title", "standfirst")
    required_fields = ("title",)

    saga = models.ForeignKey(Saga, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=300)
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("The one-paragraph summary under the title.")
    )

    class Meta(Translation.Meta):
        verbose_name = _("saga's text")
        verbose_name_plural = _("saga's texts")
        constraints = translation_constraints("saga", "sagatranslation")


# ------------------------------------------------------------------------------
# Chapter
# ------------------------------------------------------------------------------


class ChapterManager(NaturalKeyManagerMixin, models.Manager.from_queryset(TranslatableQuerySet)):
    def natural_key_filter(self, saga_slug, slug):
        return {"saga__slug": saga_slug, "slug": slug}


class Chapter(TranslatableModel, Versioned):
    """A span of a saga with a heading ("Friday: fired"); a TimelineJS era."""

    original_language_path = "saga__original_language"
    saga_lookups = ("saga",)

    saga = models.ForeignKey(
        Saga, verbose_name=_("saga"), on_delete=models.CASCADE, related_name="chapters"
    )
    slug = models.SlugField(_("slug"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    start_at = models.DateTimeField(_("starts at"))
    end_at = models.DateTimeField(_("ends at"), null=True, blank=True)

    objects = ChapterManager()

    class Meta:
        # By the saga's id, as events are: "saga" would join the sagas into every sort.
        ordering = ["saga_id", "position", "start_at"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(
                fields=["saga", "slug"],
                name="chapter_slug_unique_in_saga",
                violation_error_message=_("This saga already has a chapter with this slug."),
            ),
            models.CheckConstraint(
                condition=Q(end_at__isnull=True) | Q(end_at__gte=F("start_at")),
                name="chapter_ends_after_start",
                violation_error_message=_("A chapter cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.saga} / {self.slug}"

    def natural_key(self):
        return (related_object(self, "saga").slug, self.slug)

    natural_key.dependencies = ["events.saga"]

    @property
    def original_language(self):
        return self.saga.original_language

    def contains(self, moment) -> bool:
        return self.start_at <= moment and (self.end_at is None or moment <= self.end_at)


class ChapterTranslation(Translation):
    parent_field = "chapter"
    translated_fields = ("heading",)
    required_fields = ("heading",)

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="translations")
    heading = models.CharField(_("heading"), max_length=200)

    class Meta(Translation.Meta):
        verbose_name = _("chapter's heading")
        verbose_name_plural = _("chapter's headings")
        constraints = translation_constraints("chapter", "chaptertranslation")


# ------------------------------------------------------------------------------
# Tag
# ------------------------------------------------------------------------------


class TagManager(SlugManagerMixin, models.Manager.from_queryset(TranslatableQuerySet)):
    pass


class Tag(TranslatableModel):
    saga_lookups = ("events__saga",)

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    original_language = models.CharField(
        _("original language"), max_length=15, choices=language_choices
    )

    objects = TagManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.slug

    def natural_key(self):
        return (self.slug,)


class TagTranslation(Translation):
    parent_field = "tag"
    translated_fields = ("name",)
    required_fields = ("name",)

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=100)

    class Meta(Translation.Meta):
        verbose_name = _("tag's name")
        verbose_name_plural = _("tag's names")
        constraints = translation_constraints("tag", "tagtranslation")


# ------------------------------------------------------------------------------
# Event
# ------------------------------------------------------------------------------


# What a TimelineJS slide's media credit reads of its first source.
TIMELINEJS_SOURCE_FIELDS = ("url", "archived_url", "availability", "author", "title", "publisher")


# The order of an event's people and citations, as their models' ordering has it, for their
# prefetches: the models order by "event" first, which sorts by the events' own (saga,
# date...) ordering, joining every row's event into the sort for a page of 50. Within one
# event the event part is constant, so "event_id" keeps the same order.
PER_EVENT = ("event_id", "position", "pk")


# What a timeline never shows of its events, their chapters and people: each column costs
# its compilation and conversion (a date) on every row of a page.
VERSION_FIELDS = ("version", "created_at", "updated_at", "updated_by")
TIMELINE_UNSHOWN = (
    *VERSION_FIELDS,
    "publish_at",
    "end_at",
    "image",
    *(f"chapter__{name}" for name in (*VERSION_FIELDS, "start_at", "end_at")),
)
PERSON_UNSHOWN = (*VERSION_FIELDS, "wikidata_qid", "portrait")


class EventQuerySet(TranslatableQuerySet):
    def published(self, now=None):
        """Return the events readers may see: published, scheduled time passed, saga public."""
        return self.filter(published_event_q(now=now))

    def matching(self, *, person="", organization="", tag="", chapter=""):
        """
        Keep the events involving a person, touching an organisation, tagged, or in a chapter
        (each given by slug). An organisation touches an event when someone affiliated with
        it takes part, or when it published a source the event cites.
        """
        events = self
        if person:
            events = events.filter(
                pk__in=Involvement.objects.filter(person__slug=person).values("event")
            )
        if organization:
            people_q = Q(
                pk__in=Involvement.objects.filter(
                    person__affiliations__organization__slug=organization
                ).values("event")
            )
            sources_q = Q(
                pk__in=Citation.objects.filter(source__publisher__slug=organization).values("event")
            )
            events = events.filter(people_q | sources_q)
        if tag:
            events = events.filter(
                pk__in=Event.tags.through.objects.filter(tag__slug=tag).values("event")
            )
        if chapter:
            events = events.filter(chapter__slug=chapter)
        return events

    def search(self, text: str, language_code: str | None, *, public: bool = True):
        """
        Keep the events whose text, as a reader of ``language_code`` sees it, contains ``text``.

        That text is the approved translation in that language (its last approved text while
        a change awaits review), or, where there is none, the approved source text shown as a
        fallback. Substring matching, so it works for
        languages written without spaces. With no language, the text in any language; for
        staff (``public=False``), texts in any status, as ``localized(public=False)`` shows.
        """
        contains = text_contains_q(
            ("headline", "summary", "body", "display_date"), text, public=public
        )
        shown = EventTranslation.objects.filter(event=OuterRef("pk"))
        if public:
            shown = shown.filter(shown_to_readers_q())
        if language_code is None:
            return self.filter(Exists(shown.filter(contains)))
        in_language = shown.filter(language_code=language_code)
        in_source = shown.filter(language_code=OuterRef("original_language"))
        return self.filter(
            Exists(in_language.filter(contains))
            | (~Exists(in_language) & Exists(in_source.filter(contains)))
        )

    def for_timeline(
        self, language_code: str | None, *, saga_texts: bool = True, states: bool = True
    ):
        """
        Fetch what a reader's timeline shows of each event, in constant queries; without
        ``saga_texts``, the saga's title and chapter's heading are not read (the API
        shows the saga by slug and the chapter by id); without ``states``, the texts'
        review states are not read with them (``join_texts``: readers' pages).
        """
        if not saga_texts and language_code is not None:
            events = self.select_related("saga")
            return join_texts(events, language_code, "", states=states).prefetch_related(
                *self._timeline_relations(language_code, states=states)
            )
        # chapter__saga: a chapter's text falls back to its saga's language.
        events = self.select_related("saga", "chapter__saga")
        if language_code is None:  # every language: prefetched
            return events.prefetch_related(
                translations_prefetch("translations", Event),
                translations_prefetch("saga__translations", Saga),
                translations_prefetch("chapter__translations", Chapter),
                translations_prefetch("tags__translations", Tag),
                Prefetch(
                    "involvements",
                    queryset=Involvement.objects.order_by(*PER_EVENT)
                    .select_related("person")
                    .prefetch_related(translations_prefetch("person__translations", Person)),
                ),
            )
        # One language: each text is joined to its object, so tags, people and the
        # event with its saga and chapter each come in one query.
        events = join_texts(events, language_code, "", "saga", "chapter", states=states)
        return events.prefetch_related(*self._timeline_relations(language_code, states=states))

    @staticmethod
    def _timeline_relations(language_code: str, *, states: bool = True):
        tags = join_texts(Tag.objects.all(), language_code, "", states=states)
        involvements = Involvement.objects.order_by(*PER_EVENT)
        return (
            LeanPrefetch("tags", queryset=tags),
            LeanPrefetch(
                "involvements",
                queryset=join_texts(involvements, language_code, "person", states=states),
            ),
        )

    def for_saga_timeline(self, language_code: str):
        """
        Fetch what ``for_timeline(language_code)`` does for the events of one saga, except
        that saga: the caller, who has it already, hands it to each event and its chapter
        (``events.timeline.timeline_page`` does). Fifty copies of the saga and its texts
        cost more to build than the rest of a timeline's rows. A page never shows the
        texts' review states: they are not read (``join_texts``).
        """
        events = self.select_related("chapter").defer(*TIMELINE_UNSHOWN)
        involvements = Involvement.objects.order_by(*PER_EVENT)
        tags = join_texts(Tag.objects.all(), language_code, "", states=False)
        return join_texts(events, language_code, "", "chapter", states=False).prefetch_related(
            LeanPrefetch("tags", queryset=tags),
            LeanPrefetch(
                "involvements",
                queryset=join_texts(involvements, language_code, "person", states=False).defer(
                    *(f"person__{name}" for name in PERSON_UNSHOWN)
                ),
            ),
        )

    def with_neighbours(self, now=None):
        """
        Annotate ``previous_pk`` and ``next_pk``: the public events just before and after
        each event in its saga's timeline order (start, position, slug), or None at the ends.
        Each is one indexed look-up, whatever the saga's size.
        """
        siblings = Event.objects.published(now).filter(saga=OuterRef("saga"))
        start, position, slug = OuterRef("start_at"), OuterRef("position"), OuterRef("slug")
        order = ("start_at", "position", "slug")

        def nearest(condition, *, before):
            fields = [f"-{f}" for f in order] if before else order
            return Subquery(siblings.filter(condition).order_by(*fields).values("pk")[:1])

        # The nearest sibling is the first found among those sharing the start and position,
        # then the start, then neither: three look-ups that each stop at one row, where one
        # look-up with OR collected (and sorted) every event on that side of the saga.
        return self.annotate(
            previous_pk=Coalesce(
                nearest(Q(start_at=start, position=position, slug__lt=slug), before=True),
                nearest(Q(start_at=start, position__lt=position), before=True),
                nearest(Q(start_at__lt=start), before=True),
            ),
            next_pk=Coalesce(
                nearest(Q(start_at=start, position=position, slug__gt=slug), before=False),
                nearest(Q(start_at=start, position__gt=position), before=False),
                nearest(Q(start_at__gt=start), before=False),
            ),
        )

    def for_timelinejs(self):
        """
        Return just the facts a TimelineJS slide shows of each event (its text and first
        source are attached by the export: ``events.timelinejs.export``).
        """
        return self.only(
            "saga_id",
            "chapter_id",
            "slug",
            "start_at",
            "end_at",
            "precision",
            "is_approximate",
            "original_language",
            "image",
        )

    def first_sources(self) -> dict:
        """
        Return the source of each event's first citation, by event id, with its publisher:
        each source built once however many events cite it first.
        """
        first = (
            Citation.objects.filter(event=OuterRef("event"))
            .order_by("position", "pk")
            .values("pk")[:1]
        )
        citations = Citation.objects.filter(
            event__in=self.order_by().values("pk"), pk=Subquery(first)
        ).order_by()
        sources = (
            Source.objects.filter(pk__in=citations.values("source_id"))
            .select_related("publisher")
            .only(
                *TIMELINEJS_SOURCE_FIELDS,
                "publisher__slug",
                "publisher__original_language",
            )
            .in_bulk()
        )
        return {
            event: sources[source]
            for event, source in citations.values_list("event_id", "source_id")
        }

    def for_admin_list(self):
        """Prefetch what the editors' event list shows: every text (for the badges), the
        chapter's heading and the people's names, in constant queries."""
        return self.select_related("saga", "chapter__saga").prefetch_related(
            translations_prefetch("translations", Event),
            translations_prefetch("chapter__translations", Chapter),
            Prefetch(
                "involvements",
                queryset=Involvement.objects.select_related("person").prefetch_related(
                    translations_prefetch("person__translations", Person)
                ),
            ),
        )

    def for_admin_form(self):
        """Load what the editors' event form shows with the event: its saga, every text, and
        its tags with their names (the tags' picker), and who saved it last (the presence
        notice), in constant queries."""
        return self.select_related("saga", "updated_by").prefetch_related(
            translations_prefetch("translations", Event),
            "tags",
            translations_prefetch("tags__translations", Tag),
        )

    def revision_prefetches(self) -> list[Prefetch]:
        """What a revision of an event reads with it (its people and its citations with
        their quotes' texts), loaded with what each row's name reads (see ``__str__``)."""
        return [
            Prefetch("involvements", queryset=Involvement.objects.select_related("person")),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("event__saga", "source").prefetch_related(
                    "translations"
                ),
            ),
        ]

    def with_image(self, language_code: str | None):
        """Join the event's image and prefetch its alt text and caption in one language."""
        return select_image(self, "image", language_code)

    def for_detail(
        self, language_code: str | None, *, saga_texts: bool = True, states: bool = True
    ):
        """
        Fetch everything an event page or API detail shows: roles then, the image (without
        ``states``, as ``for_timeline``: no review states, for readers' pages).
        """
        if language_code is None:
            affiliations = Affiliation.objects.select_related("organization").prefetch_related(
                translations_prefetch("translations", Affiliation),
                translations_prefetch("organization__translations", Organization),
            )
        else:
            affiliations = join_texts(
                Affiliation.objects.all(), language_code, "", "organization", states=states
            )
        return (
            self.for_timeline(language_code, saga_texts=saga_texts, states=states)
            .with_image(language_code)
            .prefetch_related(
                LeanPrefetch("involvements__person__affiliations", queryset=affiliations)
            )
            .with_citations(language_code, states=states)
        )

    def with_citations(self, language_code: str | None, *, states: bool = True):
        """
        Fetch the citations with their sources, publishers and quote translations (without
        ``states``: not their review states, as ``for_timeline``).
        """
        citations = Citation.objects.order_by(*PER_EVENT).select_related(
            "source", "source__publisher"
        )
        if language_code is None:
            citations = citations.prefetch_related(
                "translations",
                translations_prefetch("source__publisher__translations", Organization),
            )
        else:
            citations = join_texts(citations, language_code, "", "source__publisher", states=states)
        return self.prefetch_related(LeanPrefetch("citations", queryset=citations))

    def _in_each_saga_zone(self, condition) -> models.QuerySet:
        """Filter by ``condition(time_zone)``, applied in the time zone of each event's saga."""
        zones = Saga.objects.order_by().values_list("time_zone", flat=True).distinct()
        either = Q(pk__in=[])
        for zone in zones:
            either |= Q(saga__time_zone=zone) & condition(zoneinfo.ZoneInfo(zone))
        return self.filter(either)

    def on_or_after_day(self, day: datetime.date):
        """Return the events on ``day`` or later, calendar days being the saga's."""
        return self._in_each_saga_zone(
            lambda zone: Q(start_at__gte=datetime.datetime.combine(day, datetime.time(), zone))
        )

    def on_or_before_day(self, day: datetime.date):
        """Return the events on ``day`` or earlier, calendar days being the saga's."""
        next_day = day + datetime.timedelta(days=1)
        return self._in_each_saga_zone(
            lambda zone: Q(start_at__lt=datetime.datetime.combine(next_day, datetime.time(), zone))
        )


class EventManager(NaturalKeyManagerMixin, models.Manager.from_queryset(EventQuerySet)):
    def natural_key_filter(self, saga_slug, slug):
        return {"saga__slug": saga_slug, "slug": slug}


# The saga's own pages under /<lang>/sagas/<slug>/ (events/urls.py): no event may take
# these slugs, or its page would be hidden behind them.
SAGA_PAGE_SLUGS = frozenset({"interactive", "embed"})


class Event(TranslatableModel, Publishable, Versioned):
    """
    Something that happened, on a date known to some precision.

    ``start_at`` is the best estimate of the moment (it orders the timeline); ``precision``
    says how much of it is known and therefore how much of it may be printed.
    """

    saga_lookups = ("saga",)

    @classmethod
    def from_db(cls, db, field_names, values):
        event = super().from_db(db, field_names, values)
        # The saga it was read in: a move must also reach the saga it leaves (events.freshness).
        event.loaded_saga_id = event.__dict__.get("saga_id")
        return event

    def sagas_shown_in(self) -> set[int]:
        """The sagas whose answers show this event: its saga, and the one it was read in."""
        return {pk for pk in (self.saga_id, getattr(self, "loaded_saga_id", None)) if pk}

    saga = models.ForeignKey(
        Saga, verbose_name=_("saga"), on_delete=models.CASCADE, related_name="events"
    )
    chapter = models.ForeignKey(
        Chapter,
        verbose_name=_("chapter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    slug = models.SlugField(_("slug"), max_length=120)
    start_at = models.DateTimeField(_("when"), db_index=True)
    end_at = models.DateTimeField(_("until"), null=True, blank=True)
    precision = models.CharField(
        _("known to the"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How much of the date is known; nothing finer is ever shown to readers."),
    )
    is_approximate = models.BooleanField(
        _("approximate"), default=False, help_text=_("Shown to readers as “around …”.")
    )
    position = models.SmallIntegerField(
        _("order within the same moment"), default=0, help_text=_("Lower comes first.")
    )
    original_language = models.CharField(
        _("original language"), max_length=15, choices=language_choices
    )
    people = models.ManyToManyField(
        Person, through="Involvement", related_name="events", verbose_name=_("people")
    )
    sources = models.ManyToManyField(
        "sources.Source",
        through="Citation",
        related_name="events",
        verbose_name=_("source documents"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="events", verbose_name=_("tags"))
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EventManager()

    class Meta:
        # The timeline's order: its pages and an event's neighbours walk this index. By the
        # saga's id: "saga" orders by the saga's own ordering (its slug), which joins the
        # sagas into the sort, and no index gives that order (tests/scale/test_timeline_order).
        ordering = ["saga_id", "start_at", "position", "slug"]
        indexes = [
            models.Index(
                fields=["saga", "start_at", "position", "slug"], name="event_timeline_order"
            ),
            # Readers' timelines filter on the state too: with it in the index, a public
            # page is an index walk that stops after its events, where the planner would
            # otherwise pick the (unselective) state index and sort the whole saga.
            models.Index(
                fields=["saga", "state", "start_at", "position", "slug"],
                name="event_public_timeline",
            ),
            # Scheduled go-lives and expiries (the desk's lists, the schedule filters): a
            # range of these indexes instead of every published event.
            models.Index(fields=["state", "publish_at"], name="event_scheduled"),
            # The same for the next expiry.
            models.Index(fields=["state", "unpublish_at"], name="event_expiry"),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("publish_event", _("Can publish events"))]
        constraints = [
            models.UniqueConstraint(
                fields=["saga", "slug"],
                name="event_slug_unique_in_saga",
                violation_error_message=_("This saga already has an event with this slug."),
            ),
            models.CheckConstraint(
                condition=Q(end_at__isnull=True) | Q(end_at__gte=F("start_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.saga} / {self.slug}"

    def get_absolute_url(self):
        return reverse("events:event", kwargs={"saga_slug": self.saga.slug, "slug": self.slug})

    def natural_key(self):
        return (related_object(self, "saga").slug, self.slug)

    natural_key.dependencies = ["events.saga"]

    @property
    def local_day(self):
        """The calendar day of the event where the story happened."""
        return local_day(self.start_at, self.saga.time_zone)

    def formatted_date(self) -> str:
        """The date in the saga's time zone, in the active language, to the precision known."""
        return format_at_precision(
            self.start_at, self.precision, self.saga.time_zone, approximate=self.is_approximate
        )

    def clean(self):
        super().clean()
        if self.chapter_id and self.saga_id and self.chapter.saga_id != self.saga_id:
            raise ValidationError({"chapter": _("This chapter belongs to another saga.")})
        if self.slug in SAGA_PAGE_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the name of a saga page.") % {"slug": self.slug}}
            )


class EventTranslation(Translation):
    parent_field = "event"
    translated_fields = ("headline", "display_date", "summary", "body")
    required_fields = ("headline",)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    headline = models.CharField(_("headline"), max_length=300)
    display_date = models.CharField(
        _("display date"),
        max_length=120,
        blank=True,
        help_text=_("How the date reads in words when it is vague, such as “late Tuesday night”."),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))

    class Meta(Translation.Meta):
        verbose_name = _("event's text")
        verbose_name_plural = _("event's texts")
        constraints = translation_constraints("event", "eventtranslation")
        # A text's state is read from this index alone (``translations.state_rule``), not
        # from the row with its long text: the dashboard and work lists read every row.
        indexes = [
            models.Index(
                fields=["event", "language_code", "status", "source_digest", "texts_digest"],
                name="eventtranslation_state",
            )
        ]


# ------------------------------------------------------------------------------
# Involvement and Citation
# ------------------------------------------------------------------------------


class InvolvementRole(models.TextChoices):
    SUBJECT = "subject", _("subject")
    ACTOR = "actor", _("actor")
    QUOTED = "quoted", _("quoted")
    MENTIONED = "mentioned", _("mentioned")


class InvolvementManager(NaturalKeyManagerMixin, models.Manager):
    def natural_key_filter(self, saga_slug, event_slug, person_slug, role):
        return {
            "event__saga__slug": saga_slug,
            "event__slug": event_slug,
            "person__slug": person_slug,
            "role": role,
        }


class Involvement(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="involvements"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="involvements"
    )
    role = models.CharField(_("role in the event"), max_length=16, choices=InvolvementRole.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = InvolvementManager()

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="involvement_unique_role",
                violation_error_message=_("This person already has this role in this event."),
            ),
        ]

    def __str__(self):
        # As get_role_display(), without hashing every choice's lazy label on each call (a
        # bulk action names tens of thousands of these in its revisions).
        try:
            role = InvolvementRole(self.role).label
        except ValueError:  # not one of the choices: shown as it is
            role = self.role
        return f"{self.person} ({role})"

    def natural_key(self):
        event, person = related_object(self, "event"), related_object(self, "person")
        return (*event.natural_key(), person.slug, self.role)

    natural_key.dependencies = ["events.event", "people.person"]

    def affiliations_then(self):
        """The person's roles as of the event."""
        return self.person.affiliations_at(self.event.start_at)


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("supports")
    DISPUTES = "disputes", _("disputes")


class CitationManager(UidManagerMixin, models.Manager.from_queryset(TranslatableQuerySet)):
    pass


class Citation(TranslatableModel, UidKeyed):
    """
    A source backing (or disputing) an event, with the words it used.

    The quote is kept exactly as published, in the source's language; its translations
    are rows like any other translatable text, and the quote itself is their source text.
    """

    original_language_path = "source__language"
    saga_lookups = ("event__saga",)
    inline_source_field = "quote"
    newness_path = "event__created_at"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="citations"
    )
    source = models.ForeignKey(
        "sources.Source",
        verbose_name=_("source document"),
        on_delete=models.PROTECT,
        related_name="citations",
        help_text=_(
            "The article, post or document itself, entered once under source documents; "
            "this citation is this event's use of it."
        ),
    )
    stance = models.CharField(
        _("stance"), max_length=16, choices=Stance.choices, default=Stance.SUPPORTS
    )
    quote = models.TextField(
        _("quoted words"),
        blank=True,
        help_text=_(
            "What this event quotes from the source document, word for word, in its language."
        ),
    )
    locator = models.CharField(
        _("where in the source"),
        max_length=200,
        blank=True,
        help_text=_("A paragraph, a time code, a page."),
    )
    note = models.CharField(
        _("what it says"),
        max_length=500,
        blank=True,
        help_text=_(
            "For the newsroom, not shown to readers: what this source reports, such as "
            "“505 signatures”. Tell readers how reports differ in the event's text."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    quote_digest = DigestField(
        _("quote digest"), help_text=_("Digest of the quote, kept on every save.")
    )

    objects = CitationManager()

    class Meta:
        ordering = ["event", "position", "pk"]
        # Not “source”: a source document is the article itself; a citation is one event's
        # use of it, with its quote (a Japanese desk would confuse 出典 and 情報源).
        verbose_name = _("event citation")
        verbose_name_plural = _("event citations")

    def __str__(self):
        return f"{self.event} ← {self.source}"

    natural_key = UidKeyed.natural_key

    @property
    def original_language(self):
        return self.source.language

    @property
    def title_repeats_quote(self) -> bool:
        """Whether the source's title is the quote itself (a post titled by its own words)."""

        def words(text):
            return " ".join((text or "").strip().strip("\"“”「」'.。").split()).casefold()

        return bool(self.quote) and words(self.quote) == words(self.source.title)

    def source_texts(self):
        return {"quote": self.quote} if self.quote else None

    def stored_digest(self) -> str:
        return text_digest({"quote": self.quote}) if self.quote else ""

    def original_localized(self, requested_language, *, public):
        if not self.quote:
            return Localized(requested_language=requested_language)
        return Localized(
            requested_language=requested_language,
            language_code=self.original_language,
            status=TranslationStatus.APPROVED,
            texts={"quote": self.quote},
        )


class CitationTranslation(Translation):
    parent_field = "citation"
    translated_fields = ("quote",)
    required_fields = ("quote",)

    citation = models.ForeignKey(Citation, on_delete=models.CASCADE, related_name="translations")
    quote = models.TextField(_("quote"))

    class Meta(Translation.Meta):
        verbose_name = _("quote translation")
        verbose_name_plural = _("quote translations")
        constraints = translation_constraints("citation", "citationtranslation")
        # A text's state is read from this index alone (``translations.state_rule``), not
        # from the row with its long text: the dashboard and work lists read every row.
        indexes = [
            models.Index(
                fields=["citation", "language_code", "status", "source_digest", "texts_digest"],
                name="citationtranslation_state",
            )
        ]

    def clean(self):
        super().clean()
        if self.citation_id and self.language_code == self.citation.original_language:
            raise ValidationError(
                {
                    "language_code": _(
                        "The quote itself is in this language; translate it into another."
                    )
                }
            )


__all__ = [
    "Saga",
    "SagaTranslation",
    "Chapter",
    "ChapterTranslation",
    "Tag",
    "TagTranslation",
    "Event",
    "EventTranslation",
    "Involvement",
    "InvolvementRole",
    "Citation",
    "CitationTranslation",
    "Stance",
    "PublicationState",
]
