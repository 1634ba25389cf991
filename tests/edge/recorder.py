"""A local HTTP server that records the requests it gets: stands in for a CDN's API."""

import contextlib
import json
import threading
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.conftest import free_port


@dataclass
class Recorded:
    method: str
    path: str
    headers: Message  # case-insensitive, as HTTP header names are
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Recorder:
    url: str
    requests: list[Recorded] = field(default_factory=list)
    # The status each next request is answered with (then 200), and the body of 200s.
    statuses: list[int] = field(default_factory=list)
    body: bytes = b"{}"


@contextlib.contextmanager
def recording_server():
    recorder = Recorder(url="")

    class Handler(BaseHTTPRequestHandler):
        def _record(self):
            length = int(self.headers.get("Content-Length") or 0)
            recorder.requests.append(
                Recorded(self.command, self.path, self.headers, self.rfile.read(length))
            )
            status = recorder.statuses.pop(0) if recorder.statuses else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(recorder.body)))
            self.end_headers()
            self.wfile.write(recorder.body)

        do_POST = do_PURGE = do_BAN = _record

        def log_message(self, *args):
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    recorder.url = f"http://127.0.0.1:{port}"
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
