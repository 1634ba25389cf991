"""Production settings: check --deploy is clean, and every response carries the headers."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.urls import reverse

from tests.security.csp import csp_directives, csp_violations

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-key-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "saga.example.org",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "ALLOWED_HOSTS",
]


def run_python(*args, env=PRODUCTION_ENV):
    return subprocess.run(
        [sys.executable, *args],
        cwd=django_settings.BASE_DIR,
        env={
            **os.environ,
            **env,
            "DATABASE_URL": "sqlite:///:memory:",
            "DJANGO_SETTINGS_MODULE": "saga_cms.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production_settings():
    """The security settings settings.py computes from the production environment."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def in_production(settings, production_settings):
    for name, value in production_settings.items():
        setattr(settings, name, value)
    return settings


def test_check_deploy_is_clean_in_production_settings():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_the_secure_ones(production_settings):
    assert production_settings == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "X_FRAME_OPTIONS": "DENY",
        "ALLOWED_HOSTS": ["saga.example.org"],
    }


def test_plain_http_is_redirected_to_https(client, in_production):
    response = client.get("/admin/login/", HTTP_HOST="saga.example.org")

    assert response.status_code == 301
    assert response["Location"] == "https://saga.example.org/admin/login/"


def test_https_responses_carry_the_security_headers(client, in_production):
    response = client.get("/admin/login/", HTTP_HOST="saga.example.org", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response
    assert "Content-Security-Policy-Report-Only" not in response


def test_unknown_hosts_are_refused(client, in_production):
    assert client.get("/admin/login/", HTTP_HOST="evil.example.com", secure=True).status_code == 400


def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(
    client, editor, in_production
):
    login = reverse("admin:login")
    client.get(login, HTTP_HOST="saga.example.org", secure=True)
    response = client.post(
        login,
        {"username": "desk", "password": "desk-password-1"},
        HTTP_HOST="saga.example.org",
        secure=True,
    )

    assert response.status_code == 302
    session, csrf = response.cookies["sessionid"], client.cookies["csrftoken"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert csrf["secure"]


def test_the_policy_allows_only_this_sites_own_files(client):
    policy = csp_directives(client.get("/admin/login/")["Content-Security-Policy"])

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    header = " ".join(sum(policy.values(), []))
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def admin_pages():
    """Yield (URL, whether the page must exist): the index, every list and add form."""
    yield reverse("admin:index"), True
    for model in admin.site._registry:
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"), True
        # Some models are only added from another page (403 or 404 here): nothing to render.
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add"), False


def test_the_admin_log_in_page_works_under_the_policy(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert csp_violations(response.text) == []


def test_every_admin_list_and_form_works_under_the_policy(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", password="pw"))
    problems = {}
    for url, required in admin_pages():
        response = client.get(url)
        if not required and response.status_code in (403, 404):
            continue
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        problems[url] = csp_violations(response.text)

    assert len(problems) > 20
    assert {url: found for url, found in problems.items() if found} == {}


def test_the_scanner_finds_what_the_policy_blocks():
    page = """
        <script>alert(1)</script>
        <script type="application/json" id="data">{"a": 1}</script>
        <script src="/static/app.js"></script>
        <script src="https://cdn.example.com/x.js"></script>
        <p style="color: red" onclick="go()"><a href="javascript:go()">x</a></p>
        <style>p {}</style>
        <link rel="stylesheet" href="//fonts.example.com/f.css">
        <img src="data:image/png;base64,AAAA">
    """

    assert csp_violations(page) == [
        "inline <script>: 'alert(1)'",
        "<script src=“https://cdn.example.com/x.js”> from another origin",
        "<p style=…> inline style",
        "<p onclick=…> event handler attribute",
        "<a href=“javascript:go()”> javascript: URL",
        "<style> element",
        "<link href=“//fonts.example.com/f.css”> from another origin",
        "<img src=“data:image/png;base64,AAAA”> from another origin",
    ]
