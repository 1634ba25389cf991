"""API links are made from one reversed address per route (``api.links.IdentityUrlField``)."""

from events.models import Event
from people.models import Person


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
