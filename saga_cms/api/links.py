"""Links to objects, made from one reversed address per response rather than one per object."""

import re

from rest_framework import serializers

# Keys (ids, slugs) that ``reverse`` puts in an address unchanged.
PLAIN_KEY = re.compile(r"[-a-zA-Z0-9_]+")
MARK = "0987654321"


class IdentityUrlField(serializers.HyperlinkedIdentityField):
    """
    ``HyperlinkedIdentityField`` answering the same absolute address, reversed once per
    response: the address of any object is that of a marked one with its key put in.
    A page of 50 events otherwise resolves and checks the host 50 times.
    """

    _template = None  # (request, prefix, suffix)

    def get_url(self, obj, view_name, request, format):
        key = getattr(obj, self.lookup_field, None)
        if (
            format
            or getattr(request, "versioning_scheme", None) is not None
            or getattr(obj, "pk", None) in (None, "")
            or key in (None, "")
            or not PLAIN_KEY.fullmatch(str(key))
        ):
            return super().get_url(obj, view_name, request, format)
        if self._template is None or self._template[0] is not request:
            url = self.reverse(view_name, kwargs={self.lookup_url_kwarg: MARK}, request=request)
            if MARK not in url:
                return super().get_url(obj, view_name, request, format)
            prefix, _mark, suffix = url.rpartition(MARK)
            self._template = (request, prefix, suffix)
        _request, prefix, suffix = self._template
        return f"{prefix}{key}{suffix}"
