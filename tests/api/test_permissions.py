"""
The permission matrix: anonymous clients read; editors change facts, text and state;
translators write text in their languages only; reviewers also approve there.
"""

import pytest
from django.urls import reverse

from events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(anonymous, editor_api, translator_api, reviewer_api):
    return {
        "anonymous": anonymous,
        "editor": editor_api,
        "translator": translator_api,
        "reviewer": reviewer_api,
    }


def etag(url, editor_api):
    return editor_api.get(url)["ETag"]


def text_url(saga, slug, language):
    return reverse("api:event-translation", args=[saga.events.get(slug=slug).pk, language])


def event_url(saga, slug):
    return reverse("api:event-detail", args=[saga.events.get(slug=slug).pk])


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 401), ("editor", 200), ("translator", 403), ("reviewer", 403)],
)
def test_only_editors_change_an_events_facts(clients, editor_api, saga, who, expected):
    url = event_url(saga, "fired")

    response = clients[who].patch(
        url, {"is_approximate": True}, format="json", HTTP_IF_MATCH=etag(url, editor_api)
    )

    assert response.status_code == expected


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 401), ("editor", 201), ("translator", 403), ("reviewer", 403)],
)
def test_only_editors_add_events(clients, saga, who, expected):
    payload = {
        "saga": saga.slug,
        "slug": "new",
        "start_at": "2023-11-18T10:00:00Z",
        "original_language": "ja",
    }

    assert clients[who].post(reverse("api:event-list"), payload, format="json").status_code == (
        expected
    )


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 401), ("editor", 204), ("translator", 403), ("reviewer", 403)],
)
def test_only_editors_delete_events(clients, editor_api, saga, who, expected):
    url = event_url(saga, "fired")

    response = clients[who].delete(url, HTTP_IF_MATCH=etag(url, editor_api))

    assert response.status_code == expected
    assert Event.objects.filter(slug="fired").exists() == (expected != 204)


@pytest.mark.parametrize(
    "who, language, expected",
    [
        ("anonymous", "en", 401),
        ("editor", "en", 200),
        ("editor", "ja", 200),
        ("translator", "en", 200),
        ("translator", "ja", 403),
        ("reviewer", "en", 200),
        ("reviewer", "ja", 403),
    ],
)
def test_text_is_written_only_in_ones_own_languages(
    clients, editor_api, saga, who, language, expected
):
    url = text_url(saga, "fired", language)

    response = clients[who].patch(
        url, {"summary": "…"}, format="json", HTTP_IF_MATCH=etag(url, editor_api)
    )

    assert response.status_code == expected


@pytest.mark.parametrize("who, expected", [("editor", 200), ("translator", 403), ("reviewer", 200)])
def test_approving_takes_a_reviewer_in_that_language_or_an_editor(
    clients, editor_api, saga, who, expected
):
    url = text_url(saga, "fired", "en")
    editor_api.patch(
        url, {"status": "in_review"}, format="json", HTTP_IF_MATCH=etag(url, editor_api)
    )

    response = clients[who].patch(
        url, {"status": "approved"}, format="json", HTTP_IF_MATCH=etag(url, editor_api)
    )

    assert response.status_code == expected


def test_a_translators_change_to_an_approved_text_goes_back_to_review(
    translator_api, editor_api, saga
):
    url = text_url(saga, "fired", "en")

    body = translator_api.patch(
        url, {"headline": "Altman ousted"}, format="json", HTTP_IF_MATCH=etag(url, editor_api)
    ).json()

    assert (body["headline"], body["status"]) == ("Altman ousted", "in_review")


def test_a_translator_creates_a_text_in_their_language(translator_api, saga):
    url = text_url(saga, "return", "en")

    response = translator_api.put(
        url,
        {
            "headline": "Altman returns",
            "status": "draft",
            "origin": "machine",
            "origin_detail": "DeepL",
        },
        format="json",
        HTTP_IF_NONE_MATCH="*",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["origin"], body["origin_detail"]) == ("draft", "machine", "DeepL")
    assert body["state"] == "draft"


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 401), ("editor", 200), ("translator", 403), ("reviewer", 403)],
)
def test_only_editors_publish(clients, editor_api, saga, who, expected):
    url = event_url(saga, "fired")
    editor_api.patch(url, {"state": "draft"}, format="json", HTTP_IF_MATCH=etag(url, editor_api))

    response = clients[who].patch(
        url, {"state": "published"}, format="json", HTTP_IF_MATCH=etag(url, editor_api)
    )

    assert response.status_code == expected


def test_readers_read_only_approved_texts_one_by_one(anonymous, editor_api, saga):
    assert anonymous.get(text_url(saga, "fired", "en")).status_code == 200
    assert anonymous.get(text_url(saga, "return", "en")).status_code == 404
    assert anonymous.get(text_url(saga, "draft-event", "ja")).status_code == 404
    assert editor_api.get(text_url(saga, "draft-event", "ja")).status_code == 200


def test_a_user_without_a_role_reads_like_a_reader_and_writes_nothing(make_client, saga):
    nobody = make_client("nobody")
    url = text_url(saga, "fired", "en")

    assert nobody.get(event_url(saga, "draft-event")).status_code == 404
    assert nobody.patch(
        url, {"summary": "x"}, format="json", HTTP_IF_MATCH='"1-a"'
    ).status_code == (403)


def test_editors_and_translators_use_the_same_rules_for_sagas_and_people(
    translator_api, editor_api, saga
):
    saga_text = reverse("api:saga-translation", args=[saga.slug, "en"])
    person_text = reverse("api:person-translation", args=["mira-murati", "ja"])
    chapter_text = reverse("api:chapter-translation", args=[saga.chapters.first().pk, "en"])

    for url in (saga_text, chapter_text):
        response = translator_api.patch(
            url, {"status": "in_review"}, format="json", HTTP_IF_MATCH=etag(url, editor_api)
        )
        assert response.status_code == 200, url
    response = translator_api.patch(
        person_text,
        {"name": "ムラティ"},
        format="json",
        HTTP_IF_MATCH=etag(person_text, editor_api),
    )
    assert response.status_code == 403
