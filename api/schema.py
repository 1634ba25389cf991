"""
OpenAPI additions drf-spectacular cannot see in the code: the language parameters, the
conditional-request headers and every error response the API gives, with its body.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from api.languages import ALL_LANGUAGES
from translations.machinery import language_codes

ERROR_SCHEMA = {
    "type": "object",
    "description": _(
        "“detail” says what went wrong; a 400 names each bad field or parameter instead, "
        "with a list of messages."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}

ERRORS = {
    "400": _("Bad input: the body or a parameter names the problem."),
    "401": _("The credentials are missing or wrong."),
    "403": _("You may not do this."),
    "404": _("Not found, or not published."),
    "406": _("None of the accepted media types can be served."),
    "409": _("A change saved at the same moment conflicts with this one."),
    "412": _("The object changed since the ETag in If-Match (or already exists)."),
    "415": _("The body is not JSON."),
    "428": _("If-Match is missing: send the ETag you last read."),
    "429": _("Too many requests from this anonymous client; wait and retry."),
}


class ApiAutoSchema(AutoSchema):
    def is_api_view(self) -> bool:
        from api.viewsets import ApiViewSet

        return isinstance(self.view, ApiViewSet)

    @property
    def action(self) -> str | None:
        return getattr(self.view, "action", None)

    def is_detail(self) -> bool:
        return "{" in self.path

    def get_response_serializers(self):
        # Writes answer with the object as a read shows it, not with what was sent.
        if self.is_api_view() and self.action in ("create", "partial_update"):
            return self.view.serializer_class
        return super().get_response_serializers()

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            # django-filter reads an empty value as "not filtered", as HTML forms send it.
            parameter["allowEmptyValue"] = True
        return parameters

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if not self.is_api_view():
            return parameters
        parameters += self.language_parameters() + self.validator_headers()
        if self.method in ("PUT", "PATCH", "DELETE"):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description=_(
                        "The ETag of the object as you last read it (required, except to "
                        "create a text with If-None-Match: *)."
                    ),
                )
            )
        if self.action == "translation":
            parameters.append(
                OpenApiParameter(
                    "language",
                    OpenApiTypes.STR,
                    OpenApiParameter.PATH,
                    enum=language_codes(),
                    description=_("The language of the text."),
                )
            )
            if self.method == "PUT":
                parameters.append(
                    OpenApiParameter(
                        "If-None-Match",
                        OpenApiTypes.STR,
                        OpenApiParameter.HEADER,
                        enum=["*"],
                        description=_("“*”: create the text, which must not exist yet."),
                    )
                )
        return parameters

    def language_parameters(self) -> list[OpenApiParameter]:
        every = [] if self.action in ("timelinejs", "translation") else [ALL_LANGUAGES]
        return [
            OpenApiParameter(
                "lang",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=[*language_codes(), *every],
                description=_(
                    "The language of the texts (“all”: also list every translation). "
                    "Default: the best match for Accept-Language."
                ),
            ),
            OpenApiParameter(
                "Accept-Language",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=_("Used when there is no lang parameter."),
            ),
        ]

    def validator_headers(self) -> list[OpenApiParameter]:
        success = ["200", "201"]
        headers = [
            OpenApiParameter(
                "ETag",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=success,
                description=_("Send it back in If-None-Match (reads) or If-Match (writes)."),
            ),
            OpenApiParameter(
                "Content-Language",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=success,
                description=_("The language of the texts."),
            ),
        ]
        if self.is_detail():
            headers.append(
                OpenApiParameter(
                    "Last-Modified",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=success,
                    description=_("When the object or its texts last changed."),
                )
            )
        if self.method == "GET":
            headers.append(
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description=_("An ETag you have: 304 when it is still current."),
                )
            )
        return headers

    def error_codes(self) -> list[str]:
        codes = ["400", "401", "406", "429"]
        if self.method == "GET":
            codes.append("404")  # a detail, a page past the last
        elif self.method == "POST":
            codes += ["403", "409", "415"]
        else:
            codes += ["403", "404", "412", "428"]
            if self.method != "DELETE":
                codes += ["409", "415"]
        return sorted(codes)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if not self.is_api_view():
            return responses
        if self.method == "GET":
            responses["304"] = {"description": _("Not modified: your copy is current.")}
        if self.action == "translation" and self.method == "PUT":
            responses["201"] = {**responses["200"], "description": _("Created.")}
        self.registry.register_on_missing(
            ResolvedComponent(
                name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA
            )
        )
        reference = {"$ref": "#/components/schemas/Error"}
        for code in self.error_codes():
            responses.setdefault(
                code,
                {
                    "description": ERRORS[code],
                    "content": {"application/json": {"schema": reference}},
                },
            )
        return responses
