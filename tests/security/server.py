"""A real gunicorn with several workers on its own SQLite file, for the tests over HTTP."""

import contextlib

from tests.faults.faults import manage, running_server


@contextlib.contextmanager
def gunicorn(tmp_path, *, workers: int = 2, **overrides: str):
    """
    Migrate a fresh SQLite database, start gunicorn with ``workers`` on it; yield
    (base URL, read_access_log). The access log records each answer's worker pid and status.
    """
    env = {
        "CACHE_URL": None,
        "REDIS_URL": None,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        # DEBUG on serves the admin's files without collectstatic; every setting under
        # test is given explicitly below.
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        **overrides,
    }
    manage(env, "migrate", "--no-input")
    manage(env, "create_editor", "--username", "desk", "--password", "desk-password-1")
    access_log = tmp_path / "access.log"
    options = ("--access-logfile", str(access_log), "--access-logformat", "%(p)s %(s)s %(U)s")

    def read_access_log() -> list[tuple[str, int, str]]:
        rows = []
        for line in access_log.read_text().splitlines():
            pid, status, path = line.split(" ", 2)
            rows.append((pid, int(status), path))
        return rows

    with running_server(env, tmp_path / "gunicorn.log", workers=workers, options=options) as base:
        yield base, read_access_log
