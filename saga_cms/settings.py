"""
Settings for saga_cms, read from the environment (12-factor).

Development needs no environment at all: DEBUG is on, the database is a SQLite file
in the project folder and the cache is in local memory. Production differs only in
environment variables; see README.md ("Configuration") for the full list.
"""

import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-development-only-key-never-use-in-production",
)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "saga_cms.urls"
WSGI_APPLICATION = "saga_cms.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "axes",
    "csp",
    # The project's own apps, lowest layer first (README, "DESIGN notes"): each may import
    # only the ones above it.
    "core",
    "jobs",
    "accounts",
    "translations",
    "editorial",
    "api",
    "images",
    "people",
    "sources",
    "events",
    "saga_cms",
]
# The benchmark's data generator (``generate_saga``) is a development tool, not shipped
# with the site: it is installed where the bench package is present and not turned off.
if env.bool("SAGA_BENCH_APP", default=True) and (BASE_DIR / "bench" / "apps.py").exists():
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    # First: every log line written while a request is served carries its id.
    "core.logs.RequestIdMiddleware",
    # /healthz and /readyz, answered before host checks, redirects, sessions or caches.
    "core.health.HealthCheckMiddleware",
    # Sees the finished answer: surrogate keys for each edge, s-maxage (core/edge_cache.py).
    "core.edge_cache.EdgeCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that reads or writes a body: it compresses the finished answer.
    "core.compression.SharedAnswerGzipMiddleware",
    # Inside compression: it judges an answer by its size before gzip.
    "core.memory.ReleaseMemoryAfterLargeAnswersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Once the user is known (staff are not counted), before any page is built.
    "saga_cms.throttling.PublicPageThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]


# ------------------------------------------------------------------------------
# Data: database and cache
# https://django-environ.readthedocs.io/en/latest/types.html
# ------------------------------------------------------------------------------
def database_settings(config: dict) -> dict:
    """The connection settings every process uses with the database ``config`` names."""
    config["ATOMIC_REQUESTS"] = False
    config["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
    # A persistent connection broken by a database restart is replaced at the next request
    # instead of failing it (see core/middleware.py for what readers see meanwhile).
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"].endswith("sqlite3"):
        # The site, the job worker and the commands share one file. In WAL mode readers
        # (pages, the admin, a job's progress) are never blocked by a writer, such as a bulk
        # action's final transaction; a writer waits up to ``timeout`` seconds for the one
        # before it.
        config.setdefault("OPTIONS", {}).update(
            {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
        )
    elif "postgresql" in config["ENGINE"]:
        # Django's backend, with a health check that asks the database nothing when the
        # connection has nothing to read (saga_cms/postgresql/base.py).
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["ENGINE"] = "saga_cms.postgresql"
        # No JIT compilation: the desk's aggregate and work-list queries are estimated above
        # ``jit_above_cost`` at 10,000 events and PostgreSQL then spends 200-330 ms compiling
        # each one, longer than running it (EXPLAIN ANALYZE: "JIT ... Total"). Pages run
        # short queries, where JIT never pays.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
        # Prepared statements: a query a connection has run DJANGO_DB_PREPARE_THRESHOLD
        # times is parsed and planned once, then only executed. Every cached read asks the
        # same versions query; planning it cost the database more than running it, and a
        # cached read took half the database's CPU without (0.35-0.44 ms against 0.14-0.17;
        # an API detail built uncached, 12 ms against 2.5). Django turns them off for
        # connection poolers in transaction mode (PgBouncer before 1.21): set the threshold
        # to "off" behind one. They need server-side parameter binding.
        threshold = env("DJANGO_DB_PREPARE_THRESHOLD", default="5").strip()
        if threshold.lower() not in {"off", "none", ""}:
            if not threshold.isdigit():
                raise ImproperlyConfigured(
                    f"DJANGO_DB_PREPARE_THRESHOLD must be a number of runs or 'off', "
                    f"not {threshold!r}."
                )
            options.setdefault("server_side_binding", True)
            options.setdefault("prepare_threshold", int(threshold))
    return config


DATABASES = {
    "default": database_settings(
        env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    ),
}

# The demo sagas (`manage.py loaddata openai_2023`, `manage.py load_fixtures`).
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# CACHE_URL wins; REDIS_URL is accepted because that is what most platforms export.
CACHE_URL = env("CACHE_URL", default=env("REDIS_URL", default="locmemcache://"))
CACHES = {"default": env.cache_url_config(CACHE_URL)}
# Rate-limit counters must be seen by every worker: the shared cache when there is one
# (Redis), else a table in the database (created by the saga_cms migrations).
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
CACHES["throttle"] = (
    {**env.cache_url_config(CACHE_URL), "KEY_PREFIX": "throttle"}
    if _SHARED_CACHE
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "saga_throttle_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
)
# A running job's progress as its page shows it (jobs/live.py): reported inside the job's
# one transaction, so it cannot be read from the database before the end. The shared cache
# when there is one, else files on this machine (where the site and the worker then run).
CACHES["jobs"] = (
    {**env.cache_url_config(CACHE_URL), "KEY_PREFIX": "jobs"}
    if _SHARED_CACHE
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path(
            "SAGA_JOBS_PROGRESS_DIR", default=Path(tempfile.gettempdir()) / "saga_cms-jobs"
        ),
    }
)
# How many processes may answer requests. More than one needs a cache they share (Redis):
# `manage.py check --deploy` warns when they would each keep their own (saga_cms/checks.py).
# gunicorn reads WEB_CONCURRENCY too.
SAGA_WORKERS = env.int("SAGA_WORKERS", default=env.int("WEB_CONCURRENCY", default=1))
# Background jobs (jobs/, ``manage.py run_jobs``): admin bulk actions on more objects than
# SAGA_BULK_IN_REQUEST_MAX run as a job, all or nothing, with progress on the job's page. A
# worker that reports nothing for SAGA_JOBS_LEASE_SECONDS is taken for dead and its job is
# queued again, up to SAGA_JOBS_MAX_ATTEMPTS attempts (the lease must outlast a job's final
# transaction: about 15 s for 10,000 events).
SAGA_BULK_IN_REQUEST_MAX = env.int("SAGA_BULK_IN_REQUEST_MAX", default=200)
# Objects per batch of a bulk action: one progress report and one revision each.
SAGA_BULK_BATCH_SIZE = env.int("SAGA_BULK_BATCH_SIZE", default=500)
# An uploaded XLIFF file larger than this (bytes, unpacked) is imported as a job; the file
# waits in the default file storage under private/xliff-imports/ until the job ends.
SAGA_XLIFF_IN_REQUEST_MAX_BYTES = env.int("SAGA_XLIFF_IN_REQUEST_MAX_BYTES", default=2 * 2**20)
SAGA_JOBS_LEASE_SECONDS = env.int("SAGA_JOBS_LEASE_SECONDS", default=120)
SAGA_JOBS_MAX_ATTEMPTS = env.int("SAGA_JOBS_MAX_ATTEMPTS", default=3)
# Public pages and anonymous API answers are cached per address, language and the versions
# of the content they show (core/response_cache.py); a saved change moves those versions at
# once, so this only bounds how long unused entries stay.
SAGA_PAGE_CACHE_SECONDS = env.int("SAGA_PAGE_CACHE_SECONDS", default=600)
# For at most this long after a change, readers of an answer it replaced get the previous
# answer while one request per cache builds the new one after sending its reply (0: never).
SAGA_ANSWER_GRACE_SECONDS = env.float("SAGA_ANSWER_GRACE_SECONDS", default=0.5)
# The largest answer the response cache stores (larger ones are built for each request).
SAGA_ANSWER_MAX_BYTES = env.int("SAGA_ANSWER_MAX_BYTES", default=8 * 2**20)

# The edge cache in front of the app servers (core/edge_cache.py, deploy/varnish/). Answers
# carrying surrogate keys may be kept there SAGA_EDGE_MAX_AGE seconds (s-maxage; a change
# purges them at once) and served stale SAGA_EDGE_STALE_SECONDS more while a fresh copy is
# fetched (stale-while-revalidate). After each change the purger drops the answers naming
# what changed: none, varnish-xkey, varnish-ban, fastly or cloudflare.
SAGA_EDGE_MAX_AGE = env.int("SAGA_EDGE_MAX_AGE", default=86400)
SAGA_EDGE_STALE_SECONDS = env.int("SAGA_EDGE_STALE_SECONDS", default=30)
SAGA_EDGE_PURGER = env("SAGA_EDGE_PURGER", default="none")
# Every Varnish that caches the site (each is purged): http://127.0.0.1:6081,http://edge2:80
SAGA_EDGE_VARNISH_URLS = env.list("SAGA_EDGE_VARNISH_URLS", default=[])
SAGA_EDGE_FASTLY_SERVICE_ID = env("SAGA_EDGE_FASTLY_SERVICE_ID", default="")
SAGA_EDGE_FASTLY_API_TOKEN = env("SAGA_EDGE_FASTLY_API_TOKEN", default="")
SAGA_EDGE_FASTLY_API_URL = env("SAGA_EDGE_FASTLY_API_URL", default="https://api.fastly.com")
SAGA_EDGE_FASTLY_SOFT_PURGE = env.bool("SAGA_EDGE_FASTLY_SOFT_PURGE", default=False)
SAGA_EDGE_CLOUDFLARE_ZONE_ID = env("SAGA_EDGE_CLOUDFLARE_ZONE_ID", default="")
SAGA_EDGE_CLOUDFLARE_API_TOKEN = env("SAGA_EDGE_CLOUDFLARE_API_TOKEN", default="")
SAGA_EDGE_CLOUDFLARE_API_URL = env(
    "SAGA_EDGE_CLOUDFLARE_API_URL", default="https://api.cloudflare.com/client/v4"
)
# Each purge request's time limit (seconds) and how many times a failed purge is tried.
SAGA_EDGE_PURGE_TIMEOUT = env.float("SAGA_EDGE_PURGE_TIMEOUT", default=2.0)
SAGA_EDGE_PURGE_ATTEMPTS = env.int("SAGA_EDGE_PURGE_ATTEMPTS", default=3)

# ------------------------------------------------------------------------------
# Languages and time
# LANGUAGES is the list of languages content can be translated into and the public
# site is served in. Adding one is a settings change only (no migration): every
# language field takes its choices from this setting at run time.
# ------------------------------------------------------------------------------
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", default="ja")
_LANGUAGE_NAMES = {
    "ja": _("Japanese"),
    "en": _("English"),
    "de": _("German"),
    "fr": _("French"),
    "es": _("Spanish"),
    "ko": _("Korean"),
    "zh-hans": _("Simplified Chinese"),
    "zh-hant": _("Traditional Chinese"),
}
LANGUAGES = [
    (code, _LANGUAGE_NAMES.get(code, code))
    for code in env.list("DJANGO_LANGUAGES", default=["ja", "en"])
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# The time zone readers of each language are shown times in, besides the saga's own
# ("noon Friday in California is early Saturday in Tokyo").
# The newsroom's name in page headers, feeds and metadata (empty: a translated default).
SAGA_SITE_NAME = env("SAGA_SITE_NAME", default="")

READER_TIME_ZONES = env.dict(
    "SAGA_READER_TIME_ZONES", default={"ja": "Asia/Tokyo", "en": "America/New_York"}
)

# ------------------------------------------------------------------------------
# E-mail: the review conversation's notifications
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
# ------------------------------------------------------------------------------
# EMAIL_URL such as smtp+tls://user:password@mail.example.org:587; printed on the console
# in development.
vars().update(
    env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ------------------------------------------------------------------------------
# Static and media files
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = env("DJANGO_MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# Uploaded media (originals and renditions) live in a local folder, MEDIA_ROOT, unless
# DJANGO_MEDIA_STORAGE=s3 or AWS_STORAGE_BUCKET_NAME is set: then they go to that bucket on
# Amazon S3 or any S3-compatible server (MinIO, Ceph, R2...) through django-storages.
# Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or boto3's usual chain
# (instance roles, ~/.aws). Stored names are unique, so files are served as immutable.
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
MEDIA_STORAGE = env(
    "DJANGO_MEDIA_STORAGE",
    default="s3" if env("AWS_STORAGE_BUCKET_NAME", default="") else "filesystem",
)
if MEDIA_STORAGE == "filesystem":
    _MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    _MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "location": env("AWS_LOCATION", default=""),
            # A CDN or the bucket's public host name that media URLs are made with.
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "url_protocol": env("AWS_S3_URL_PROTOCOL", default="https:"),
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),
            # Public pages are cached: their image URLs must not expire, so the bucket (or
            # the CDN in front of it) serves media publicly and URLs are not signed.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "default_acl": env("AWS_DEFAULT_ACL", default=None),
            # Like the filesystem: a name in use gets a new one instead of being overwritten.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    raise ImproperlyConfigured(
        f"DJANGO_MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}."
    )
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded images (images/): the largest file and picture accepted, and the widths of the
# copies made at upload. After changing the widths, run `manage.py regenerate_renditions`.
IMAGE_MAX_BYTES = env.int("SAGA_IMAGE_MAX_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("SAGA_IMAGE_MAX_PIXELS", default=40_000_000)
IMAGE_RENDITION_WIDTHS = env.list("SAGA_IMAGE_RENDITION_WIDTHS", cast=int, default=[320, 640, 1280])

# ------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Brute-force protection (django-axes): after SAGA_LOGIN_FAILURE_LIMIT failed log-ins for one
# user name from one address, that pair is locked out for SAGA_LOGIN_COOLOFF_MINUTES; each
# further attempt during the lock-out restarts the wait. Locking the pair, not the address
# alone, keeps a newsroom behind one NAT address working while one person is locked out.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AUTHENTICATION_BACKENDS = [
    "accounts.login_protection.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("SAGA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SAGA_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.login_protection.lockout_response"

# ------------------------------------------------------------------------------
# Security: production settings come from DJANGO_DEBUG=false plus these variables.
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
# ------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Behind a TLS proxy (a load balancer, nginx): the proxy must set X-Forwarded-Proto and
# append the address it saw to X-Forwarded-For. DJANGO_TLS_PROXY_COUNT says how many proxies
# the request passes on its way in; the client's address is then the one that many entries
# from the right of X-Forwarded-For (what the client wrote itself, further left, is ignored).
# Log-in lock-outs (django-axes, through django-ipware) and rate limits (DRF's NUM_PROXIES)
# both count that address; `manage.py check --deploy` warns when they disagree.
BEHIND_TLS_PROXY = env.bool("DJANGO_BEHIND_TLS_PROXY", default=False)
TLS_PROXY_COUNT = env.int("DJANGO_TLS_PROXY_COUNT", default=1) if BEHIND_TLS_PROXY else 0
if BEHIND_TLS_PROXY:
    # Only when a trusted proxy strips and sets this header; otherwise clients could spoof it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # django-ipware counts the proxies *listed* in X-Forwarded-For: all but the nearest one,
    # whose address arrives as REMOTE_ADDR. Not strict: a forged entry left of the client's
    # must not make it fall back to the proxy's address (which would lock everyone out).
    AXES_IPWARE_PROXY_COUNT = TLS_PROXY_COUNT - 1
    AXES_IPWARE_PROXY_ORDER = "left-most"
    IPWARE_STRICT = False


def _origins(*urls: str) -> list[str]:
    """Return the origins of the absolute URLs among ``urls`` (static or media on a CDN)."""
    return sorted({f"{p.scheme}://{p.netloc}" for p in map(urlsplit, urls) if p.netloc})


# Content-Security-Policy (django-csp 4): nothing but this site's own files run or style the
# pages; no inline script or style, no plug-ins, no framing. The admin needs nothing more.
# https://django-csp.readthedocs.io/en/latest/configuration.html
_ASSET_ORIGINS = _origins(STATIC_URL)


def _bucket_urls(options: dict) -> list[str]:
    """Return URLs on the host(s) django-storages serves the media bucket from."""
    bucket, domain = options["bucket_name"], options["custom_domain"]
    if domain:
        return [f"{options['url_protocol']}//{domain}/"]
    endpoint = options["endpoint_url"]
    if endpoint:
        parts = urlsplit(endpoint)
        if options["addressing_style"] == "virtual":
            return [f"{parts.scheme}://{bucket}.{parts.netloc}/"]
        return [endpoint]
    region = options["region_name"]
    return [f"https://{bucket}.s3.amazonaws.com/"] + (
        [f"https://{bucket}.s3.{region}.amazonaws.com/"] if region else []
    )


_MEDIA_URLS = _bucket_urls(_MEDIA_BACKEND["OPTIONS"]) if MEDIA_STORAGE == "s3" else [MEDIA_URL]
_IMAGE_ORIGINS = _origins(STATIC_URL, *_MEDIA_URLS)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *_ASSET_ORIGINS],
        "style-src": [SELF, *_ASSET_ORIGINS],
        "font-src": [SELF, *_ASSET_ORIGINS],
        "img-src": [SELF, *_IMAGE_ORIGINS],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **(
            {"report-uri": [env("SAGA_CSP_REPORT_URI")]}
            if env("SAGA_CSP_REPORT_URI", default="")
            else {}
        ),
    },
}

# The embeddable timeline (/<lang>/sagas/<slug>/embed/) only: the sites that may show it in
# an <iframe> (its frame-ancestors; "*" any site). Every other page stays unframeable.
SAGA_EMBED_FRAME_ANCESTORS = env.list("SAGA_EMBED_FRAME_ANCESTORS", default=["*"])

# ------------------------------------------------------------------------------
# Sources: manage.py check_sources (sources/linkcheck.py). A source that cannot be reached
# is marked "no longer online" only after this many failed checks in a row spanning at
# least this many days; a 404 or 410 marks it at once.
# ------------------------------------------------------------------------------
SOURCE_CHECK_FAILURES_BEFORE_REMOVED = env.int("SAGA_SOURCE_CHECK_FAILURES", default=3)
SOURCE_CHECK_FAILING_DAYS_BEFORE_REMOVED = env.int("SAGA_SOURCE_CHECK_FAILING_DAYS", default=7)
# Source addresses inside a private network (localhost, 10.x, 169.254.169.254...) are refused
# when saved and never fetched by the checker (sources/addresses.py). True lifts that: for
# tests against a local server, or a newsroom whose sources live on its own intranet.
SAGA_ALLOW_PRIVATE_URLS = env.bool("SAGA_ALLOW_PRIVATE_URLS", default=False)

# ------------------------------------------------------------------------------
# REST API
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON only: form encodings would turn every value into a string to be guessed at.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousClientThrottle"],
    # The client's address: REMOTE_ADDR, or behind proxies the entry they appended.
    "NUM_PROXIES": TLS_PROXY_COUNT,
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    # Only ?lang= picks a language; "format" would be one more parameter to document.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per period for anonymous clients, by address ("120/minute"; empty: no limit).
# Counted in the "throttle" cache, shared by every worker, on the client's real address.
SAGA_API_ANON_RATE = env("SAGA_API_ANON_RATE", default="120/minute") or None
# The same for anonymous readers of the public pages (feeds and sitemap included): generous,
# on in production, off in development (saga_cms/throttling.py).
SAGA_PAGE_ANON_RATE = env("SAGA_PAGE_ANON_RATE", default="" if DEBUG else "600/minute") or None
SAGA_API_PAGE_SIZE = env.int("SAGA_API_PAGE_SIZE", default=20)
SAGA_API_MAX_PAGE_SIZE = env.int("SAGA_API_MAX_PAGE_SIZE", default=100)
# How long shared caches may keep an anonymous response before revalidating (ETag).
SAGA_API_CACHE_SECONDS = env.int("SAGA_API_CACHE_SECONDS", default=60)
SPECTACULAR_SETTINGS = {
    "TITLE": "saga_cms API",
    "DESCRIPTION": _(
        "Sagas, their timelines of events, the people in them and the sources behind every "
        "claim.\n\n"
        "Anonymous clients read published content; signed-in users (header "
        "`Authorization: Token <key>`, keys issued in the admin) write with their admin "
        "rights. Texts come in the language of `?lang=` or `Accept-Language`; each object says "
        "which language its text is in and whether it is a fallback. Reads carry an `ETag` "
        "(send it in `If-None-Match` for a 304); every change to an existing object needs "
        "`If-Match` with the ETag you read (428 without it, 412 if someone changed it since)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "translations.machinery.language_choices",
        "SourceLanguageEnum": "sources.models.source_language_choices",
        "TranslationStateEnum": "translations.machinery.TranslationState",
        "TranslationStatusEnum": "translations.machinery.TranslationStatus",
        "TranslationOriginEnum": "translations.machinery.TranslationOrigin",
        "PublicationStateEnum": "core.publishing.PublicationState",
        "DatePrecisionEnum": "core.dates.DatePrecision",
        "OrganizationKindEnum": "people.models.OrganizationKind",
        "SourceKindEnum": "sources.models.SourceKind",
        "AvailabilityEnum": "sources.models.Availability",
        "InvolvementRoleEnum": "events.models.InvolvementRole",
        "StanceEnum": "events.models.Stance",
    },
}

# ------------------------------------------------------------------------------
# Logging: everything to stderr, where the process manager collects it; as JSON lines
# (core/logs.py) with DJANGO_LOG_FORMAT=json, for log collectors.
# ------------------------------------------------------------------------------
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="plain").lower()
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes announces its version whenever Django starts, management commands too.
        "axes.apps": {"level": "WARNING"},
        # JSON: Django's own handlers (its plain console while DEBUG, runserver's request
        # lines) give way to the one above, so every line is JSON.
        **(
            {
                "django": {"handlers": [], "level": "INFO", "propagate": True},
                "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            }
            if LOG_FORMAT == "json"
            else {}
        ),
    },
}
