from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.dates import PreciseMomentField
from api.links import IdentityUrlField
from api.reading import ReadSerializerMixin
from api.strict import (
    StrictCharField,
    StrictModelSerializer,
    StrictSlugRelatedField,
    StrictUUIDField,
)
from api.texts import LocalizedModelSerializer, TranslationRowSerializer
from events.models import (
    Chapter,
    ChapterTranslation,
    Citation,
    CitationTranslation,
    Event,
    EventTranslation,
    Involvement,
    InvolvementRole,
    Saga,
    SagaTranslation,
    Stance,
    Tag,
)
from images.serializers import ImageSerializer
from people.models import Person
from people.serializers import PersonSummarySerializer, RoleSerializer
from sources.models import Source
from sources.serializers import NewsroomNoteField, SourceSummarySerializer

_UNSET = object()


class StaffOnlyDateTimeField(serializers.DateTimeField):
    """An exact stored instant: for staff only, since readers get it to its precision only."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return None if self.context["public"] else super().to_representation(value)


# ------------------------------------------------------------------------------
# Translation rows
# ------------------------------------------------------------------------------


class SagaTextSerializer(TranslationRowSerializer):
    class Meta(TranslationRowSerializer.Meta):
        model = SagaTranslation


class ChapterTextSerializer(TranslationRowSerializer):
    class Meta(TranslationRowSerializer.Meta):
        model = ChapterTranslation


class EventTextSerializer(TranslationRowSerializer):
    class Meta(TranslationRowSerializer.Meta):
        model = EventTranslation


class CitationTextSerializer(TranslationRowSerializer):
    class Meta(TranslationRowSerializer.Meta):
        model = CitationTranslation


# ------------------------------------------------------------------------------
# Sagas and chapters
# ------------------------------------------------------------------------------


class ChapterSerializer(LocalizedModelSerializer):
    url = IdentityUrlField(view_name="api:chapter-detail")
    saga = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    row_serializer_class = ChapterTextSerializer

    class Meta:
        model = Chapter
        fields = ["id", "url", "saga", "slug", "position", "start_at", "end_at", "version"]


class ChapterSummarySerializer(LocalizedModelSerializer):
    class Meta:
        model = Chapter
        fields = ["id", "slug", "position", "start_at", "end_at"]
        text_fields = ["heading"]


class SagaSerializer(LocalizedModelSerializer):
    url = IdentityUrlField(view_name="api:saga-detail", lookup_field="slug")
    timelinejs_url = IdentityUrlField(view_name="api:saga-timelinejs", lookup_field="slug")
    chapters = ChapterSummarySerializer(many=True, read_only=True)
    row_serializer_class = SagaTextSerializer

    class Meta:
        model = Saga
        fields = [
            "url",
            "timelinejs_url",
            "slug",
            "time_zone",
            "original_language",
            "state",
            "publish_at",
            "unpublish_at",
            "chapters",
            "version",
            "updated_at",
        ]


class ChapterWriteSerializer(StrictModelSerializer):
    """A chapter's facts, for editors. Its heading is written per language (translations/)."""

    saga = StrictSlugRelatedField(slug_field="slug", queryset=Saga.objects.all())

    class Meta:
        model = Chapter
        fields = ["saga", "slug", "position", "start_at", "end_at"]


class SagaWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Saga
        fields = ["slug", "time_zone", "original_language", "state", "publish_at", "unpublish_at"]


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------


class TagSerializer(LocalizedModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug"]


class InvolvementSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    person = PersonSummarySerializer(read_only=True, shared=True)
    roles_then = RoleSerializer(
        source="affiliations_then",
        many=True,
        read_only=True,
        help_text=_("The person's roles as of the event."),
    )

    class Meta:
        model = Involvement
        fields = ["person", "role", "roles_then"]

    def to_representation(self, instance):
        # Role dates read in the saga's time zone, as the event's do: the roles' fields
        # find it in the context, set for this involvement and restored after it.
        context = self.context
        outer = context.get("time_zone", _UNSET)
        context["time_zone"] = instance.event.saga.time_zone
        try:
            return super().to_representation(instance)
        finally:
            if outer is _UNSET:
                del context["time_zone"]
            else:
                context["time_zone"] = outer


class CitationSerializer(LocalizedModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    original_quote = serializers.CharField(
        source="quote",
        read_only=True,
        help_text=_("The source's own words, in the source's language."),
    )
    # What the source reports, in the newsroom's words: readers get it from the event's text.
    note = NewsroomNoteField()
    source = SourceSummarySerializer(read_only=True, shared=True)
    row_serializer_class = CitationTextSerializer

    class Meta:
        model = Citation
        fields = ["id", "stance", "original_quote", "locator", "note", "source"]
        text_fields = ["quote"]


class EventSerializer(LocalizedModelSerializer):
    url = IdentityUrlField(view_name="api:event-detail")
    saga = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    time_zone = serializers.CharField(source="saga.time_zone", read_only=True)
    start = PreciseMomentField(
        moment="start_at",
        precision="precision",
        time_zone=lambda event: event.saga.time_zone,
        help_text=_("When it happened, as precisely as known, in the saga's time zone."),
    )
    end = PreciseMomentField(
        moment="end_at",
        precision="precision",
        time_zone=lambda event: event.saga.time_zone,
        help_text=_("When it ended, as precisely as known; null for a moment."),
    )
    formatted_date = serializers.CharField(
        read_only=True,
        help_text=_("The date as readers of the response's language write it."),
    )
    start_at = StaffOnlyDateTimeField(help_text=_("The stored instant; null unless staff."))
    end_at = StaffOnlyDateTimeField(help_text=_("The stored end; null unless staff."))
    tags = TagSerializer(many=True, read_only=True, shared=True)
    people = InvolvementSerializer(source="involvements", many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    image = ImageSerializer(
        read_only=True, allow_null=True, help_text=_("The event's picture; null when none.")
    )
    row_serializer_class = EventTextSerializer

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "saga",
            "chapter",
            "slug",
            "state",
            "publish_at",
            "unpublish_at",
            "start",
            "end",
            "precision",
            "is_approximate",
            "time_zone",
            "formatted_date",
            "start_at",
            "end_at",
            "position",
            "original_language",
            "image",
            "tags",
            "people",
            "citations",
            "version",
            "updated_at",
        ]


class InvolvementWriteSerializer(serializers.Serializer):
    person = StrictSlugRelatedField(slug_field="slug", queryset=Person.objects.all())
    role = serializers.ChoiceField(choices=InvolvementRole.choices)


class CitationWriteSerializer(serializers.Serializer):
    id = StrictUUIDField(
        source="uid",
        required=False,
        help_text=_("An existing citation of this event to keep (and change); omit for a new one."),
    )
    source = StrictSlugRelatedField(slug_field="slug", queryset=Source.objects.all())
    stance = serializers.ChoiceField(choices=Stance.choices, default=Stance.SUPPORTS)
    quote = StrictCharField(allow_blank=True, required=False, default="")
    locator = StrictCharField(allow_blank=True, required=False, default="", max_length=200)
    note = StrictCharField(allow_blank=True, required=False, default="", max_length=500)


class EventWriteSerializer(StrictModelSerializer):
    """An event's facts, for editors. Its text is written per language (translations/)."""

    saga = StrictSlugRelatedField(slug_field="slug", queryset=Saga.objects.all())
    tags = StrictSlugRelatedField(
        slug_field="slug", queryset=Tag.objects.all(), many=True, required=False
    )
    people = InvolvementWriteSerializer(
        source="involvements",
        many=True,
        required=False,
        help_text=_("Replaces the people involved, in this order."),
    )
    citations = CitationWriteSerializer(
        many=True,
        required=False,
        help_text=_("Replaces the citations, in this order; citations left out are removed."),
    )

    class Meta:
        model = Event
        fields = [
            "saga",
            "chapter",
            "slug",
            "start_at",
            "end_at",
            "precision",
            "is_approximate",
            "position",
            "original_language",
            "state",
            "publish_at",
            "unpublish_at",
            "tags",
            "people",
            "citations",
        ]

    def validate_saga(self, saga):
        if self.instance is not None and saga != self.instance.saga:
            raise serializers.ValidationError(_("An event cannot move to another saga."))
        return saga


# ------------------------------------------------------------------------------
# TimelineJS 3 (the shape of the export, for the schema)
# ------------------------------------------------------------------------------


class TimelineDateSerializer(serializers.Serializer):
    """Only the parts that are known are present."""

    year = serializers.IntegerField()
    month = serializers.IntegerField(required=False, min_value=1, max_value=12)
    day = serializers.IntegerField(required=False, min_value=1, max_value=31)
    hour = serializers.IntegerField(required=False, min_value=0, max_value=23)
    minute = serializers.IntegerField(required=False, min_value=0, max_value=59)


class TimelineTextSerializer(serializers.Serializer):
    headline = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True, required=False, help_text=_("HTML."))


class TimelineMediaSerializer(serializers.Serializer):
    """The event's image (a rendition), else the address of its first source."""

    url = serializers.CharField()
    thumbnail = serializers.CharField(
        required=False, help_text=_("An image's smallest rendition; absent for a source.")
    )
    credit = serializers.CharField(allow_blank=True)
    caption = serializers.CharField(allow_blank=True)
    alt = serializers.CharField(
        required=False, allow_blank=True, help_text=_("An image's alt text; absent for a source.")
    )


class TimelineSlideSerializer(serializers.Serializer):
    unique_id = serializers.CharField(help_text=_("The event's slug."))
    start_date = TimelineDateSerializer()
    end_date = TimelineDateSerializer(required=False)
    display_date = serializers.CharField()
    text = TimelineTextSerializer()
    media = TimelineMediaSerializer(required=False)
    group = serializers.CharField(required=False, help_text=_("The event's chapter."))


class TimelineTitleSerializer(serializers.Serializer):
    text = TimelineTextSerializer()


class TimelineEraSerializer(serializers.Serializer):
    start_date = TimelineDateSerializer()
    end_date = TimelineDateSerializer()
    text = TimelineTextSerializer()


class TimelineSerializer(serializers.Serializer):
    title = TimelineTitleSerializer()
    events = TimelineSlideSerializer(many=True)
    eras = TimelineEraSerializer(many=True, help_text=_("The saga's chapters."))
