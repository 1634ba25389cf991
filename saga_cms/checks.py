"""
Deployment checks (``manage.py check --deploy``) for settings that are unsafe in production
and that Django's own checks do not know about. Each names the setting to change.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = ("LocMemCache", "DummyCache")


def _process_local(alias: str) -> bool:
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    return backend.endswith(PROCESS_LOCAL_CACHES)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """More than one worker with a cache each keeps its own copy of every answer (still fresh:
    versions are in the database, core.freshness) and builds each answer once per worker."""
    warnings = []
    workers = getattr(settings, "SAGA_WORKERS", 1)
    if workers > 1 and _process_local("default"):
        warnings.append(
            Warning(
                f"SAGA_WORKERS (or WEB_CONCURRENCY) is {workers} but the cache is local to "
                "each process: each worker would keep its own copy of pages and API answers.",
                hint="Set CACHE_URL (or REDIS_URL) to a cache every worker shares, such as "
                "redis://host:6379/0.",
                id="saga_cms.W001",
            )
        )
    if _process_local("throttle"):
        warnings.append(
            Warning(
                "The rate-limit counters are kept per process: each worker would allow the "
                "full rate.",
                hint="Leave CACHES['throttle'] to the settings (a database table or the shared "
                "cache).",
                id="saga_cms.W002",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def check_proxy_settings(app_configs, **kwargs):
    """Rate limits and lock-outs must find the client's address the same way, behind proxies."""
    count = getattr(settings, "TLS_PROXY_COUNT", 0)
    behind = getattr(settings, "BEHIND_TLS_PROXY", False)
    problems = []
    if behind and count < 1:
        problems.append("DJANGO_TLS_PROXY_COUNT must be at least 1 behind a proxy")
    if settings.REST_FRAMEWORK.get("NUM_PROXIES") != count:
        problems.append(
            f"REST_FRAMEWORK['NUM_PROXIES'] is {settings.REST_FRAMEWORK.get('NUM_PROXIES')!r}, "
            f"not {count}"
        )
    if behind:
        if getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) != count - 1:
            problems.append(f"AXES_IPWARE_PROXY_COUNT is not {count - 1}")
        if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is None:
            problems.append("SECURE_PROXY_SSL_HEADER is not set")
        try:
            import ipware  # noqa: F401
        except ImportError:
            problems.append("django-ipware is not installed, so log-in lock-outs count the proxy")
    elif getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None:
        problems.append("SECURE_PROXY_SSL_HEADER is set but DJANGO_BEHIND_TLS_PROXY is not")
    if not problems:
        return []
    return [
        Warning(
            "The proxy settings do not match each other: " + "; ".join(problems) + ".",
            hint="Set DJANGO_BEHIND_TLS_PROXY=true and DJANGO_TLS_PROXY_COUNT to the number of "
            "proxies in front of the site, and leave the settings they derive alone "
            "(see SECURITY.md).",
            id="saga_cms.W003",
        )
    ]


@register(Tags.security, deploy=True)
def check_rate_limits(app_configs, **kwargs):
    rates = ("SAGA_API_ANON_RATE", "SAGA_PAGE_ANON_RATE")
    off = [name for name in rates if not getattr(settings, name)]
    if not off:
        return []
    return [
        Warning(
            f"Rate limits are off ({', '.join(off)} empty): one client can keep every worker busy.",
            hint="Set them to a rate such as 120/minute (API) and 600/minute (pages).",
            id="saga_cms.W004",
        )
    ]
