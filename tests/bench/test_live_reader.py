"""
The live run's reader: one keep-alive connection, reopened when the server closes it; it
asks for gzip, as browsers do, and reads the mark from the body unpacked as far as needed.
"""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.live import INFLATE_STEP, Reader, first_mark


class Answers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Answers.connections.append(self.client_address)
        body = f"<h1>Headline Live edit {len(Answers.connections)}</h1>".encode()
        self.send_response(200)
        if self.path == "/packed" and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/close":
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Answers.connections = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_reader_keeps_one_connection_and_reads_the_marked_counter(server):
    reader = Reader(server)

    answers = [reader.get("/ja/sagas/x/") for _ in range(3)]
    reader.close()

    assert [status for status, _, _ in answers] == [200, 200, 200]
    assert [first_mark(body, gzipped=gzipped) for _, body, gzipped in answers] == [1, 2, 3]
    assert len(set(Answers.connections)) == 1


def test_a_reader_reconnects_after_the_server_closes_the_connection(server):
    reader = Reader(server)

    reader.get("/close")
    status, body, gzipped = reader.get("/ja/sagas/x/")
    reader.close()

    assert status == 200 and first_mark(body, gzipped=gzipped) == 2
    assert len(set(Answers.connections)) == 2


def test_a_reader_asks_for_gzip_and_reads_the_mark_unpacked(server):
    reader = Reader(server)

    status, body, gzipped = reader.get("/packed")
    reader.close()

    assert status == 200 and gzipped
    assert gzip.decompress(body) == b"<h1>Headline Live edit 1</h1>"
    assert first_mark(body, gzipped=True) == 1


@pytest.mark.parametrize(
    "at",
    [0, 5000, INFLATE_STEP - 6, INFLATE_STEP - 13, 3 * INFLATE_STEP - 2, 10 * INFLATE_STEP - 13],
)
def test_a_read_finds_the_first_mark_wherever_the_inflating_steps_cut_it(at):
    """Marks cut between two steps of inflating (in the words or the digits) are read whole."""
    page = b"x" * at + b"Live edit 12345 <p>" + b"y" * 300 + b"Live edit 7"
    page += b"z" * (10 * INFLATE_STEP)

    assert first_mark(gzip.compress(page), gzipped=True) == 12345
    assert first_mark(page, gzipped=False) == 12345


def test_a_read_without_a_mark_or_with_one_last_says_so():
    plain = b"x" * (5 * INFLATE_STEP)

    assert first_mark(gzip.compress(plain), gzipped=True) is None
    assert first_mark(gzip.compress(plain + b"Live edit 98"), gzipped=True) == 98
