"""
``reverse`` for long pages: each route is reversed once per language and script prefix,
then filled in with string formatting.

A timeline page links to every event, person and tag it shows: hundreds of ``reverse``
calls, each resolving the route and quoting its arguments again. Slugs and ids need no
quoting (the ``slug`` converter only matches ASCII letters, digits, "-" and "_"), so a
route's path is the same string with them put in. Anything else falls back to ``reverse``.
Pages and the API's links (``api.links``) both use it.
"""

import re
import threading

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_patterns: dict[tuple, str | None] = {}
_lock = threading.Lock()


def cached_reverse(viewname: str, **kwargs: str) -> str:
    """Return ``reverse(viewname, kwargs=kwargs)`` for slug arguments, without resolving."""
    return Route(viewname, *kwargs)(**kwargs)


class Route:
    """
    A route with slug arguments, reversed once for the active language and script prefix:
    ``Route("people:person", "slug")(slug="sam-altman")``. Make one per page (or per
    request): it does not follow a change of language made after it was made.
    """

    def __init__(self, viewname: str, *names: str):
        self.viewname = viewname
        key = (viewname, tuple(sorted(names)), get_language(), get_script_prefix(), get_urlconf())
        pattern = _patterns.get(key)
        if pattern is None:
            pattern = _pattern(viewname, sorted(names))
            with _lock:
                _patterns[key] = pattern
        self.pattern = pattern

    def __call__(self, **kwargs: str) -> str:
        if not all(isinstance(value, str) and SLUG.match(value) for value in kwargs.values()):
            return reverse(self.viewname, kwargs=kwargs)
        return self.pattern.format_map(kwargs)


def _pattern(viewname: str, names: list[str]) -> str:
    # Placeholders made of digits, so that both the slug and the int converters accept them
    # (people are found by slug, events by id); a reversed path has no braces (they would be
    # quoted), so the others can be escaped for format_map.
    placeholders = {name: f"{number + 1}0987654321" for number, name in enumerate(names)}
    path = reverse(viewname, kwargs=placeholders).replace("{", "{{").replace("}", "}}")
    for name, placeholder in placeholders.items():
        if path.count(placeholder) != 1:
            raise ValueError(f"cannot cache the route {viewname!r}")
        path = path.replace(placeholder, "{" + name + "}")
    return path
