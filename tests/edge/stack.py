"""
Real servers for the edge tests: Debian's Varnish with deploy/varnish/default.vcl in front
of gunicorn processes (tests/faults/faults.py), all on 127.0.0.1.
"""

import contextlib
import shutil
import subprocess
import time
from pathlib import Path

from django.conf import settings

from tests.conftest import free_port
from tests.faults.faults import wait_until_listening

VARNISHD = shutil.which("varnishd") or next(
    (path for path in ("/usr/sbin/varnishd",) if Path(path).exists()), None
)
DEFAULT_VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"


def site_vcl(backends: list[str], purgers: tuple[str, ...] = ("127.0.0.1",)) -> str:
    """This arrangement's site.vcl (deploy/varnish/site.vcl): ``backends`` are base URLs."""
    lines = ["vcl 4.1;", ""]
    for number, base in enumerate(backends, 1):
        host, port = base.removeprefix("http://").rstrip("/").split(":")
        lines += [f'backend app{number} {{ .host = "{host}"; .port = "{port}"; }}']
    lines += ["", "sub vcl_init {", "    new app = directors.round_robin();"]
    lines += [f"    app.add_backend(app{number});" for number in range(1, len(backends) + 1)]
    lines += ["}", "", "acl purgers {", *[f'    "{address}";' for address in purgers], "}"]
    lines += [
        "",
        "sub saga_language {",
        '    if (req.url ~ "^/(ja|en)(/|\\?|$)") {',
        '        set req.http.X-Saga-Lang = regsub(req.url, "^/([a-z]+).*$", "\\1");',
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def running_varnish(tmp_path: Path, backends: list[str], *, port: int | None = None, **kwargs):
    """Start varnishd in the foreground with the project's VCL; yield its base URL."""
    port = port or free_port()
    (tmp_path / "site.vcl").write_text(site_vcl(backends, **kwargs))
    log_path = tmp_path / "varnish.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                VARNISHD,
                "-F",
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                "none",
                "-n",
                str(tmp_path / "varnish"),
                "-p",
                f"vcl_path={tmp_path}",
                "-f",
                str(DEFAULT_VCL),
                "-s",
                "malloc,64m",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(
            port, process, log_path, deadline=time.monotonic() + 60, what="Varnish"
        )
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
