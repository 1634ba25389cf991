"""
The edge cache in front of the site (Varnish, Fastly, Cloudflare): what it may keep, and
telling it what changed.

Every shareable answer names what it shows in ``Surrogate-Key`` (space separated keys,
``core.signals``). ``EdgeCacheMiddleware`` repeats the keys the way each edge reads them
(``xkey`` for Varnish's xkey module, ``Cache-Tag`` comma separated for Cloudflare; Fastly
reads ``Surrogate-Key`` itself) and lets shared caches keep the answer for
``SAGA_EDGE_MAX_AGE`` seconds (``s-maxage``), serving it stale for
``SAGA_EDGE_STALE_SECONDS`` more while it fetches a new one (``stale-while-revalidate``).
Answers for signed-in people, answers marked private, answers that set a cookie and answers
built while what they show changed (``Surrogate-Control: no-store``) get none of this, and
lose any keys, so that no edge keeps them.

When a transaction that changed content commits, ``core.signals.content_changed`` names the
keys it touched; the purger of ``SAGA_EDGE_PURGER`` asks the edge to drop exactly the
answers carrying them. A purge that fails is retried, then logged; it never fails the save
that caused it. Answers also expire before the next scheduled publication, which no
transaction announces.
"""

import json
import logging
import re
import time
import urllib.error
import urllib.request
from datetime import datetime

from django.conf import settings
from django.core import checks
from django.db import transaction
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

from core.signals import content_changed

logger = logging.getLogger(__name__)

KEY_HEADERS = ("Surrogate-Key", "xkey", "Cache-Tag")
# Keys are sent in headers and, for BAN, into a regular expression: letters, digits, - and _.
VALID_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


# ------------------------------------------------------------------------------
# Answers
# ------------------------------------------------------------------------------
class EdgeCacheMiddleware:
    """Tell shared caches how long they may keep an answer that carries surrogate keys."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        keys = response.get("Surrogate-Key", "").split()
        if not keys:
            return response
        if not _edge_may_keep(request, response):
            for header in KEY_HEADERS:
                del response[header]
            return response
        response["xkey"] = " ".join(keys)
        response["Cache-Tag"] = ",".join(keys)
        max_age, stale = settings.SAGA_EDGE_MAX_AGE, settings.SAGA_EDGE_STALE_SECONDS
        until_publication = _seconds_until(getattr(response, "next_change_at", None))
        if until_publication is not None and until_publication < max_age:
            # A scheduled publication changes what the answer should show then, and no
            # purge announces it: the edge keeps the answer until then, never stale beyond.
            max_age, stale = until_publication, 0
        patch_cache_control(response, s_maxage=max_age, stale_while_revalidate=stale)
        return response


def _edge_may_keep(request, response) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "").lower()
    if "no-store" in response.get("Surrogate-Control", ""):
        # Built while what it shows changed (core.response_cache): no shared cache keeps it.
        add_never_cache_headers(response)
        return False
    return (
        request.method in ("GET", "HEAD")
        and not (user is not None and user.is_authenticated)
        and "Authorization" not in request.headers
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not response.cookies
    )


def _seconds_until(moment: datetime | None) -> int | None:
    """Seconds until ``moment`` (the response cache's next scheduled change of the keys)."""
    if moment is None:
        return None
    return max(0, int((moment - timezone.now()).total_seconds()))


# ------------------------------------------------------------------------------
# Purging
# ------------------------------------------------------------------------------
class PurgeFailed(Exception):
    pass


class Purger:
    """Drops the edge's answers that carry any of some keys. ``name`` is SAGA_EDGE_PURGER."""

    name = ""
    batch = 256  # keys per request

    def purge(self, keys: list[str]) -> None:
        for start in range(0, len(keys), self.batch):
            self.purge_batch(keys[start : start + self.batch])

    def purge_batch(self, keys: list[str]) -> None:
        raise NotImplementedError

    def problems(self) -> list[str]:
        """What is missing from the settings for this purger to work."""
        return []


class NoPurger(Purger):
    name = "none"

    def purge(self, keys):
        pass


class VarnishXkeyPurger(Purger):
    """``PURGE /`` with ``xkey-purge: <keys>`` to each Varnish (deploy/varnish/default.vcl)."""

    name = "varnish-xkey"
    method, header = "PURGE", "xkey-purge"

    def purge_batch(self, keys):
        for url in settings.SAGA_EDGE_VARNISH_URLS:
            _send(self.method, url.rstrip("/") + "/", headers={self.header: " ".join(keys)})

    def problems(self):
        return [] if settings.SAGA_EDGE_VARNISH_URLS else ["SAGA_EDGE_VARNISH_URLS is empty"]


class VarnishBanPurger(VarnishXkeyPurger):
    """``BAN /`` with ``X-Ban-Keys: <keys>``: for a Varnish without the xkey module."""

    name = "varnish-ban"
    method, header = "BAN", "X-Ban-Keys"


class FastlyPurger(Purger):
    """Fastly's purge by surrogate keys: ``POST /service/<id>/purge``, 256 keys at a time."""

    name = "fastly"

    def purge_batch(self, keys):
        headers = {"Fastly-Key": settings.SAGA_EDGE_FASTLY_API_TOKEN}
        if settings.SAGA_EDGE_FASTLY_SOFT_PURGE:
            headers["Fastly-Soft-Purge"] = "1"
        url = f"{settings.SAGA_EDGE_FASTLY_API_URL.rstrip('/')}/service/"
        url += f"{settings.SAGA_EDGE_FASTLY_SERVICE_ID}/purge"
        _send("POST", url, headers=headers, body={"surrogate_keys": keys})

    def problems(self):
        return _missing("SAGA_EDGE_FASTLY_SERVICE_ID", "SAGA_EDGE_FASTLY_API_TOKEN")


class CloudflarePurger(Purger):
    """Cloudflare's purge by Cache-Tag: ``POST /zones/<id>/purge_cache``, 30 tags at a time."""

    name = "cloudflare"
    batch = 30

    def purge_batch(self, keys):
        url = f"{settings.SAGA_EDGE_CLOUDFLARE_API_URL.rstrip('/')}/zones/"
        url += f"{settings.SAGA_EDGE_CLOUDFLARE_ZONE_ID}/purge_cache"
        headers = {"Authorization": f"Bearer {settings.SAGA_EDGE_CLOUDFLARE_API_TOKEN}"}
        answer = _send("POST", url, headers=headers, body={"tags": keys})
        if not json.loads(answer or b"{}").get("success"):
            raise PurgeFailed(f"Cloudflare answered without success: {answer[:300]!r}")

    def problems(self):
        return _missing("SAGA_EDGE_CLOUDFLARE_ZONE_ID", "SAGA_EDGE_CLOUDFLARE_API_TOKEN")


PURGERS = {
    purger.name: purger
    for purger in (NoPurger, VarnishXkeyPurger, VarnishBanPurger, FastlyPurger, CloudflarePurger)
}


def _missing(*names: str) -> list[str]:
    return [f"{name} is not set" for name in names if not getattr(settings, name)]


def _send(method: str, url: str, *, headers: dict[str, str], body=None) -> bytes:
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers = {**headers, "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    # Straight to the edge: never through a proxy of the environment.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=settings.SAGA_EDGE_PURGE_TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        with error:
            raise PurgeFailed(f"{method} {url} answered {error.code}") from None
    except OSError as error:
        raise PurgeFailed(f"{method} {url} failed: {error}") from None


def configured_purger() -> Purger:
    return PURGERS[settings.SAGA_EDGE_PURGER]()


def purge_keys(keys) -> bool:
    """
    Ask the edge to drop the answers carrying ``keys``, retrying; log a failure and return
    False instead of raising (the change that caused the purge is saved either way).
    """
    purger = configured_purger()
    valid = sorted(key for key in keys if VALID_KEY.match(key))
    if len(valid) < len(keys):
        logger.warning("Edge purge skips invalid keys: %s", sorted(set(keys) - set(valid)))
    if not valid or isinstance(purger, NoPurger):
        return True
    attempts = max(1, settings.SAGA_EDGE_PURGE_ATTEMPTS)
    for attempt in range(1, attempts + 1):
        try:
            purger.purge(valid)
            return True
        except Exception as error:  # noqa: BLE001 - a purge never fails the save
            if attempt == attempts:
                logger.error(
                    "Edge purge failed after %d attempts (%s, keys %s): %s",
                    attempts,
                    purger.name,
                    " ".join(valid),
                    error,
                )
                return False
            time.sleep(0.2 * 2 ** (attempt - 1))
    return False


def _on_content_changed(sender=None, keys=frozenset(), **kwargs):
    # Sent after the commit; on_commit also covers a sender inside a still open transaction.
    if keys:
        transaction.on_commit(lambda: purge_keys(keys))


def connect_signals() -> None:
    content_changed.connect(_on_content_changed, dispatch_uid="core.edge_cache.purge")


@checks.register(checks.Tags.compatibility)
def check_purger_settings(app_configs=None, **kwargs):
    name = settings.SAGA_EDGE_PURGER
    if name not in PURGERS:
        return [
            checks.Error(
                f"SAGA_EDGE_PURGER is {name!r}; it must be one of: {', '.join(PURGERS)}.",
                id="core.E201",
            )
        ]
    return [
        checks.Error(f"SAGA_EDGE_PURGER={name}: {problem}.", id="core.E202")
        for problem in PURGERS[name]().problems()
    ]
