from django.utils.translation import gettext_lazy as _

from api.dates import PreciseMomentField
from api.links import IdentityUrlField
from api.strict import StrictModelSerializer
from api.texts import LocalizedModelSerializer, TranslationRowSerializer
from images.serializers import ImageSerializer
from people.models import (
    Affiliation,
    Organization,
    OrganizationTranslation,
    Person,
    PersonTranslation,
)


class PersonTextSerializer(TranslationRowSerializer):
    class Meta(TranslationRowSerializer.Meta):
        model = PersonTranslation


class OrganizationTextSerializer(TranslationRowSerializer):
    class Meta(TranslationRowSerializer.Meta):
        model = OrganizationTranslation


class OrganizationSummarySerializer(LocalizedModelSerializer):
    """An organisation as other payloads embed it: its slug and name."""

    class Meta:
        model = Organization
        fields = ["slug", "kind"]
        text_fields = ["name"]


class PersonSummarySerializer(LocalizedModelSerializer):
    """A person as other payloads embed it: slug, Wikidata id and name."""

    class Meta:
        model = Person
        fields = ["slug", "wikidata_qid"]
        text_fields = ["name"]


class RoleSerializer(LocalizedModelSerializer):
    """A role held in an organisation (its title is translated), with its span."""

    organization = OrganizationSummarySerializer(read_only=True, shared=True)
    start = PreciseMomentField(
        moment="start_at",
        precision="start_precision",
        help_text=_("When the role began; null when before the story."),
    )
    end = PreciseMomentField(
        moment="end_at",
        precision="end_precision",
        help_text=_("When the role ended; null while held."),
    )

    class Meta:
        model = Affiliation
        fields = ["organization", "start", "end"]
        text_fields = ["title"]


class PersonSerializer(LocalizedModelSerializer):
    url = IdentityUrlField(view_name="api:person-detail", lookup_field="slug")
    roles = RoleSerializer(
        source="affiliations", many=True, read_only=True, help_text=_("Every role the person held.")
    )
    portrait = ImageSerializer(
        read_only=True, allow_null=True, help_text=_("The person's portrait; null when none.")
    )
    row_serializer_class = PersonTextSerializer

    class Meta:
        model = Person
        fields = [
            "url",
            "slug",
            "wikidata_qid",
            "original_language",
            "portrait",
            "roles",
            "version",
        ]


class PersonWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Person
        fields = ["slug", "wikidata_qid", "original_language"]


class OrganizationSerializer(LocalizedModelSerializer):
    url = IdentityUrlField(view_name="api:organization-detail", lookup_field="slug")
    logo = ImageSerializer(
        read_only=True, allow_null=True, help_text=_("The organisation's logo; null when none.")
    )
    row_serializer_class = OrganizationTextSerializer

    class Meta:
        model = Organization
        fields = [
            "url",
            "slug",
            "kind",
            "website",
            "wikidata_qid",
            "original_language",
            "logo",
            "version",
        ]


class OrganizationWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "kind", "website", "wikidata_qid", "original_language"]
