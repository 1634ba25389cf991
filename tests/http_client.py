"""
The one HTTP client of the tests that talk to real servers (gunicorn, Varnish) over the
network: urllib, never the environment's proxy; answers as they are (a redirect is an
answer, unless ``follow_redirects``); each client keeps its own cookies, submits forms as a
browser does (CSRF token and Referer) and signs in through the admin's log-in form.

    client = HttpClient(base)                      # a reader
    status, headers, body = client.get("/en/")
    editor = signed_in(base)                       # an editor, or fails saying why
    editor.change(f"/admin/events/event/{pk}/change/", {"_publication": "unpublish"})
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from tests.admin_forms import form_data_in

TIMEOUT = 30
# The editor every test server creates (manage.py create_editor).
USERNAME, PASSWORD = "desk", "desk-password-1"


@dataclass
class Answer:
    status: int
    headers: Message
    body: str

    def __iter__(self):
        """``status, headers, body = client.get(path)``."""
        return iter((self.status, self.headers, self.body))


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HttpClient:
    """
    A client of the site at ``base`` (or of absolute URLs, with ``base`` empty): ``headers``
    go with every request (an Accept-Language, an X-Forwarded-For, a Cookie), cookies the
    site sets are kept for the next requests.
    """

    def __init__(self, base: str = "", *, headers=None, follow_redirects: bool = False):
        self.base = base
        self.headers = {"Accept-Language": "en", **(headers or {})}
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar)]
        if not follow_redirects:
            handlers.append(NoRedirects())
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path: str, *, data: bytes | None = None, headers=None, timeout=TIMEOUT):
        """Send a GET (or, with ``data``, a POST) for ``path``; return the answer, errors too."""
        request = urllib.request.Request(
            self.base + path, data=data, headers={**self.headers, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Answer(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.headers, error.read().decode())

    def get(self, path: str, *, headers=None) -> Answer:
        return self.request(path, headers=headers)

    def cookie(self, name: str) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == name), "")

    def post(self, path: str, data: dict, *, files=None, headers=None) -> Answer:
        """
        Submit a form to ``path`` as a browser does: with the CSRF token (the form's, when
        ``data`` has it, else the cookie's) and a Referer; ``files`` are (name, bytes, type).
        """
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **data}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        sent = {"Referer": self.base + path, "Content-Type": content_type, **(headers or {})}
        return self.request(path, data=body, headers=sent, timeout=60)

    def log_in(self, username: str = USERNAME, password: str = PASSWORD, *, headers=None):
        """Sign in through the admin's log-in form; return its answer (302 when it worked)."""
        page = self.get("/admin/login/", headers=headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        data = {"username": username, "password": password}
        if token:
            data["csrfmiddlewaretoken"] = token[1]
        return self.post("/admin/login/?next=/admin/", data, headers=headers)

    def change(self, path: str, changes: dict, files=None) -> Answer:
        """Submit the admin form at ``path`` with ``changes``; fail unless it was saved."""
        page = self.get(path)
        assert page.status == 200, f"{path}: {page.status}"
        data = {**form_data_in(page.body), **changes, "_save": "Save"}
        answer = self.post(path, data, files=files)
        assert answer.status == 302, f"not saved: {errors_in(answer.body)}"
        return answer


def get(url: str, *, headers=None, cookies: dict[str, str] | None = None, **options) -> Answer:
    """Ask for ``url`` once, with a client of its own (``options``: see ``HttpClient``)."""
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return HttpClient(headers=headers, **options).get(url)


def signed_in(base: str, username: str = USERNAME, password: str = PASSWORD, **options):
    """Return a client of ``base`` signed in as ``username`` (fail if the log-in does)."""
    client = HttpClient(base, **options)
    answer = client.log_in(username, password)
    assert answer.status == 302, f"log-in failed: {answer.status} {answer.body[:300]}"
    return client


def errors_in(html: str) -> str:
    """The error lists of an admin form, to say why it was not saved."""
    return " | ".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))[:800]


def multipart(fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = "----saga-test-boundary"
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
