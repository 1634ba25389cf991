"""Readers and an editor over real HTTP (urllib, no proxy of the environment)."""

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from tests.admin_forms import form_data_in


@dataclass
class Answer:
    status: int
    headers: object
    body: str


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, *, headers: dict[str, str] | None = None, opener=None) -> Answer:
    opener = opener or urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirects())
    request = urllib.request.Request(url, headers={"Accept-Language": "en", **(headers or {})})
    try:
        with opener.open(request, timeout=30) as response:
            return Answer(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.headers, error.read().decode())


def api_events(base: str, saga: str) -> list[dict]:
    """The saga's published events, as the public API lists them."""
    answer = get(f"{base}/api/v1/events/?saga={saga}&page_size=100")
    assert answer.status == 200, answer.body[:500]
    return json.loads(answer.body)["results"]


class Editor:
    """A signed-in editor using the admin of the site at ``base``, with a cookie jar."""

    def __init__(self, base: str, username: str = "desk", password: str = "desk-password-1"):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirects(),
        )
        self.get("/admin/login/")
        answer = self.post("/admin/login/", {"username": username, "password": password})
        assert answer.status == 302, f"log-in failed: {answer.status} {answer.body[:300]}"

    def cookie(self, name: str) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == name), "")

    def get(self, path: str) -> Answer:
        return get(self.base + path, opener=self.opener)

    def post(self, path: str, data: dict, files: dict | None = None) -> Answer:
        fields = {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        headers = {"Referer": self.base + path, "Accept-Language": "en"}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.headers, error.read().decode())

    def change(self, path: str, changes: dict, files: dict | None = None) -> Answer:
        """Submit the admin form at ``path`` with ``changes``; return the answer (302 if saved)."""
        page = self.get(path)
        assert page.status == 200, f"{path}: {page.status}"
        data = {**form_data_in(page.body), **changes, "_save": "Save"}
        answer = self.post(path, data, files)
        assert answer.status == 302, f"not saved: {errors_in(answer.body)}"
        return answer

    def retitle_event(self, event_id: int, language: str, headline: str) -> float:
        """Give the event a new headline in ``language``; return when the save was answered."""
        path = f"/admin/events/event/{event_id}/change/"
        page = self.get(path)
        fields = form_data_in(page.body)
        prefix = next(
            name.removesuffix("-language_code")
            for name, value in fields.items()
            if name.startswith("translations-")
            and name.endswith("-language_code")
            and value == language
        )
        self.change(path, {f"{prefix}-headline": headline})
        return time.monotonic()


def errors_in(html: str) -> str:
    return " | ".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))[:800]


def multipart(fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = "----saga-edge-test-boundary"
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{item}\r\n".encode()
            )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
