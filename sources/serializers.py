from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from api.dates import PreciseMomentField
from api.links import IdentityUrlField
from api.reading import ReadSerializerMixin
from api.strict import (
    BlankAsNullURLField,
    StrictModelSerializer,
    StrictSlugRelatedField,
)
from people.models import Organization
from people.serializers import OrganizationSummarySerializer
from sources.models import Source


class NewsroomNoteField(serializers.CharField):
    """The editors' note: for the newsroom only, so null for readers."""

    def __init__(self, **kwargs):
        super().__init__(
            read_only=True,
            allow_null=True,
            help_text=_("The editors' note; null unless you may see drafts."),
            **kwargs,
        )

    def to_representation(self, value):
        return None if self.context["public"] else value


class SourceSummarySerializer(ReadSerializerMixin, serializers.ModelSerializer):
    """A source as a citation shows it: what it is, who published it, whether it is online."""

    url = BlankAsNullURLField(allow_null=True, read_only=True)
    publisher = OrganizationSummarySerializer(read_only=True, allow_null=True)
    published = PreciseMomentField(
        moment="published_at",
        precision="published_precision",
        help_text=_("When it was published, as precisely as known (UTC); null when unknown."),
    )

    class Meta:
        model = Source
        fields = [
            "slug",
            "url",
            "title",
            "kind",
            "language",
            "publisher",
            "author",
            "published",
            "availability",
            "archived_url",
        ]


class SourceSerializer(SourceSummarySerializer):
    api_url = IdentityUrlField(view_name="api:source-detail", lookup_field="slug")
    note = NewsroomNoteField()

    class Meta(SourceSummarySerializer.Meta):
        fields = [
            "api_url",
            *SourceSummarySerializer.Meta.fields,
            "published_precision",
            "availability_checked_at",
            "note",
            "version",
        ]


class SourceWriteSerializer(StrictModelSerializer):
    url = BlankAsNullURLField(
        max_length=1000,
        allow_null=True,
        required=False,
        validators=[UniqueValidator(queryset=Source.objects.all())],
    )
    publisher = StrictSlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Source
        fields = [
            "slug",
            "url",
            "title",
            "kind",
            "language",
            "publisher",
            "author",
            "published_at",
            "published_precision",
            "archived_url",
            "availability",
            "availability_checked_at",
            "note",
        ]
