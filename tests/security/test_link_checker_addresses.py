"""
Finding 4: the link checker must not become a way into the newsroom's network.

Addresses inside a private network are refused when a source is saved (admin and API say
which field is wrong) and never connected to by ``check_sources``, also when a public
address redirects inside; the check is made on the address actually connected to.
"""

import http.server
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from sources import addresses
from sources.linkcheck import Outcome, check_url
from sources.models import Source
from tests.admin_forms import form_data
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

INSIDE = [
    "http://127.0.0.1:9/admin/",
    "http://localhost/",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.1.2.3/",
    "http://192.168.0.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://metadata.internal/",
]


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers 200 on /ok, redirects /out to the ``target``; records what it was asked."""

    def answer(self):
        self.server.seen.append((self.command, self.path, self.headers.get("Host")))
        if self.path.startswith("/out"):
            self.send_response(302)
            self.send_header("Location", self.server.target)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    servers = []

    def start(host="127.0.0.1", target=""):
        server = http.server.ThreadingHTTPServer((host, 0), Recorder)
        server.seen, server.target = [], target
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def public_127_0_0_1(monkeypatch):
    """Pretend 127.0.0.1 is on the internet (the 'outside' server); 127.0.0.2 stays inside."""
    real = addresses.refusal
    monkeypatch.setattr(
        addresses, "refusal", lambda address: None if address == "127.0.0.1" else real(address)
    )


@pytest.mark.parametrize("url", INSIDE)
def test_the_checker_refuses_inside_addresses(url):
    result = check_url(url, timeout=2)
    assert result.outcome is Outcome.FAILED
    assert "refused" in result.detail


def test_the_checker_never_connects_to_a_local_server(serve):
    inside = serve()
    result = check_url(f"http://127.0.0.1:{inside.server_port}/ok", timeout=2)
    assert result.outcome is Outcome.FAILED and "loopback" in result.detail
    assert inside.seen == []


def test_a_redirect_from_outside_to_inside_is_refused_at_the_hop(serve, public_127_0_0_1):
    inside = serve("127.0.0.2")
    outside = serve("127.0.0.1", target=f"http://127.0.0.2:{inside.server_port}/secret")
    result = check_url(f"http://127.0.0.1:{outside.server_port}/out", timeout=2)
    assert result.outcome is Outcome.FAILED and "refused" in result.detail
    assert outside.seen and outside.seen[0][:2] == ("HEAD", "/out")
    assert inside.seen == []  # neither request reached the inside server


def test_the_address_checked_is_the_address_connected_to(serve, public_127_0_0_1, monkeypatch):
    """A name is resolved once; the checker connects to that very address (no rebinding)."""
    outside = serve("127.0.0.1")
    lookups = []

    def resolve(host, port):
        lookups.append(host)
        # A rebinding name server: public the first time, inside every time after.
        return ["127.0.0.1"] if len(lookups) == 1 else ["127.0.0.2"]

    monkeypatch.setattr(addresses, "resolve", resolve)
    result = check_url(f"http://rebind.example:{outside.server_port}/ok", timeout=2)
    assert result.outcome is Outcome.ONLINE
    assert lookups == ["rebind.example"]
    assert outside.seen[0][2] == f"rebind.example:{outside.server_port}"


def test_a_name_that_resolves_inside_is_refused(monkeypatch):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["10.0.0.7"])
    result = check_url("http://intranet.example/", timeout=2)
    assert result.outcome is Outcome.FAILED and "10.0.0.7 is a private address" in result.detail


def test_check_sources_does_not_fetch_a_source_saved_before_the_rule(serve):
    inside = serve()
    source = SourceFactory(url=f"http://127.0.0.1:{inside.server_port}/ok")
    out = StringIO()
    call_command("check_sources", "--timeout", "2", stdout=out, stderr=StringIO())
    assert inside.seen == []
    source.refresh_from_db()
    assert source.availability == "unknown"
    assert source.check_failures == 1


@pytest.mark.parametrize("url", INSIDE)
def test_the_api_refuses_an_inside_source_with_a_field_error(editor, url):
    client = APIClient()
    client.force_authenticate(editor)
    response = client.post(
        "/api/v1/sources/?lang=en",
        {"slug": "probe", "url": url, "kind": "article", "title": "probe", "language": "en"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "private network" in response.json()["url"][0]
    assert not Source.objects.filter(slug="probe").exists()


def test_the_admin_refuses_an_inside_archived_copy(editor_client):
    data = form_data(editor_client, "/admin/sources/source/add/")
    data |= {
        "slug": "probe",
        "url": "https://example.org/a",
        "archived_url": "http://169.254.169.254/latest/",
        "kind": "article",
        "title": "probe",
        "language": "en",
    }
    response = editor_client.post("/admin/sources/source/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "leads inside a private network" in response.content.decode()
    assert not Source.objects.filter(slug="probe").exists()


def test_a_setting_allows_inside_addresses(editor, settings):
    settings.SAGA_ALLOW_PRIVATE_URLS = True
    client = APIClient()
    client.force_authenticate(editor)
    response = client.post(
        "/api/v1/sources/?lang=en",
        {"slug": "lan", "url": "http://127.0.0.1:9/x", "kind": "article", "title": "lan"},
        format="json",
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "url",
    ['https://example.org/a"onmouseover="x', "https://example.org/<script>", "https://e.org/'"],
)
def test_addresses_with_quotes_or_angle_brackets_are_refused(editor, url):
    """Finding 8: such an address would end an attribute wherever a page or export prints it."""
    client = APIClient()
    client.force_authenticate(editor)
    response = client.post(
        "/api/v1/sources/?lang=en",
        {"slug": "quoted", "url": url, "kind": "article", "title": "q", "language": "en"},
        format="json",
    )
    assert response.status_code == 400
    assert "quotes, angle brackets" in response.json()["url"][0]
