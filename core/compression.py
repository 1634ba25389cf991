"""
Gzip for shared answers: ``gzipped`` is the one compressor. The response cache keeps the
gzip of what it stores (core.response_cache), so an answer it keeps is compressed once; the
middleware compresses the answers it did not keep: public pages and anonymous API reads
built for each request (caching turned off, or an answer larger than
``SAGA_ANSWER_MAX_BYTES``).

Every browser asks for gzip, and a saga's pages and exports are text that compresses about
ten to one. Only answers marked ``Cache-Control: public`` are compressed: they are the same
for every reader and hold nothing secret, so compression cannot leak a secret through their
size (BREACH needs a secret and attacker-chosen text in one body); answers for a signed-in
person are left as they are. As with Django's GZipMiddleware, the compressed variant
carries the weak form of the ETag.
"""

import re

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

# Below this, gzip's own header costs about what it saves.
MIN_BYTES = 1024
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class SharedAnswerGzipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_shared_answer(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts_gzip(request):
            return response
        etag = response["ETag"]
        body = gzipped(response.content)
        if body is None:
            return response
        response.content = body
        response["Content-Length"] = str(len(body))
        response["Content-Encoding"] = "gzip"
        if not etag.startswith("W/"):
            response["ETag"] = f"W/{etag}"
        return response


def gzipped(body: bytes) -> bytes | None:
    """Return ``body`` compressed, or None when compressing it would not make it smaller."""
    if len(body) < MIN_BYTES:
        return None
    packed = compress_string(body)
    return packed if len(packed) < len(body) else None


def accepts_gzip(request) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def is_shared_answer(response) -> bool:
    """Whether ``response`` is a whole public answer that names its bytes with an ETag."""
    return (
        response.status_code == 200
        and not response.streaming
        and response.has_header("ETag")
        and not response.has_header("Content-Encoding")
        and not response.has_header("Set-Cookie")
        and "public" in response.get("Cache-Control", "")
    )
