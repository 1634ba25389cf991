"""deploy/: the gunicorn settings, the systemd units, the Containerfile and the compose file."""

import configparser
import runpy
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_MAX_REQUESTS", "DJANGO_LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_workers_follow_the_cpus_unless_web_concurrency_says(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1, 2})

    assert gunicorn_settings(monkeypatch)["workers"] == 7
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="2")["workers"] == 2


def test_gunicorn_recycles_workers_with_jitter_and_logs_the_request_time(monkeypatch):
    conf = gunicorn_settings(monkeypatch, GUNICORN_MAX_REQUESTS="500")

    assert (conf["max_requests"], conf["max_requests_jitter"]) == (500, 50)
    assert conf["timeout"] > 0 and conf["graceful_timeout"] > 0
    assert "%(M)s" in conf["access_log_format"]
    assert conf["wsgi_app"] == "saga_cms.wsgi:application"
    assert "logconfig_dict" not in conf
    assert conf["control_socket_disable"]  # two app servers on one machine would share it


def test_gunicorn_logs_json_lines_when_the_app_does(monkeypatch):
    conf = gunicorn_settings(monkeypatch, DJANGO_LOG_FORMAT="json")

    from gunicorn.config import Config

    config = Config()
    config.set("logconfig_dict", conf["logconfig_dict"])  # gunicorn accepts it
    formatter = conf["logconfig_dict"]["formatters"]["json"]["()"]
    assert formatter == "core.logs.JsonFormatter"


def units() -> dict[str, configparser.ConfigParser]:
    found = {}
    for path in sorted((DEPLOY / "systemd").iterdir()):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(path)
        found[path.name] = parser
    return found


def test_every_timer_starts_a_service_that_runs_existing_commands():
    found = units()
    timers = [name for name in found if name.endswith(".timer")]
    assert sorted(timers) == ["saga-check-sources.timer", "saga-daily.timer"]
    for timer in timers:
        service = found[timer.removesuffix(".timer") + ".service"]
        assert found[timer]["Timer"]["OnCalendar"]
        assert service["Service"]["Type"] == "oneshot"
    commands = get_commands()
    for name, unit in found.items():
        if not name.endswith(".service"):
            continue
        for line in unit["Service"]["ExecStart"].splitlines():  # repeated keys: joined
            words = shlex.split(line)
            if "manage.py" in words:
                assert words[words.index("manage.py") + 1] in commands, line
    check = found["saga-check-sources.service"]["Service"]["ExecStart"]
    assert check.endswith("manage.py check_sources --older-than 1d")
    web = found["saga-web.service"]["Service"]["ExecStart"]
    assert web.endswith("gunicorn -c deploy/gunicorn.conf.py")


def test_the_containerfile_builds_a_non_root_gunicorn_image_with_static_files():
    lines = [
        line.strip()
        for line in (DEPLOY / "Containerfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    instructions = [line.split()[0] for line in lines if line.split()[0].isupper()]

    assert lines[0] == "FROM python:3.11-slim"
    assert any("manage.py collectstatic --no-input" in line for line in lines)
    user = [line for line in lines if line.startswith("USER ")]
    assert user == ["USER saga"]
    assert instructions.index("USER") < instructions.index("CMD")
    assert lines[-1] == 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]'


@pytest.fixture
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_describes_two_app_servers_behind_varnish_with_shared_services(compose):
    services = compose["services"]

    assert {"postgres", "redis", "minio", "varnish", "app1", "app2"} <= set(services)
    for name in ("app1", "app2"):
        app = services[name]
        assert app["build"]["dockerfile"] == "deploy/Containerfile"
        assert (DEPLOY.parent / app["build"]["dockerfile"]).exists()
        assert app["environment"]["DJANGO_MEDIA_STORAGE"] == "s3"
        assert app["environment"]["DATABASE_URL"].startswith("postgres://")
        assert app["environment"]["CACHE_URL"].startswith("redis://redis:")
        assert "/readyz" in app["healthcheck"]["test"][-1]
    mounts = [volume.split(":")[:2] for volume in services["varnish"]["volumes"]]
    assert ["./varnish/default.vcl", "/etc/varnish/default.vcl"] in mounts
    assert (DEPLOY / "compose-site.vcl").exists()


def test_a_worker_runs_the_background_jobs_beside_the_app_servers(compose):
    worker = units()["saga-worker.service"]["Service"]
    assert worker["ExecStart"].endswith("manage.py run_jobs")
    assert worker["Restart"] == "always"
    assert compose["services"]["worker"]["command"] == ["python", "manage.py", "run_jobs"]
    makefile = (DEPLOY.parent / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "manage.py run_jobs" in run and "manage.py runserver" in run
    assert "kill -TERM" in run  # the worker stops with the site
