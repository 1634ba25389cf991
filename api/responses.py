"""A DRF response whose body the view has already rendered."""

from rest_framework.response import Response


class PrerenderedResponse(Response):
    """
    A Response carrying bytes its view rendered itself, with the negotiated renderer, for
    answers too large to build as one Python structure first (a saga's TimelineJS export).
    Everything after rendering (headers, validators, caching) treats it as any Response.
    """

    def __init__(self, body: bytes, *, content_type: str, **kwargs):
        super().__init__(data=None, content_type=content_type, **kwargs)
        self.body = body

    @property
    def rendered_content(self) -> bytes:
        self["Content-Type"] = self.content_type
        return self.body
