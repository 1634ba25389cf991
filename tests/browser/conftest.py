"""
Browser tests: the site in a live server, driven by headless Chromium through Playwright.

Chromium is Debian's (`apt-get install chromium`, /usr/bin/chromium, or SAGA_CHROMIUM);
Playwright's own browsers are never downloaded. Without Chromium these tests are skipped,
unless SAGA_REQUIRE_BROWSER=1 (CI), where that is a failure. Run them with
`make test-browser`; screenshots go to SAGA_SCREENSHOTS (default tests/browser/screenshots).

Fixtures: ``live_site`` (the site's address), ``page`` (a fresh browser page that records
console errors and failed requests in ``page.problems``), ``second_origin`` (another local
server on another port, serving the HTML given to it) and ``screenshot``.
"""

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(
    os.environ.get("SAGA_SCREENSHOTS") or Path(__file__).parent / "screenshots"
).resolve()


def chromium_path() -> str | None:
    candidate = os.environ.get("SAGA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and Path(candidate).exists() else None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium, or set SAGA_CHROMIUM)"
        if os.environ.get("SAGA_REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; SAGA_REQUIRE_BROWSER=1 requires the browser tests")
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        if os.environ.get("SAGA_REQUIRE_BROWSER") == "1":
            raise
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    # Playwright's sync API runs an event loop in this thread, which Django's async guard
    # takes for async code; the ORM is used here only between browser calls. Set for the
    # browser tests alone (never in the environment other tests' subprocesses inherit).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_site(live_server, settings):
    """The site's address, its uploaded images served too; page cache emptied per test."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.ALLOWED_HOSTS = ["*"]
    return live_server.url


@pytest.fixture
def page(browser):
    """A fresh page (1280×900) whose console errors and failed requests are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []

    def console(message):
        where = message.location.get("url")
        if message.type == "error" and not _is_favicon(where):
            page.problems.append(f"console: {message.text} ({where})")

    def response(answer):
        if answer.status >= 400 and not _is_favicon(answer.url):
            page.problems.append(f"HTTP {answer.status}: {answer.url}")

    def request(asked):
        if urlsplit(asked.url).hostname not in ("127.0.0.1", "localhost"):
            page.other_hosts.append(asked.url)

    page.other_hosts = []  # requests to any host but this machine's servers
    page.on("request", request)
    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on(
        "requestfailed",
        lambda request: page.problems.append(f"request failed: {request.url} {request.failure}"),
    )
    yield page
    context.close()


def _is_favicon(url) -> bool:
    # Chromium asks every site for /favicon.ico by itself; the site has none.
    return bool(url) and url.split("?")[0].endswith("/favicon.ico")


@pytest.fixture
def screenshot(request):
    """Return a function saving ``page``'s screenshot as ``<test>-<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, **options) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{name}.png".replace("/", "-")
        page.screenshot(path=str(path), **options)
        return path

    return take


@pytest.fixture
def second_origin():
    """
    Return a function serving one HTML page from another local server (another port, so
    another origin) and returning its address: a stranger's site embedding ours.
    """
    servers = []

    def serve(html: str) -> str:
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        host, port = os.environ.get("SAGA_SECOND_ORIGIN", "127.0.0.1:0").rsplit(":", 1)
        server = ThreadingHTTPServer((host, int(port)), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://{host}:{server.server_port}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
