"""
Settings the benchmark's server runs with: production settings, on plain HTTP on 127.0.0.1.

Everything comes from ``saga_cms.settings`` (as in production with DJANGO_DEBUG=false),
except what a loopback benchmark needs: no HTTPS redirect or secure cookies, no API
throttle for its single client, the database
the harness prepared (``BENCH_DATABASE_URL``), and the cache of the run's mode
(``BENCH_CACHE=off`` for cold runs: Django's DummyCache; otherwise ``BENCH_CACHE_URL``,
local memory by default). ``bench.urls`` adds the baseline view to the site's URLs.
"""

from saga_cms.settings import *  # noqa: F403
from saga_cms.settings import BASE_DIR, REST_FRAMEWORK, database_settings, env

BENCH_OUT = BASE_DIR / "bench" / "out"

DEBUG = False
SECRET_KEY = "bench-only-key-the-server-listens-on-127.0.0.1-for-the-length-of-a-run"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False

# With the connection settings of production (SQLite in WAL mode, PostgreSQL without JIT).
DATABASES = {
    "default": database_settings(
        env.db_url("BENCH_DATABASE_URL", default=f"sqlite:///{BENCH_OUT / 'bench.sqlite3'}")
    ),
}
# Production keeps connections open between requests; so does the benchmark.
DATABASES["default"]["CONN_MAX_AGE"] = 60

if env("BENCH_CACHE", default="on") == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {"default": env.cache_url_config(env("BENCH_CACHE_URL", default="locmemcache://"))}
    # A fresh prefix per run, so that a shared cache never answers from an earlier run.
    CACHES["default"]["KEY_PREFIX"] = env("BENCH_RUN_ID", default="bench")

# wrk is one client hammering the API: a production throttle would answer it 429 after a few
# requests. The benchmark measures what the application can serve, so it lifts the throttle.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}

STATIC_ROOT = BENCH_OUT / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The same for the public pages' rate limit: the live run's readers are one address.
SAGA_PAGE_ANON_RATE = None
SAGA_API_ANON_RATE = None
