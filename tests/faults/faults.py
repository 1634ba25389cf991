"""Fault injection for the hardening tests: a TCP proxy to cut the database, a real server."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings

from tests.conftest import free_port as conftest_free_port


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(changes: dict[str, str | None]) -> dict[str, str]:
    """Return this process's environment changed by ``changes`` (None removes a variable)."""
    merged = {**os.environ, **changes}
    return {name: value for name, value in merged.items() if value is not None}


class TcpProxy:
    """
    Forward 127.0.0.1:<port> to an upstream address until ``cut()``; ``restore()`` resumes.

    Cutting closes the listening socket and every open connection, as when the database
    server goes down: new connections are refused, open ones break.
    """

    def __init__(self, upstream: tuple[str, int]):
        self.upstream, self.port = upstream, free_port()
        self._listener, self._pipes, self._lock = None, [], threading.Lock()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        with self._lock:
            listener, self._listener = self._listener, None
            pipes, self._pipes = self._pipes, []
        for sock in [listener, *pipes]:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pipes += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def running_server(env: dict[str, str | None], log_path, *, workers: int = 1, options=()):
    """
    Run the site under gunicorn (``workers``, extra command-line ``options``) on a free port,
    with this environment changed by ``env`` (a None value removes a variable); yield its
    base URL once every worker has booted.
    """
    port = conftest_free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "saga_cms.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                *options,
            ],
            cwd=settings.BASE_DIR,
            env=environment(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        wait_until_listening(port, process, log_path, deadline=deadline, what="The server")
        # Every worker must be up before a test counts on them.
        while log_path.read_text().count("Booting worker") < workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"The workers did not start:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_listening(port: int, process, log_path, *, deadline: float, what: str) -> None:
    """Wait until ``process`` answers on ``port``; fail with its log if it stops or is late."""
    while True:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start:\n{log_path.read_text()}")
        time.sleep(0.1)


def manage(env: dict[str, str | None], *args: str, stdin: str | None = None) -> str:
    """Run ``manage.py args`` in a process of its own with ``env``; return what it printed."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment(env),
        capture_output=True,
        text=True,
        input=stdin,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout
