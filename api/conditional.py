"""
Conditional requests.

Reads carry a strong ETag and, for single objects, Last-Modified; a client that sends
them back gets 304 Not Modified when nothing it would see has changed. The ETag hashes
the representation itself (so a change to any embedded person, source or translation
shows), prefixed with the object's version: ``"<version>-<digest>"``.

Writes to an existing object must send ``If-Match`` with an ETag of it (428 otherwise).
The version in that ETag decides: the write goes through only if the object is still at
that version (``claim_version``, atomically), else 412. So a client may read in one
language and write in another, and an edit by someone else in between is never lost.
"""

import hashlib
import re

from django.http import HttpResponseNotModified
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

VERSIONED_ETAG = re.compile(r'^"(?P<version>[0-9]+)-[0-9a-f]+"$')


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send an If-Match header with the ETag you last read of this object, "
        "so that nobody's change is overwritten."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "This object changed after you read it. Read it again, reapply your change, and send "
        "the new ETag."
    )
    default_code = "precondition_failed"


def representation_etag(content: bytes, version: int | None = None) -> str:
    digest = hashlib.sha256(content).hexdigest()[:32]
    return f'"{version}-{digest}"' if version is not None else f'"{digest}"'


def version_from_if_match(header: str | None) -> int:
    """
    Return the version named by an ``If-Match`` header.

    No header, or ``*`` (which names no version), is a 428; an ETag that is not one of ours
    cannot match the object as it now stands, which is a 412.
    """
    tags = parse_etags(header or "")
    if not tags or tags == ["*"]:
        raise PreconditionRequired()
    for tag in tags:
        match = VERSIONED_ETAG.match(tag)
        if match:
            return int(match["version"])
    raise PreconditionFailed()


def wants_creation_only(request) -> bool:
    """
    Whether the client asked to create the resource only if it does not exist yet
    (``If-None-Match: *``); any other If-None-Match on a write is a 400.
    """
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    if parse_etags(header) != ["*"]:
        raise ValidationError(
            {"If-None-Match": [_("On a write, If-None-Match can only be “*” (create).")]}
        )
    return True


def is_not_modified(request, etag: str, last_modified) -> bool:
    """Apply If-None-Match (weak comparison), else If-Modified-Since (RFC 9110 13.2.2)."""
    none_match = parse_etags(request.headers.get("If-None-Match", ""))
    if none_match:
        bare = etag.removeprefix("W/")
        return "*" in none_match or any(tag.removeprefix("W/") == bare for tag in none_match)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is None or last_modified is None:
        return False
    return int(last_modified.timestamp()) <= since


def set_validators(response, *, etag: str, last_modified=None) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())


def not_modified(response) -> HttpResponseNotModified:
    """Return a 304 carrying the headers RFC 9110 asks a 304 to repeat."""
    answer = HttpResponseNotModified()
    for header in ("Cache-Control", "Content-Language", "ETag", "Last-Modified", "Vary"):
        if header in response:
            answer[header] = response[header]
    return answer
