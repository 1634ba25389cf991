"""
Checking that sources are still online (``manage.py check_sources``).

Each source URL is asked for with HEAD, and with GET when HEAD gets anything but a success
(many servers refuse or mishandle HEAD); redirects are followed. What the answer means:

- 2xx, or a 3xx that is not a redirect: the source is online.
- 404 or 410: the page is gone; the source is no longer online, at once.
- 401, 403, 407, 429, 451: the server refuses *the checker* (bot walls, rate limits, legal
  blocks). That says nothing about the page, so nothing is recorded.
- An address inside a private network (loopback, private, link-local, reserved...), also
  when a redirect leads there: refused before connecting (sources/addresses.py); it counts
  as a failed check.
- Anything else (a network error, a time-out, a 5xx, a redirect loop): the check failed.
  One failure proves nothing: a source is marked no longer online only after
  ``SOURCE_CHECK_FAILURES_BEFORE_REMOVED`` failed checks in a row that span at least
  ``SOURCE_CHECK_FAILING_DAYS_BEFORE_REMOVED`` days. A success or a 404/410 ends the streak.

Only a conclusive answer (online or gone) sets ``availability_checked_at``.
"""

from __future__ import annotations

import datetime
import enum
import http.client
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.freshness import touch_objects
from sources.addresses import guarded_create_connection
from sources.models import Availability, Source

USER_AGENT = "Mozilla/5.0 (compatible; saga_cms source checker)"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
GONE_CODES = frozenset({404, 410})
REFUSED_CODES = frozenset({401, 403, 407, 429, 451})
CHECKABLE_SCHEMES = ("http://", "https://")


class Outcome(enum.Enum):
    ONLINE = "online"
    GONE = "gone"
    REFUSED = "refused"
    FAILED = "failed"


@dataclass(frozen=True)
class CheckResult:
    outcome: Outcome
    detail: str
    status: int | None = None  # None when no HTTP answer came at all

    @classmethod
    def from_status(cls, status: int, *, redirect_not_followed: bool = False) -> CheckResult:
        if redirect_not_followed:
            return cls(Outcome.FAILED, f"HTTP {status}: too many redirects", status)
        if 200 <= status < 400:
            outcome = Outcome.ONLINE
        elif status in GONE_CODES:
            outcome = Outcome.GONE
        elif status in REFUSED_CODES:
            outcome = Outcome.REFUSED
        else:
            outcome = Outcome.FAILED
        return cls(outcome, f"HTTP {status}", status)

    @classmethod
    def unreachable(cls, error: BaseException) -> CheckResult:
        if isinstance(error, TimeoutError):
            return cls(Outcome.FAILED, "timed out")
        return cls(Outcome.FAILED, str(error) or type(error).__name__)


class _GuardedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that reaches public addresses only (sources/addresses.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = guarded_create_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection that reaches public addresses only (sources/addresses.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = guarded_create_connection


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)


def _opener() -> urllib.request.OpenerDirector:
    """
    Return an opener that speaks HTTP(S) only (no file: or ftp:, even after a redirect) and
    connects to public addresses only, at every hop. No proxy from the environment: the
    checker's guard judges the address it connects to, which must be the source's own.
    """
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        _GuardedHTTPHandler(),
        _GuardedHTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.HTTPDefaultErrorHandler(),
    ):
        opener.add_handler(handler)
    return opener


def _request(url: str, method: str, timeout: float) -> CheckResult:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _opener().open(request, timeout=timeout) as response:
            return CheckResult.from_status(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return CheckResult.from_status(
            error.code, redirect_not_followed=error.code in REDIRECT_CODES
        )
    except urllib.error.URLError as error:
        reason = error.reason
        return CheckResult.unreachable(reason if isinstance(reason, BaseException) else error)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return CheckResult.unreachable(error)


def check_url(url: str, *, timeout: float) -> CheckResult:
    """Ask the web whether ``url`` is online (HEAD, then GET unless HEAD succeeded)."""
    result = _request(url, "HEAD", timeout)
    if result.outcome is Outcome.ONLINE or result.status is None:
        # Online, or no server answered at all: asking again with GET would only wait twice.
        return result
    return _request(url, "GET", timeout)


def is_checkable(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(CHECKABLE_SCHEMES)


def sources_to_check(
    *,
    saga_slug: str | None = None,
    checked_before: datetime.datetime | None = None,
    include_removed: bool = False,
):
    """Return the sources a run looks at (with or without a checkable URL), in a stable order."""
    sources = Source.objects.all()
    if saga_slug:
        sources = sources.filter(citations__event__saga__slug=saga_slug).distinct()
    if checked_before:
        sources = sources.filter(
            Q(availability_checked_at__isnull=True) | Q(availability_checked_at__lt=checked_before)
        )
    if not include_removed:
        sources = sources.exclude(availability=Availability.REMOVED)
    return sources.order_by("pk")


def failures_before_removed() -> int:
    return settings.SOURCE_CHECK_FAILURES_BEFORE_REMOVED


def failing_span_before_removed() -> datetime.timedelta:
    return datetime.timedelta(days=settings.SOURCE_CHECK_FAILING_DAYS_BEFORE_REMOVED)


@transaction.atomic
def source_record_check(*, source_id: int, result: CheckResult, now=None) -> str | None:
    """
    Record one check of a source; return its availability when the check changed it.

    The row is locked and written with a single UPDATE of the check fields only, so an editor
    saving the source meanwhile loses nothing and its version is not bumped.
    """
    now = now or timezone.now()
    source = (
        Source.objects.select_for_update()
        .only("availability", "check_failures", "check_failing_since")
        .get(pk=source_id)
    )
    changes: dict = {}
    if result.outcome in (Outcome.ONLINE, Outcome.GONE):
        changes = {
            "availability": (
                Availability.LIVE if result.outcome is Outcome.ONLINE else Availability.REMOVED
            ),
            "availability_checked_at": now,
            "check_failures": 0,
            "check_failing_since": None,
        }
    elif result.outcome is Outcome.FAILED:
        failures = source.check_failures + 1
        failing_since = source.check_failing_since or now
        changes = {"check_failures": failures, "check_failing_since": failing_since}
        if failures >= failures_before_removed() and (
            now - failing_since >= failing_span_before_removed()
        ):
            changes |= {"availability": Availability.REMOVED, "availability_checked_at": now}
    if changes:
        Source.objects.filter(pk=source_id).update(**changes)
        if "availability" in changes:  # shown to readers; update() sends no signal
            touch_objects(source)
    new_availability = changes.get("availability")
    return new_availability if new_availability != source.availability else None


@dataclass(frozen=True)
class SourceCheck:
    source_id: int
    slug: str
    url: str
    result: CheckResult
    changed_to: str | None


def check_sources(
    sources: Iterable[Source],
    *,
    workers: int,
    timeout: float,
    on_checked: Callable[[SourceCheck], None] = lambda check: None,
) -> list[SourceCheck]:
    """
    Check ``sources`` over at most ``workers`` connections at a time; record each as it ends.

    Only the HTTP requests run in the worker threads; every database write happens here,
    one source per transaction, so an interrupted run keeps what it had checked.
    """
    targets = [(s.pk, s.slug, s.url) for s in sources]
    checks = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="check_sources") as pool:
        futures = {
            pool.submit(check_url, url, timeout=timeout): (pk, slug, url)
            for pk, slug, url in targets
        }
        try:
            for future in as_completed(futures):
                pk, slug, url = futures[future]
                result = future.result()
                changed_to = source_record_check(source_id=pk, result=result)
                check = SourceCheck(pk, slug, url, result, changed_to)
                checks.append(check)
                on_checked(check)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return checks
