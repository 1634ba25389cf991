"""The OpenAPI schema validates and says what the API does; docs work offline; rate limits."""

import re

import pytest
import yaml
from django.urls import reverse
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get(reverse("api:schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_documents_every_event_filter(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}

    assert names >= {
        "saga",
        "chapter",
        "date_after",
        "date_before",
        "person",
        "organization",
        "tag",
        "q",
        "translation_status",
        "state",
        "ordering",
        "page",
        "page_size",
        "lang",
        "Accept-Language",
        "If-None-Match",
    }


def test_the_schema_documents_languages_preconditions_and_errors(schema):
    paths = schema["paths"]
    listing = paths["/api/v1/events/"]["get"]
    lang = next(p for p in listing["parameters"] if p["name"] == "lang")
    assert set(lang["schema"]["enum"]) == {"ja", "en", "all"}
    assert set(listing["responses"]) >= {"200", "304", "400", "404", "429"}
    change = paths["/api/v1/events/{id}/"]["patch"]
    assert "If-Match" in {p["name"] for p in change["parameters"]}
    assert set(change["responses"]) >= {"200", "400", "401", "403", "404", "412", "428"}
    text = paths["/api/v1/events/{id}/translations/{language}/"]
    assert set(text) >= {"get", "put", "patch"}
    assert "201" in text["put"]["responses"]
    size = next(p for p in listing["parameters"] if p["name"] == "page_size")
    assert size["schema"]["maximum"] == 100


def test_the_timeline_export_is_described(schema):
    operation = schema["paths"]["/api/v1/sagas/{slug}/timelinejs/"]["get"]
    lang = next(p for p in operation["parameters"] if p["name"] == "lang")

    assert "all" not in lang["schema"]["enum"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Timeline"
    }


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_the_documentation_pages_use_only_local_scripts_the_policy_allows(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "<script>" not in page  # no inline script: the CSP runs only the site's files
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"(src|href)=\"https?://", page)  # works offline


def test_swagger_ui_gets_its_set_up_as_a_script_of_its_own(client):
    response = client.get(reverse("api:docs") + "?script=")

    assert response["Content-Type"] == "application/javascript"
    assert "/api/schema/" in response.content.decode()


def test_anonymous_clients_are_throttled_at_the_configured_rate(anonymous, settings, saga):
    settings.SAGA_API_ANON_RATE = "3/minute"
    url = reverse("api:saga-list")

    answers = [anonymous.get(url).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert "Retry-After" in anonymous.get(url)


def test_signed_in_clients_are_not_throttled_as_anonymous(editor_api, settings, saga):
    settings.SAGA_API_ANON_RATE = "1/minute"
    url = reverse("api:saga-list")

    assert [editor_api.get(url).status_code for _ in range(3)] == [200, 200, 200]


def test_the_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))

    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")
