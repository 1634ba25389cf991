"""
Logs as JSON lines (``DJANGO_LOG_FORMAT=json``) and the request id that ties them together.

Each line is one JSON object: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``,
then what is known of the request being served (``request_id``, ``method``, ``path``,
``status``), and ``exception`` with the traceback when one was logged. Gunicorn's access
lines (deploy/gunicorn.conf.py) come out the same way, with ``duration_ms`` and ``bytes``.

The request id is the one the edge (Varnish, a load balancer) sent in ``X-Request-ID``
when it is a plausible one, else a new one; it is sent back in the response's
``X-Request-ID``, which gunicorn's access line records too.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# (request id, method, path) of the request this thread is serving.
_current_request: ContextVar[tuple[str, str, str] | None] = ContextVar(
    "saga_current_request", default=None
)


class RequestIdMiddleware:
    """Give each request an id, known to every log line written while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = sent if _PLAUSIBLE_ID.fullmatch(sent) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current_request.set((request_id, request.method, request.path))
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _gunicorn_access_fields(atoms: dict) -> dict:
    fields = {
        "request_id": atoms.get("{x-request-id}o"),
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "query": atoms.get("q") or None,
        "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else None,
        "bytes": int(atoms["B"]) if str(atoms.get("B", "")).isdigit() else None,
        "duration_ms": int(atoms["M"]) if str(atoms.get("M", "")).isdigit() else None,
        "remote_addr": atoms.get("h"),
        "user_agent": atoms.get("a"),
    }
    return {key: value for key, value in fields.items() if value not in (None, "-", "")}


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON (see the module's docstring for the fields)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = _current_request.get()
        if current is not None:
            entry.update(zip(("request_id", "method", "path"), current, strict=True))
        request = getattr(record, "request", None)  # django.request and django.security
        if request is not None and hasattr(request, "path"):
            entry.setdefault("request_id", getattr(request, "request_id", None))
            entry["method"], entry["path"] = request.method, request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(_gunicorn_access_fields(record.args))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        entry = {key: value for key, value in entry.items() if value is not None}
        return json.dumps(entry, ensure_ascii=False, default=str)
