"""A real gunicorn with several workers on its own SQLite file, for the tests over HTTP."""

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings

# The ports this concern's servers may use (one per module that starts one).
PORTS = range(8150, 8160)


def free_port_in_range() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORTS.start}-{PORTS.stop - 1}")


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )


@contextlib.contextmanager
def gunicorn(tmp_path, *, workers: int = 2, **overrides: str):
    """
    Migrate a fresh SQLite database, start gunicorn with ``workers`` on it; yield
    (base URL, read_access_log). The access log records each answer's worker pid and status.
    """
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        # DEBUG on serves the admin's files without collectstatic; every setting under
        # test is given explicitly below.
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        **overrides,
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    env.update({k: v for k, v in overrides.items() if k in ("CACHE_URL", "REDIS_URL")})
    manage(env, "migrate", "--no-input")
    manage(env, "create_editor", "--username", "desk", "--password", "desk-password-1")
    port = free_port_in_range()
    access_log = tmp_path / "access.log"
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
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
                "--access-logfile",
                str(access_log),
                "--access-logformat",
                "%(p)s %(s)s %(U)s",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
        # Every worker must be up before the test counts on them.
        while len(re.findall(r"Booting worker", log.read_text())) < workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn workers did not start:\n{log.read_text()}")
            time.sleep(0.2)

        def read_access_log() -> list[tuple[str, int, str]]:
            rows = []
            for line in access_log.read_text().splitlines():
                pid, status, path = line.split(" ", 2)
                rows.append((pid, int(status), path))
            return rows

        yield base, read_access_log
    finally:
        process.terminate()
        process.wait(timeout=30)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Answer a redirect as it is (a log-in that works answers 302)."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with its own cookies, behind a proxy that appends ``address`` to XFF."""

    def __init__(self, base: str, address: str):
        self.base, self.address = base, address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirects(),
        )

    def request(self, path, *, data=None, forged: str = "", headers=None):
        """Ask for ``path``; the client wrote ``forged`` into X-Forwarded-For itself."""
        forwarded = f"{forged}, {self.address}" if forged else self.address
        request = urllib.request.Request(
            self.base + path,
            data=data,
            headers={"X-Forwarded-For": forwarded, "Connection": "close", **(headers or {})},
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read().decode()

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), "")
