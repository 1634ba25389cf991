"""Sources: everyone may read them (the editors' note only staff); editors change them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from api.viewsets import SLUG_PATH, FactsWriteMixin, ReadOnlyApiViewSet
from sources.models import Source
from sources.serializers import SourceSerializer, SourceWriteSerializer


@extend_schema_view(
    list=extend_schema(summary=_("List sources")),
    retrieve=extend_schema(summary=_("Read a source")),
    create=extend_schema(summary=_("Add a source (editors)")),
    partial_update=extend_schema(summary=_("Change a source (editors)")),
)
class SourceViewSet(FactsWriteMixin, ReadOnlyApiViewSet):
    """A source: where a claim comes from. Readers see the sources published events cite."""

    list_answer_keys = ("sources",)

    def object_answer_keys(self, source):
        return (f"source-{source.pk}",)

    queryset = Source.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATH
    serializer_class = SourceSerializer
    write_serializer_class = SourceWriteSerializer

    def readers_queryset(self, queryset):
        return queryset.public()

    def shape(self, queryset, language):
        return queryset.for_reader(language)
