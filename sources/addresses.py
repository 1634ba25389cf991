"""
Which web addresses the site may store as sources and the link checker may reach.

A source's URL is fetched by the server (``manage.py check_sources``), so an address that
leads inside the newsroom's network (the machine itself, a private network, a cloud
provider's metadata service) would let anyone who may save a source make the server ask
it, and read the answer back as the source's availability. Such addresses are refused:

- when a source is saved (model validation: the admin, the API and imports all say which
  field is wrong), for host names that are internal by their form or resolve inside;
- when the checker connects, at every hop (redirects included), on the very address it
  connects to, so that a name that resolves elsewhere the second time (DNS rebinding)
  gains nothing.

``SAGA_ALLOW_PRIVATE_URLS`` lifts both (for tests against a local server, or a newsroom
whose own sources live on its intranet).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Characters that have no business in an address a page prints: they end attributes and
# elements in the HTML, JSON and TimelineJS slides the address is copied into.
UNSAFE_URL_CHARACTERS = frozenset("\"'<>`\\{}|^")
INTERNAL_HOST_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain")


class RefusedAddress(OSError):
    """The link checker was about to connect to an address it must not reach."""


def private_addresses_allowed() -> bool:
    return bool(getattr(settings, "SAGA_ALLOW_PRIVATE_URLS", False))


def refusal(address: str) -> str | None:
    """Return why the server must not connect to the IP ``address``, or None if it may."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for attribute, label in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, attribute):
            return f"{ip} is a {label} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def internal_name(host: str) -> bool:
    """Whether a host name is internal by its form (localhost, *.local, *.internal...)."""
    host = host.rstrip(".").lower()
    return host == "localhost" or host.endswith(INTERNAL_HOST_SUFFIXES)


def resolve(host: str, port: int) -> list[str]:
    """Return the addresses ``host`` resolves to (an OSError when it does not resolve)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def guarded_create_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """
    ``socket.create_connection`` for the link checker: resolve the host once, refuse it when
    any address is internal, and connect to the resolved address itself (no second lookup
    for a rebinding name server to answer differently); the peer is checked once more.
    """
    host, port = address
    allowed = private_addresses_allowed()
    if not allowed and internal_name(host):
        raise RefusedAddress(f"refused to connect to {host}: an internal name")
    addresses = resolve(host, port)
    if not allowed:
        for candidate in addresses:
            reason = refusal(candidate)
            if reason:
                raise RefusedAddress(f"refused to connect to {host}: {reason}")
    error: OSError | None = None
    for candidate in addresses:
        try:
            sock = socket.create_connection((candidate, port), timeout, source_address)
        except OSError as failure:
            error = failure
            continue
        peer = sock.getpeername()[0]
        reason = None if allowed else refusal(peer)
        if reason:
            sock.close()
            raise RefusedAddress(f"refused to connect to {host}: {reason}")
        return sock
    raise error or OSError(f"{host} has no address")


def validate_public_web_url(value: str) -> None:
    """Refuse an address the site must not print or fetch (see the module's docstring)."""
    if not value:
        return
    if UNSAFE_URL_CHARACTERS.intersection(value):
        raise ValidationError(
            _("A web address may not contain quotes, angle brackets or backslashes."),
            code="unsafe_characters",
        )
    if private_addresses_allowed():
        return
    host = (urlsplit(value).hostname or "").rstrip(".").lower()
    if not host:
        return
    message = _(
        "This address leads inside a private network (%(reason)s); only public web "
        "addresses can be sources."
    )
    if internal_name(host):
        raise ValidationError(message, code="private_address", params={"reason": host})
    try:
        addresses = resolve(host, 443)
    except (OSError, UnicodeError):
        # A name that does not resolve today is no danger today; the checker looks again
        # when it connects.
        return
    for address in addresses:
        reason = refusal(address)
        if reason:
            raise ValidationError(message, code="private_address", params={"reason": reason})
