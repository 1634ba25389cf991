"""
The one response cache: public pages and anonymous API answers.

A shareable answer (GET or HEAD, no signed-in user) is stored once per address, language
and variant, with its body, its gzip and its headers (for clients that accept gzip and for
the others, each with the one reply it is sent), and with the *tokens* of the content
keys it depends on (core.freshness: ``saga-12``, ``event-40``...). A view says what it
depends on with ``depends_on(request, *keys)`` while it builds the answer. A stored answer is
served while every one of its keys still has the same token, which costs one query; an edit
moves only the keys it touches, so one saga's edit leaves every other saga's answers alone.

The address in the key holds only the query parameters the view declares (``params``):
the view is also given only those, so ``?x`` and ``?utm_source=`` neither build nor store
anything new. Answers larger than ``SAGA_ANSWER_MAX_BYTES`` are served but not stored.

Every shareable answer carries ``Surrogate-Key`` (its keys, for edge caches), an ETag (a
digest of its body) and Last-Modified (the last change of its keys), and conditional
requests are answered with 304. Signed-in staff see previews and unpublished material:
their answers are never read from or written to the cache and are marked private.

Why it is never stale: the global content version is read *before* the answer is built, the
tokens after; an answer is stored only when none of its keys changed after that global
version (else a change may have been committed while it was built), and a change committed
later moves a token, so the stored answer is not served again...

...except for a short grace (``SAGA_ANSWER_GRACE_SECONDS``, half a second), so that an edit
never makes readers queue behind the rebuild of the pages it changed. When a stored answer
missed exactly one change of each key that moved (``KeyState.stale_since``: the database
knows when that change was made, so the bound holds in every process and on every machine),
and that change is younger than the grace, the stored answer is sent; one request per
cache (``cache.add``: per process with the local-memory cache, for all of them with Redis)
hands the building of the new one to its process's rebuilding thread once its reply is
sent, so no reader waits for it, not even the one whose request found it stale. Past
the grace, or when the answer missed more than one change, a reader waits for the request
already building it, if any (for ``REBUILD_WAIT_SECONDS`` at most), else builds it. An
answer served in its grace is marked so that no edge cache keeps it.
"""

import hashlib
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import close_old_connections
from django.http import HttpResponse, QueryDict
from django.urls import get_script_prefix, get_urlconf, set_script_prefix, set_urlconf
from django.utils import timezone, translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core import freshness
from core.compression import accepts_gzip, gzipped

# How long browsers may reuse a page without asking again; they revalidate cheaply (304).
BROWSER_MAX_AGE = 60
# What a stored answer keeps besides its body.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Vary",
    "Surrogate-Key",
    "X-Robots-Tag",
)
# The version of ``Answer``'s shape, in the key of every stored answer.
ANSWER_FORMAT = 3
_KEYS = "_saga_dependency_keys"
# Set on a request whose answer is being built again after its reply was sent.
_REBUILDING = "_saga_rebuilding"
# How long the one request building an answer again keeps others from doing the same, at
# most (it lets go as soon as it has finished; the grace, not this, bounds staleness).
REBUILD_CLAIM_SECONDS = 30
# How long a reader past the grace waits for that request's answer before building its own.
REBUILD_WAIT_SECONDS = 2

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """One encoding of a stored answer, as it is sent: its body and its finished headers."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str | None


@dataclass(frozen=True)
class Answer:
    """
    A stored answer: its replies made once, when it is stored (a hit builds the response
    from finished headers, parsing nothing), and the tokens it was built at.
    """

    plain: Reply
    gzipped: Reply | None
    last_modified: int | None  # the Last-Modified header as a timestamp, for 304s
    tokens: tuple[tuple[str, str], ...]

    def sent_to(self, *, gzip: bool) -> "Answer":
        """
        The answer as stored for clients that accept gzip, or for the others: with only the
        reply they are sent, so that a hit reads (from Redis, or unpickles) one body, not
        both (the API's list of 50 events: 30 KB gzipped beside 280 KB plain).
        """
        reply = self.gzipped if gzip and self.gzipped is not None else self.plain
        return Answer(reply, None, self.last_modified, self.tokens)


@dataclass
class Lookup:
    """A shareable request on its way: the stored answer's key, and what was read first."""

    key: str
    now: object
    version: int
    answer: HttpResponse | None = None


def depends_on(request, *keys: str) -> None:
    """Say that the answer being built for ``request`` shows what ``keys`` name."""
    request = getattr(request, "_request", request)  # a DRF request: its Django request
    found = getattr(request, _KEYS, None)
    if found is None:
        found = set()
        setattr(request, _KEYS, found)
    found.update(keys)


def dependency_keys(request) -> frozenset[str]:
    return frozenset(getattr(getattr(request, "_request", request), _KEYS, ()))


def keeps_answers() -> bool:
    """Whether the cache keeps anything (Django's DummyCache turns caching off)."""
    return not isinstance(caches["default"], DummyCache)


def is_shareable(request) -> bool:
    """Whether the response to ``request`` may come from (and go into) the shared cache."""
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def mark_private(response):
    """Mark a response as for one signed-in person only: never stored by anyone."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def keep_declared_parameters(request, params) -> None:
    """Give the view only the query parameters it declared: the others change nothing."""
    request = getattr(request, "_request", request)
    if not request.META.get("QUERY_STRING") or all(name in params for name in request.GET):
        return  # nothing to leave out
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():  # in the order given: pagers link to the same
        if name in params:
            kept.setlist(name, values)
    kept._mutable = False
    request.GET = kept


def begin(request, *, params, variant: str) -> Lookup:
    """
    Start answering a shareable request: the stored answer if it is current (``.answer``),
    else what ``finish`` needs to store the one built now.
    """
    keep_declared_parameters(request, params)
    django_request = getattr(request, "_request", request)
    # (Quoting them as a URL took a tenth of a hit; without any, the query is not parsed.
    # None declared names the same answer as none sent.)
    sent = django_request.META.get("QUERY_STRING")
    query = repr(sorted(django_request.GET.lists()) if sent else [])
    address = f"{django_request.scheme}://{django_request.get_host()}{django_request.path}?{query}"
    # (The version names the shape of what is stored: a cache shared with processes that
    # run an older release never hands one of them an answer it cannot read.)
    key = (
        f"saga_cms:answer:{ANSWER_FORMAT}:"
        + hashlib.md5(f"{variant}|{address}".encode()).hexdigest()
    )
    now = timezone.now()
    if keeps_answers() and not getattr(django_request, _REBUILDING, False):
        answer = _stored_answer(django_request, key, now)
        if answer is not None:
            return Lookup(key=key, now=now, version=0, answer=answer)
    # Read before building, to know whether what is built may be stored (not with caching off).
    version = _global_version() if keeps_answers() else 0
    return Lookup(key=key, now=now, version=version)


def _global_version() -> int:
    """``freshness.global_version()``, by the versions query: written once as SQL."""
    return freshness.versions([freshness.GLOBAL])[freshness.GLOBAL].version


def _stored_key(key: str, *, gzip: bool) -> str:
    """Where the answer at ``key`` is stored for clients that accept gzip, or the others."""
    return f"{key}:gzip" if gzip else f"{key}:identity"


def _stored_answer(request, key: str, now, *, wait: bool = True):
    """The stored answer to send, current or in its grace; None when it must be built."""
    gzip = accepts_gzip(request)
    stored = cache.get(_stored_key(key, gzip=gzip))
    if stored is None:
        return None
    wanted = dict(stored.tokens)
    current = freshness.versions(wanted, now)
    if all(current[name].token == token for name, token in wanted.items()):
        response = _response_from(request, stored)
        response.next_change_at = freshness.next_change(current.values())
        return response
    if _in_grace(wanted, current, now):
        return _previous_answer(request, key, stored)
    if wait and _rebuilt_meanwhile(key, stored, gzip=gzip):
        return _stored_answer(request, key, timezone.now(), wait=False)
    return None


def _rebuilt_meanwhile(key: str, stored: Answer, *, gzip: bool) -> bool:
    """
    While another request builds this answer again, wait for it (a while at most) rather
    than build the same beside it; return whether a new answer was stored.
    """
    deadline = time.monotonic() + REBUILD_WAIT_SECONDS
    while cache.get(f"{key}:rebuilding") and time.monotonic() < deadline:
        time.sleep(0.01)
        newer = cache.get(_stored_key(key, gzip=gzip))
        if newer is not None and newer.tokens != stored.tokens:
            return True
    return False


def _in_grace(wanted: dict[str, str], current: dict, now) -> bool:
    """Whether an answer built at the tokens ``wanted`` went stale less than the grace ago."""
    grace = settings.SAGA_ANSWER_GRACE_SECONDS
    if grace <= 0:
        return False
    moved = [
        current[name].stale_since(token)
        for name, token in wanted.items()
        if current[name].token != token
    ]
    if None in moved:  # missed more than one change of a key: since when is not known
        return False
    return (now - min(moved)).total_seconds() < grace


def _previous_answer(request, key: str, stored: Answer):
    """
    Send ``stored``, which a change made less than the grace ago replaced; the first request
    to get it builds the new answer once its reply is sent.
    """
    response = _response_from(request, stored)
    # Already replaced: neither an edge cache nor the next reader keeps it.
    response["Surrogate-Control"] = "no-store"
    response.next_change_at = None
    if cache.add(f"{key}:rebuilding", True, REBUILD_CLAIM_SECONDS):
        built_for = (get_language(), get_script_prefix(), get_urlconf())
        # Handed over once the server has sent the reply (HttpResponse.close): the reader's
        # connection is free for its next request while the answer is built.
        response._resource_closers.append(
            lambda: _rebuilder.submit(_build_again, request, key, built_for)
        )
    return response


def _new_rebuilder() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="saga-rebuild")


# Each process builds answers again in one thread of its own, one at a time. Run in the
# request's thread after its reply, a rebuild (50 ms of CPU for a timeline page) held that
# reader's keep-alive connection: in the live run, 60% of the reads sent in the 100 ms after
# a save took over 50 ms; with this thread, 3.5% (bench/RESULTS.md, 2026-12-07).
_rebuilder = _new_rebuilder()
os.register_at_fork(after_in_child=lambda: globals().update(_rebuilder=_new_rebuilder()))


def wait_for_rebuilds() -> None:
    """Return once the answers handed to this process's rebuilding thread are stored."""
    _rebuilder.submit(lambda: None).result()


def _build_again(request, key: str, built_for: tuple) -> None:
    """
    Build and store the answer to ``request`` again, through the view that answered it, in
    the language, script prefix and URL configuration it was answered in.
    """
    language, script_prefix, urlconf = built_for
    match = request.resolver_match
    setattr(request, _REBUILDING, True)
    setattr(request, _KEYS, set())
    set_script_prefix(script_prefix)
    set_urlconf(urlconf)
    close_old_connections()  # as a request starts: a kept connection is checked first
    try:
        with translation.override(language):
            match.func(request, *match.args, **match.kwargs)
    except Exception:  # the next reader past the grace builds it in its request
        logger.exception("Building %s again after sending the previous answer failed", request.path)
    finally:
        cache.delete(f"{key}:rebuilding")
        # As a request ends (CONN_MAX_AGE): this thread serves none, so nothing else would.
        close_old_connections()


def finish(request, lookup: Lookup, response, *, sent=None):
    """
    Label a freshly built shareable ``response`` (Surrogate-Key, ETag, Last-Modified) and
    store it when it may be; return what to send (a 304 when the client's copy is current).
    ``sent(response)``: what the caller adds to every reply of this answer, applied to
    those stored, so that a hit sends them as they are.
    """
    django_request = getattr(request, "_request", request)
    if response.status_code != 200 or response.streaming:
        return response
    keys = dependency_keys(django_request) | {freshness.EVERYTHING}
    current = freshness.versions(keys, lookup.now)
    # When what the answer shows changes by itself (core.edge_cache keeps it no longer).
    response.next_change_at = next_change_at = freshness.next_change(current.values())
    response["Surrogate-Key"] = " ".join(sorted(keys))
    if not response.has_header("ETag"):
        response["ETag"] = quote_etag(hashlib.md5(response.content).hexdigest())
    if not response.has_header("Last-Modified"):
        changed = [state.changed_at for state in current.values() if state.changed_at is not None]
        response["Last-Modified"] = http_date(max(changed, default=lookup.now).timestamp())
    if not _is_storable(response):
        return response
    answer = _answer(
        response,
        tokens=tuple(sorted((name, state.token) for name, state in current.items())),
        sent=sent,
    )
    settled = all(state.version <= lookup.version for state in current.values())
    if keeps_answers() and settled and len(answer.plain.body) <= settings.SAGA_ANSWER_MAX_BYTES:
        cache.set_many(
            {
                _stored_key(lookup.key, gzip=gzip): answer.sent_to(gzip=gzip)
                for gzip in (True, False)
            },
            settings.SAGA_PAGE_CACHE_SECONDS,
        )
    response = _response_from(django_request, answer)
    if not settled:
        # Built while a change of its keys committed: it may show what was there before, and
        # the edge's purge for that change may arrive before it does. No surrogate keeps it
        # (core.edge_cache; Fastly reads this header itself).
        response["Surrogate-Control"] = "no-store"
    response.next_change_at = next_change_at
    return response


def _answer(response, *, tokens, sent=None) -> Answer:
    """The answer to store for ``response``: its headers kept, and each reply made once."""
    body = response.content
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name))
    packed = gzipped(body)
    replies = [_reply(body, headers, vary=packed is not None, sent=sent)]
    if packed is not None:
        replies.append(_reply(packed, headers, vary=True, encoding="gzip", sent=sent))
    last_modified = dict(headers).get("Last-Modified")
    return Answer(
        plain=replies[0],
        gzipped=replies[1] if packed is not None else None,
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        tokens=tokens,
    )


def _reply(body: bytes, headers, *, vary: bool, encoding: str = "", sent=None) -> Reply:
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    if vary:  # the answer has a gzip variant: caches keep one reply per encoding
        patch_vary_headers(response, ("Accept-Encoding",))
    if encoding:
        response["Content-Encoding"] = encoding
        if response.has_header("ETag") and not response["ETag"].startswith("W/"):
            response["ETag"] = f"W/{response['ETag']}"
    if sent is not None:
        sent(response)
    return Reply(body=body, headers=tuple(response.items()), etag=response.get("ETag"))


# The request headers that can make the answer a 304 (or a 412).
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
)


def _response_from(request, answer: Answer):
    reply = answer.gzipped if answer.gzipped is not None and accepts_gzip(request) else None
    reply = reply or answer.plain
    response = HttpResponse(reply.body, headers=reply.headers)
    response.from_response_cache = True
    if not any(name in request.META for name in CONDITIONAL_HEADERS):
        return response
    return get_conditional_response(
        request, etag=reply.etag, last_modified=answer.last_modified, response=response
    )


def _is_storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Set-Cookie")
        and not response.has_header("Content-Encoding")
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def public_page(view=None, *, params: tuple[str, ...] = ()):
    """
    Serve ``view`` from the response cache to anonymous readers, with ETag and 304s.
    ``params``: the query parameters the view reads (it is given no others). Public pages
    are read, never written to: other methods are a 405.
    """
    if view is None:
        return lambda view: public_page(view, params=params)

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_shareable(request):
            return mark_private(view(request, *args, **kwargs))
        lookup = begin(request, params=params, variant=f"page:{get_language()}")
        if lookup.answer is not None:
            return lookup.answer  # stored with what ``sent_as_page`` adds
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        response = finish(request, lookup, response, sent=sent_as_page)
        if response.status_code in (200, 304):
            sent_as_page(response)
        return response

    return wrapper


def sent_as_page(response) -> None:
    """What every public page's reply says: any cache may keep it; cookies make another."""
    patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])


def cached_part(name: str, keys, build):
    """
    Return ``build()``, kept while ``keys`` keep their tokens: for parts many answers share
    (a saga's filter choices on every page of its timeline). ``name`` must hold whatever
    ``build`` depends on besides the content, such as the language.
    """
    return cached_parts(name, {"": keys}, lambda missing: {"": build()})[""]


def cached_parts(name: str, parts: dict, build, *, complete=None) -> dict:
    """
    Return a value for each of ``parts`` (``{part: the keys it shows}``), kept while its keys
    keep their tokens: one versions query and one cache read for all of them, and
    ``build(missing)`` (a ``{part: value}`` for the parts given) only for those not kept,
    so an edit of one event rebuilds one event's payload in a list of fifty. ``name`` must
    hold whatever the values depend on besides the content, such as the language.

    The tokens are read before anything is built: a part built from what was read after
    them is at least as new as they say (a change committed meanwhile moves them again).

    ``complete(value)``: whether a kept value holds all this caller needs; one that does
    not is built (and kept) again, for callers that share parts with others who keep less.
    """
    if not keeps_answers():
        return build(list(parts))
    current = freshness.versions(
        {key for keys in parts.values() for key in keys} | {freshness.EVERYTHING}
    )
    everything = current[freshness.EVERYTHING].token

    def stored_name(part, keys) -> str:
        tokens = ",".join(f"{key}={current[key].token}" for key in sorted(keys))
        digest = hashlib.md5(f"{name}|{part}|{tokens}|{everything}".encode()).hexdigest()
        return "saga_cms:part:" + digest

    names = {part: stored_name(part, keys) for part, keys in parts.items()}
    found = cache.get_many(list(names.values()))
    if complete is not None:
        found = {stored: value for stored, value in found.items() if complete(value)}
    missing = [part for part, stored in names.items() if stored not in found]
    built = build(missing) if missing else {}
    if built:
        cache.set_many(
            {names[part]: value for part, value in built.items()},
            settings.SAGA_PAGE_CACHE_SECONDS,
        )
    return {
        part: found[stored] if stored in found else built.get(part)
        for part, stored in names.items()
    }
