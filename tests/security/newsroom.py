"""
A newsroom for the access, leak and XSS tests: one of every kind of content, every role.

The roles are real users in the groups the data migration creates: an editor; a translator
and a reviewer of English; a translator of Japanese (the other language); and, for the
pages and the API, nobody at all.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import LanguageAssignment

# role -> (group, *languages); None: not signed in.
ROLES: dict[str, tuple[str, ...] | None] = {
    "anonymous": None,
    "editor": ("Editors",),
    "translator": ("Translators", "en"),
    "reviewer": ("Reviewers", "en"),
    "ja_translator": ("Translators", "ja"),
}


def make_users() -> dict:
    """Create one staff user per signed-in role; return {role: user or None}."""
    users = {}
    for role, membership in ROLES.items():
        if membership is None:
            users[role] = None
            continue
        group, *languages = membership
        user = get_user_model().objects.create_user(role, password="pw-for-tests-only")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        for code in languages:
            LanguageAssignment.objects.create(user=user, language_code=code)
        users[role] = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
    return users


def page_client(user) -> Client:
    """A browser, signed in to the admin with a session unless ``user`` is None."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def api_client(user) -> APIClient:
    """A program, authenticated with a token unless ``user`` is None."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def record_revisions(*objects) -> None:
    """Give each of ``objects`` a revision, as a save in the admin would."""
    for obj in objects:
        with reversion.create_revision():
            reversion.add_to_revision(obj)


def make_image(user, **fields):
    """Store a small picture as an image (with English alt text) through the images service."""
    from images.services import image_create
    from tests.images.pictures import jpeg_upload

    fields = {"original_language": "en", "alt_text": "A picture", "status": "approved", **fields}
    return image_create(upload=jpeg_upload(), user=user, **fields)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src", "action"} and value:
                self.found.append(value)


def links_in(response) -> list[str]:
    """Return the site's own addresses a response points to (HTML, XML or JSON)."""
    body = response.content.decode(errors="replace")
    kind = response.get("Content-Type", "")
    if "json" in kind:
        found = [v for v in json_strings(json.loads(body or "null")) if "/" in v]
    elif "xml" in kind:
        found = re.findall(r"<loc>([^<]+)</loc>|href=\"([^\"]+)\"", body)
        found = [a or b for a, b in found]
    else:
        parser = _Links()
        parser.feed(body)
        found = parser.found
    return [
        urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl()
        for url in (urljoin("http://testserver" + response.request["PATH_INFO"], f) for f in found)
        if urlsplit(url).netloc == "testserver"
    ]


def json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, str):
        yield value
