"""
The API's exception handler: every refusal is a 4xx with a body that names the problem.

DRF already answers its own exceptions (400 with field errors, 401, 403, 404, 405, 415,
429). Added here: model validation (``full_clean`` in the services) -> 400 with field
errors; a stale edit -> 412 naming who saved in between; a constraint the database caught
after validation (two clients racing for one slug) -> 409.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from api.conditional import PreconditionFailed
from core.concurrency import StaleEdit


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with a change saved at the same moment; try again.")
    default_code = "conflict"


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = as_serializer_error(exc)
        # Model validation files cross-field errors under "__all__"; serializers under
        # "non_field_errors": one name for one thing.
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        exc = ValidationError(detail=detail)
    elif isinstance(exc, StaleEdit):
        exc = PreconditionFailed(detail=str(exc))
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    return exception_handler(exc, context)


@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@permission_classes([AllowAny])
@schema(None)
def not_found(request):
    """Answer a path the API does not have with a JSON 404."""
    raise NotFound()
