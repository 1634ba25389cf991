"""Links to objects, made from one reversed address per route rather than one per object."""

from rest_framework import serializers

from core.reversing import Route


class IdentityUrlField(serializers.HyperlinkedIdentityField):
    """
    ``HyperlinkedIdentityField`` answering the same absolute address, with the path filled in
    from the route reversed once (``core.reversing``) and the request's origin worked
    out once per response. A page of 50 events otherwise resolves and checks the host 50
    times.
    """

    _origin = None  # (request, "https://host:port")

    def get_url(self, obj, view_name, request, format):
        key = getattr(obj, self.lookup_field, None)
        if (
            format
            or getattr(request, "versioning_scheme", None) is not None
            or getattr(obj, "pk", None) in (None, "")
            or key in (None, "")
        ):
            return super().get_url(obj, view_name, request, format)
        path = Route(view_name, self.lookup_url_kwarg)(**{self.lookup_url_kwarg: str(key)})
        if self._origin is None or self._origin[0] is not request:
            self._origin = (request, request.build_absolute_uri("/").removesuffix("/"))
        return self._origin[1] + path
