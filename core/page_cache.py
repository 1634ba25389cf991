"""
The one rule for caching public pages and answering conditional requests.

Anonymous GET/HEAD requests for public pages are rendered once per *content version*,
language and URL, and kept in the shared cache. The content version changes when any
content row is saved or deleted (signals, after the transaction commits) and when a
scheduled publication or expiry time passes, so a cached page is never older than the content it
shows. Every shareable response carries an ETag (a digest of its body) and Last-Modified
(when the content last changed), and conditional requests are answered with 304.

Signed-in staff see previews and unpublished material: their responses are never read from
or written to the cache and are marked private.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.publishing import PublicationState, Publishable

CONTENT_APPS = frozenset({"events", "people", "sources", "images"})
STATE_KEY = "saga_cms:content-state"
# How long browsers and CDNs may reuse a page without asking again; they revalidate cheaply
# (304) afterwards.
BROWSER_MAX_AGE = 60


@dataclass(frozen=True)
class ContentState:
    version: str
    changed_at: datetime
    next_change_at: datetime | None


def content_state(now: datetime | None = None) -> ContentState:
    """Return the current content version, starting a new one when a scheduled time passed."""
    now = now or timezone.now()
    state = cache.get(STATE_KEY)
    if state is None:
        state = _new_state(changed_at=now, now=now)
    elif state.next_change_at is not None and state.next_change_at <= now:
        state = _new_state(changed_at=state.next_change_at, now=now)
    else:
        return state
    cache.set(STATE_KEY, state, None)
    return state


def content_changed() -> None:
    """Start a new content version: every cached page becomes out of date."""
    cache.delete(STATE_KEY)


def _new_state(*, changed_at: datetime, now: datetime) -> ContentState:
    return ContentState(
        version=f"{time.time_ns():x}",
        changed_at=changed_at,
        next_change_at=_next_scheduled_publication(now),
    )


def cached_until_content_changes(request, key: str, build):
    """
    Return ``build()``, kept in the shared cache for the current content version.

    For parts of pages that many URLs share (a saga's filter choices on every page of its
    timeline): ``key`` names what was built and must include whatever ``build`` depends on
    besides the content, such as the language.
    """
    state = getattr(request, "content_state", None) or content_state()
    full_key = f"saga_cms:part:{state.version}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, settings.SAGA_PAGE_CACHE_SECONDS)
    return value


def _next_scheduled_publication(now: datetime) -> datetime | None:
    # The next go-live or expiry time: at either, what the public sees changes. One query
    # for every publishable model: an uncached page pays it on each request.
    scheduled = [
        model._default_manager.filter(state=PublicationState.PUBLISHED, **{f"{field}__gt": now})
        .order_by()
        .values_list(field, flat=True)
        for model in apps.get_models()
        if issubclass(model, Publishable)
        for field in ("publish_at", "unpublish_at")
    ]
    if not scheduled:
        return None
    return min(scheduled[0].union(*scheduled[1:]), default=None)


def _on_content_write(sender, using=None, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        transaction.on_commit(content_changed, using=using)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_content_write, dispatch_uid=f"core.page_cache.{id(signal)}")


def is_shareable(request) -> bool:
    """Whether the response to ``request`` may come from (and go into) the shared cache."""
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def mark_private(response):
    """Mark a response as for one signed-in person only: never stored by anyone."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def public_page(view):
    """
    Serve ``view`` from the shared cache to anonymous readers, with ETag and 304s.
    Public pages are read, never written to: other methods are a 405.
    """

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_shareable(request):
            return mark_private(view(request, *args, **kwargs))
        state = request.content_state = content_state()
        key = _page_key(request, state)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if _is_storable(response):
                response["ETag"] = quote_etag(hashlib.md5(response.content).hexdigest())
                response["Last-Modified"] = http_date(state.changed_at.timestamp())
                cache.set(key, response, settings.SAGA_PAGE_CACHE_SECONDS)
        if response.status_code != 200:
            return response
        patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=int(state.changed_at.timestamp()),
            response=response,
        )

    return wrapper


def keeps_answers() -> bool:
    """
    Whether the shared cache keeps anything: with Django's DummyCache (caching turned off)
    an answer is never found, so its key (the content version, a query) need not be made.
    """
    return not isinstance(caches["default"], DummyCache)


def shared_read_key(request, *, kind: str, variant: str) -> str:
    """
    Return the cache key of a shareable read: the content version, ``variant`` (what the
    answer depends on besides the URL, such as its language) and the URL.
    """
    state = getattr(request, "content_state", None) or content_state()
    url = hashlib.md5(request.build_absolute_uri().encode()).hexdigest()
    return f"saga_cms:{kind}:{state.version}:{variant}:{url}"


# The last large shared answers this process served, by key. A key names a content
# version, so a copy here is exactly what the shared cache holds; keeping it saves
# unpickling (and allocating) megabytes on every hit, such as a saga's TimelineJS export.
LOCAL_ANSWER_BYTES = 16 * 2**20
_local_answers: OrderedDict[str, tuple[bytes, dict]] = OrderedDict()
_local_answers_lock = threading.Lock()


def shared_answer_get(key: str) -> tuple[bytes, dict] | None:
    """Return the stored answer (body, headers) for ``key``, or None."""
    with _local_answers_lock:
        answer = _local_answers.get(key)
    if answer is not None:
        return answer
    answer = cache.get(key)
    if answer is not None:
        _keep_locally(key, answer)
    return answer


def shared_answer_set(key: str, answer: tuple[bytes, dict]) -> None:
    cache.set(key, answer, settings.SAGA_PAGE_CACHE_SECONDS)
    _keep_locally(key, answer)


def _keep_locally(key: str, answer: tuple[bytes, dict]) -> None:
    if not keeps_answers():
        return  # caching is off: each request has a content version of its own, never reused
    with _local_answers_lock:
        _local_answers[key] = answer
        _local_answers.move_to_end(key)
        while sum(len(body) for body, _headers in _local_answers.values()) > LOCAL_ANSWER_BYTES:
            _local_answers.popitem(last=False)


def _page_key(request, state: ContentState) -> str:
    url = hashlib.md5(request.build_absolute_uri().encode()).hexdigest()
    return f"saga_cms:page:{state.version}:{get_language()}:{url}"


def _is_storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Set-Cookie")
        and "private" not in cache_control
        and "no-store" not in cache_control
    )
