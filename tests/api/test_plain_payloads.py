"""
The nested parts of an event's payload are built as plain data (``*_payload`` functions)
for speed; each must answer exactly what its serializer's own fields would.
"""

import pytest

from api.texts import LocalizedModelSerializer
from events.models import Citation, Event, Involvement, Tag
from events.serializers import CitationSerializer, InvolvementSerializer, TagSerializer
from people.models import Affiliation, Organization, Person
from people.serializers import (
    OrganizationSummarySerializer,
    PersonSummarySerializer,
    RoleSerializer,
)
from sources.models import Source
from sources.serializers import SourceSummarySerializer, source_summary
from tests.factories import add_text

CONTEXTS = [
    {"language": language, "all_languages": every, "public": public}
    for language in ("ja", "en")
    for every in (False, True)
    for public in (True, False)
]


def generic(serializer_class, obj, context):
    """What DRF's field-by-field loop answers for ``obj``."""
    serializer = serializer_class(context=context)
    if isinstance(serializer, LocalizedModelSerializer):
        return LocalizedModelSerializer.to_representation(serializer, obj)
    return super(serializer_class, serializer).to_representation(obj)


@pytest.mark.parametrize("context", CONTEXTS, ids=str)
def test_plain_payloads_are_the_serializers_answers(saga, context):
    # A quote translated but not yet approved, and a draft role title: readers and staff differ.
    citation = Citation.objects.filter(quote__gt="").first()
    add_text(citation, "en", status="draft", quote="Altman is out")
    add_text(Affiliation.objects.first(), "ja", status="in_review", title="最高技術責任者")
    Source.objects.update(note="from the desk")
    cases = [
        (TagSerializer, Tag.objects.all()),
        (InvolvementSerializer, Involvement.objects.select_related("event__saga")),
        (CitationSerializer, Citation.objects.all()),
        (PersonSummarySerializer, Person.objects.all()),
        (OrganizationSummarySerializer, Organization.objects.all()),
        (RoleSerializer, Affiliation.objects.all()),
    ]
    for serializer_class, objects in cases:
        assert objects, serializer_class
        for obj in objects:
            payload = serializer_class(obj, context=context).data
            assert payload == generic(serializer_class, obj, context)
            assert list(payload) == list(generic(serializer_class, obj, context))
    for source in Source.objects.all():
        reference = SourceSummarySerializer(source, context=context).data
        assert list(source_summary(source, context).items()) == list(reference.items())
    assert Event.objects.count() == 3


def test_links_are_the_addresses_drf_reverses(saga, rf, settings):
    settings.ALLOWED_HOSTS = ["example.org"]
    from rest_framework.request import Request
    from rest_framework.serializers import HyperlinkedIdentityField

    from api.links import IdentityUrlField
    from events.models import Chapter

    request = Request(rf.get("/", HTTP_HOST="example.org:8080", secure=True))
    for view_name, lookup, objects in [
        ("api:event-detail", "pk", Event.objects.all()),
        ("api:chapter-detail", "pk", Chapter.objects.all()),
        ("api:person-detail", "slug", Person.objects.all()),
        ("api:saga-timelinejs", "slug", [saga]),
    ]:
        ours = IdentityUrlField(view_name=view_name, lookup_field=lookup)
        drf = HyperlinkedIdentityField(view_name=view_name, lookup_field=lookup)
        for field in (ours, drf):
            field.bind("url", serializers_parent(request))
        for obj in objects:
            assert ours.to_representation(obj) == drf.to_representation(obj)
            assert ours.to_representation(obj).startswith("https://example.org:8080/api/v1/")


def serializers_parent(request):
    from rest_framework import serializers

    return serializers.Serializer(context={"request": request})
