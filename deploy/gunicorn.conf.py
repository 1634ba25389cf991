"""
Gunicorn settings for saga_cms's app servers: ``gunicorn -c deploy/gunicorn.conf.py``.

Every value can be changed by the environment, as below, or by GUNICORN_CMD_ARGS
("--bind=0.0.0.0:8000 --workers=3"), which gunicorn applies over this file.
https://docs.gunicorn.org/en/stable/settings.html
"""

import os

wsgi_app = "saga_cms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")


def _cpus() -> int:
    """The CPUs this process may run on (a container's or cgroup's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Worker processes: two per CPU plus one (one waiting on the database while another
# computes). WEB_CONCURRENCY is the variable platforms (Heroku, Render...) set for this.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cpus() + 1)
# Each with a few threads (gthread): a slow request (the admin's change form, a save, the
# rebuild of an answer after a change, which the response cache runs once its reply is
# sent) then holds one thread, not the whole process, and cached answers keep being served
# by the others instead of queueing behind it. With 2 sync workers, 8 readers and an admin
# save a second (bench/live.py), readers got 46 answers/s at a p50 of 65 ms; with 2 gthread
# workers of 4 threads, 102/s at 22 ms (30 s runs back to back, load 8-9). Every thread
# keeps its own database connection (DJANGO_CONN_MAX_AGE): workers x threads per server.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A worker is replaced after about this many requests (the jitter keeps all workers from
# restarting at once): memory a worker kept after large answers, such as the TimelineJS
# export of a long saga, goes back to the system at the latest then. It does not replace
# core/memory.py, which returns it right after each large answer (figures there).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 10)))

# A request running longer than this is killed with its worker (the slowest page of a
# 10,000-event saga takes a few seconds); on a restart or deploy, workers get this long to
# finish what they serve. Keep-alive: the edge cache (Varnish) keeps connections open.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Access log to stdout, error log to stderr (the service manager collects both).
# Request time in milliseconds (%(M)s), the request id set by the edge or by the app.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
)

# DJANGO_LOG_FORMAT=json: gunicorn's own lines (access and errors) become JSON lines too,
# with the same fields as the application's (core/logs.py).
if os.environ.get("DJANGO_LOG_FORMAT", "").lower() == "json":
    # gunicorn merges this over its defaults: same handler names, JSON formatter.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": "INFO", "handlers": ["error_console"]},
        "loggers": {
            "gunicorn.error": {
                "handlers": ["error_console"],
                "level": loglevel.upper(),
                "propagate": False,
            },
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }

# GUNICORN_PRELOAD=true imports the application once in the master before forking: less
# memory (shared pages), but `systemctl reload` (HUP) then keeps running the old code, as
# new workers fork from the old master. Off by default: a reload picks up a new release.
preload_app = os.environ.get("GUNICORN_PRELOAD", "false").lower() in ("1", "true", "yes")
# Temporary files of the worker heartbeat in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn 25+'s control socket (for `gunicornc`): off unless GUNICORN_CONTROL_SOCKET names a
# path; its default path is one per user, which two app servers on one machine would share.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
