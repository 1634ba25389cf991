"""
Gzip for shared answers: public pages and anonymous API reads, compressed once each.

Every browser asks for gzip, and a saga's pages and exports are text that compresses about
ten to one (a TimelineJS export of 10,000 events: 7 MB, 650 KB gzipped). Only answers
marked ``Cache-Control: public`` are compressed: they are the same for every reader and
hold nothing secret, so compression cannot leak a secret through their size (BREACH needs
a secret and attacker-chosen text in one body); answers for a signed-in person are left as
they are. A shared answer's ETag is a digest of its bytes, so the compressed copy is kept in
the process by ETag and reused for as long as the content stays the same. As with Django's
GZipMiddleware, the compressed variant carries the weak form of the ETag.
"""

import re
import threading
from collections import OrderedDict

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

# Below this, gzip's own header costs about what it saves.
MIN_BYTES = 1024
# The compressed copies this process keeps, by ETag (about 100 TimelineJS exports).
KEPT_BYTES = 64 * 2**20
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")

_compressed: OrderedDict[str, bytes] = OrderedDict()
_compressed_bytes = 0
_lock = threading.Lock()


class SharedAnswerGzipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_shared_answer(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        accepted = request.headers.get("Accept-Encoding", "")
        if not _ACCEPTS_GZIP.search(accepted) or len(response.content) < MIN_BYTES:
            return response
        etag = response["ETag"]
        body = compressed(etag, response.content)
        if len(body) >= len(response.content):
            return response
        response.content = body
        response["Content-Length"] = str(len(body))
        response["Content-Encoding"] = "gzip"
        if not etag.startswith("W/"):
            response["ETag"] = f"W/{etag}"
        return response


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


def compressed(etag: str, content: bytes) -> bytes:
    """Return ``content`` gzipped: compressed once per ETag, then the kept copy."""
    global _compressed_bytes
    with _lock:
        body = _compressed.get(etag)
        if body is not None:
            _compressed.move_to_end(etag)
            return body
    body = compress_string(content)
    with _lock:
        if etag not in _compressed:
            _compressed[etag] = body
            _compressed_bytes += len(body)
        while _compressed_bytes > KEPT_BYTES:
            _etag, dropped = _compressed.popitem(last=False)
            _compressed_bytes -= len(dropped)
    return body
