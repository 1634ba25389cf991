"""
The live run's reader: one keep-alive connection, reopened when the server closes it; it
asks for gzip, as browsers do, and reads the body unpacked.
"""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.live import MARK_BYTES, Reader


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

    assert [status for status, _ in answers] == [200, 200, 200]
    assert [int(MARK_BYTES.search(body)[1]) for _, body in answers] == [1, 2, 3]
    assert len(set(Answers.connections)) == 1


def test_a_reader_reconnects_after_the_server_closes_the_connection(server):
    reader = Reader(server)

    reader.get("/close")
    status, body = reader.get("/ja/sagas/x/")
    reader.close()

    assert status == 200 and b"Live edit 2" in body
    assert len(set(Answers.connections)) == 2


def test_a_reader_asks_for_gzip_and_reads_the_body_unpacked(server):
    reader = Reader(server)

    status, body = reader.get("/packed")
    reader.close()

    assert status == 200 and body == b"<h1>Headline Live edit 1</h1>"
