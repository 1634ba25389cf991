"""People and organisations: everyone may read them; editors change them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from api.viewsets import (
    SLUG_PATH,
    FactsWriteMixin,
    ReadOnlyApiViewSet,
    TranslationRowsMixin,
)
from people.models import Organization, Person
from people.serializers import (
    OrganizationSerializer,
    OrganizationTextSerializer,
    OrganizationWriteSerializer,
    PersonSerializer,
    PersonTextSerializer,
    PersonWriteSerializer,
)


@extend_schema_view(
    list=extend_schema(summary=_("List people")),
    retrieve=extend_schema(summary=_("Read a person, with every role they held")),
    create=extend_schema(summary=_("Add a person (editors)")),
    partial_update=extend_schema(summary=_("Change a person's facts (editors)")),
    translation=extend_schema(summary=_("Read or write a person's text in one language")),
)
class PersonViewSet(TranslationRowsMixin, FactsWriteMixin, ReadOnlyApiViewSet):
    """A person, with the roles they held. Readers see the people of published events."""

    list_answer_keys = ("people",)

    def object_answer_keys(self, person):
        return (f"person-{person.pk}",)

    queryset = Person.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATH
    serializer_class = PersonSerializer
    write_serializer_class = PersonWriteSerializer
    translation_serializer_class = PersonTextSerializer

    def readers_queryset(self, queryset):
        return queryset.public()

    def shape(self, queryset, language):
        return queryset.for_profile(language)


@extend_schema_view(
    list=extend_schema(summary=_("List organisations")),
    retrieve=extend_schema(summary=_("Read an organisation")),
    create=extend_schema(summary=_("Add an organisation (editors)")),
    partial_update=extend_schema(summary=_("Change an organisation's facts (editors)")),
    translation=extend_schema(summary=_("Read or write an organisation's text in one language")),
)
class OrganizationViewSet(TranslationRowsMixin, FactsWriteMixin, ReadOnlyApiViewSet):
    """An organisation. Readers see those of published events (their people or sources)."""

    list_answer_keys = ("organizations",)

    def object_answer_keys(self, organization):
        return (f"org-{organization.pk}",)

    queryset = Organization.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATH
    serializer_class = OrganizationSerializer
    write_serializer_class = OrganizationWriteSerializer
    translation_serializer_class = OrganizationTextSerializer

    def readers_queryset(self, queryset):
        return queryset.public()

    def shape(self, queryset, language):
        return super().shape(queryset, language).with_logo(language)
