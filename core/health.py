"""
``/healthz`` and ``/readyz``, for load balancers, orchestrators and monitoring.

- ``/healthz``: the process is alive and answers; nothing else is touched, so a database
  outage never gets healthy app servers restarted.
- ``/readyz``: the database, the cache and media storage answer; else 503 naming which
  failed (the reason is logged here, never sent: it may hold host names or keys).

Both are answered by ``HealthCheckMiddleware`` before anything else runs: no host check
(probes often address the server by its IP), no HTTPS redirect, no session, no language
prefix, no rate limit, no response cache; every answer is JSON and says not to be cached.
"""

import logging
import os
import uuid
from pathlib import Path

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Readiness probes come every few seconds: a storage that does not answer within this long
# counts as unreachable, rather than holding the probe (and a worker) for a minute.
STORAGE_TIMEOUT_SECONDS = 3


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    if isinstance(caches["default"], DummyCache):
        return  # caching switched off on purpose: nothing to reach
    key = f"saga:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    try:
        if cache.get(key) != "1":
            raise RuntimeError("the cache did not return what was just stored in it")
    finally:
        cache.delete(key)


def _check_bucket(storage) -> None:
    from botocore.config import Config

    # A client of its own, with django-storages' credentials and settings, short timeouts
    # and no retries; HEAD on the bucket proves the server, the bucket and the keys.
    client = storage._create_session().client(
        "s3",
        region_name=storage.region_name,
        use_ssl=storage.use_ssl,
        endpoint_url=storage.endpoint_url,
        verify=storage.verify,
        config=storage.client_config.merge(
            Config(
                connect_timeout=STORAGE_TIMEOUT_SECONDS,
                read_timeout=STORAGE_TIMEOUT_SECONDS,
                retries={"total_max_attempts": 1},
            )
        ),
    )
    client.head_bucket(Bucket=storage.bucket_name)


def _check_folder(location: str) -> None:
    # The media folder is made at the first upload: until then its nearest parent must be
    # writable.
    folder = Path(location)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
        raise PermissionError(f"media folder {location} cannot be written to")


def check_storage() -> None:
    if hasattr(default_storage, "bucket_name"):  # django-storages' S3Storage
        _check_bucket(default_storage)
    elif hasattr(default_storage, "location"):  # a local folder
        _check_folder(default_storage.location)
    else:  # any other back end: a lookup that reaches it
        default_storage.exists("saga-readyz-probe")


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


def _answer(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


def healthz(request) -> JsonResponse:
    return _answer({"status": "alive"})


def readyz(request) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:  # noqa: BLE001 - any failure means not ready; the log says why
            logger.exception("Readiness check failed: %s", name)
            results[name] = "unavailable"
    failed = [name for name, result in results.items() if result != "ok"]
    if failed:
        return _answer({"status": "unavailable", "failed": failed, "checks": results}, 503)
    return _answer({"status": "ready", "checks": results})


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answer the probes' paths (with or without a final slash) before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _answer({"status": "method not allowed"}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        return probe(request)
