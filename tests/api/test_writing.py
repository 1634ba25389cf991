"""Editors' writes: facts, people, citations, state; every bad input is a 400, never a 500."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def etag(client, url):
    return client.get(url)["ETag"]


def patch(client, url, payload):
    return client.patch(url, payload, format="json", HTTP_IF_MATCH=etag(client, url))


@pytest.fixture
def fired_url(saga):
    return reverse("api:event-detail", args=[saga.events.get(slug="fired").pk]) + "?lang=en"


def test_an_editor_adds_an_event_with_its_text_people_and_citation_then_publishes_it(
    editor_api, saga
):
    created = editor_api.post(
        reverse("api:event-list") + "?lang=en",
        {
            "saga": saga.slug,
            "slug": "microsoft",
            "start_at": "2023-11-20T07:53:00Z",
            "precision": "time",
            "original_language": "ja",
            "chapter": saga.chapters.get(slug="return").pk,
            "tags": ["board"],
            "people": [{"person": "mira-murati", "role": "mentioned"}],
            "citations": [{"source": "verge-report", "quote": "Microsoft hires Altman"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    event = created.json()
    assert event["state"] == "draft"
    assert [p["person"]["slug"] for p in event["people"]] == ["mira-murati"]
    assert event["citations"][0]["original_quote"] == "Microsoft hires Altman"

    text_url = reverse("api:event-translation", args=[event["id"], "ja"])
    text = editor_api.put(
        text_url,
        {"headline": "マイクロソフトが採用", "status": "approved"},
        format="json",
        HTTP_IF_NONE_MATCH="*",
    )
    assert text.status_code == 201
    published = patch(editor_api, event["url"], {"state": "published"})

    assert published.status_code == 200, published.content
    assert published.json()["state"] == "published"


def test_publishing_an_event_that_cites_nothing_is_refused_naming_why(editor_api, saga):
    created = editor_api.post(
        reverse("api:event-list") + "?lang=en",
        {
            "saga": saga.slug,
            "slug": "rumour",
            "start_at": "2023-11-18T00:00:00Z",
            "original_language": "ja",
        },
        format="json",
    )
    event = created.json()

    response = patch(editor_api, event["url"] + "?lang=en", {"state": "published"})

    assert response.status_code == 400
    assert "cites no source" in response.json()["state"][0]
    assert Event.objects.get(slug="rumour").state == "draft"


def test_citations_are_replaced_keeping_the_ones_named_by_id(editor_api, fired_url):
    kept = editor_api.get(fired_url).json()["citations"][0]
    other = SourceFactory(slug="nyt")

    response = patch(
        editor_api,
        fired_url,
        {
            "citations": [
                {"source": "nyt", "stance": "disputes", "note": "says Saturday"},
                {"id": kept["id"], "source": "verge-report", "quote": kept["original_quote"]},
            ]
        },
    )

    assert response.status_code == 200
    citations = response.json()["citations"]
    assert [(c["source"]["slug"], c["stance"]) for c in citations] == [
        (other.slug, "disputes"),
        ("verge-report", "supports"),
    ]
    assert citations[1]["id"] == kept["id"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"start_at": "the 17th"}, "start_at"),
        ({"end_at": "2023-11-01T00:00:00Z"}, "non_field_errors"),
        ({"precision": "second"}, "precision"),
        ({"chapter": 999999}, "chapter"),
        ({"saga": "another"}, "saga"),
        ({"tags": ["no-such-tag"]}, "tags"),
        ({"people": [{"person": "nobody", "role": "actor"}]}, "people"),
        ({"people": [{"person": "mira-murati", "role": "villain"}]}, "people"),
        (
            {
                "citations": [
                    {"id": "3f1c1f4e-2a4f-4b8e-9d3c-1a2b3c4d5e6f", "source": "verge-report"}
                ]
            },
            "citations",
        ),
        ({"slug": "return"}, "non_field_errors"),
        ({"state": "archived"}, "state"),
    ],
)
def test_bad_facts_are_a_400_naming_the_field_and_change_nothing(
    editor_api, saga, fired_url, payload, field
):
    before = Event.objects.get(slug="fired").version

    response = patch(editor_api, fired_url, payload)

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Event.objects.get(slug="fired").version == before


def test_a_chapter_of_another_saga_is_refused(editor_api, fired_url):
    from tests.factories import ChapterFactory

    response = patch(editor_api, fired_url, {"chapter": ChapterFactory().pk})

    assert response.status_code == 400
    assert response.json()["chapter"] == ["This chapter belongs to another saga."]


def test_malformed_json_is_a_400(editor_api, fired_url):
    response = editor_api.patch(
        fired_url,
        data="{not json",
        content_type="application/json",
        HTTP_IF_MATCH=etag(editor_api, fired_url),
    )

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_body_that_is_not_an_object_is_a_400(editor_api, fired_url):
    response = editor_api.patch(
        fired_url,
        data="[1, 2]",
        content_type="application/json",
        HTTP_IF_MATCH=etag(editor_api, fired_url),
    )

    assert response.status_code == 400


def test_an_empty_required_text_is_a_400(editor_api, saga):
    url = reverse("api:event-translation", args=[saga.events.get(slug="fired").pk, "en"])

    response = patch(editor_api, url, {"headline": "  "})

    assert response.status_code == 400
    assert "headline" in response.json()


def test_an_unknown_language_in_a_text_path_is_a_400(editor_api, saga):
    url = reverse("api:event-translation", args=[saga.events.get(slug="fired").pk, "xx"])

    response = editor_api.get(url)

    assert response.status_code == 400
    assert "language" in response.json()


def test_editors_change_sagas_people_organisations_and_sources(editor_api, saga):
    for url, payload in [
        (reverse("api:saga-detail", args=[saga.slug]), {"time_zone": "America/New_York"}),
        (reverse("api:person-detail", args=["mira-murati"]), {"wikidata_qid": "Q7407093"}),
        (reverse("api:organization-detail", args=["openai"]), {"website": "https://openai.com"}),
        (reverse("api:source-detail", args=["verge-report"]), {"availability": "removed"}),
    ]:
        response = patch(editor_api, url, payload)
        assert response.status_code == 200, (url, response.content)
        key, value = next(iter(payload.items()))
        assert response.json()[key] == value


def test_a_bad_time_zone_or_wikidata_id_is_a_400(editor_api, saga):
    saga_url = reverse("api:saga-detail", args=[saga.slug])
    person_url = reverse("api:person-detail", args=["mira-murati"])

    assert "time_zone" in patch(editor_api, saga_url, {"time_zone": "Mars/Olympus"}).json()
    assert "wikidata_qid" in patch(editor_api, person_url, {"wikidata_qid": "7407093"}).json()


def test_editors_add_people_and_sources(editor_api):
    person = editor_api.post(
        reverse("api:person-list"),
        {"slug": "ilya-sutskever", "original_language": "en"},
        format="json",
    )
    source = editor_api.post(
        reverse("api:source-list"),
        {"slug": "memo", "title": "Memo", "kind": "document", "publisher": None},
        format="json",
    )

    assert (person.status_code, source.status_code) == (201, 201)
    assert person.json()["translation_status"] == "missing"


def test_text_given_as_a_number_is_a_400(editor_api):
    response = editor_api.post(
        reverse("api:person-list"), {"slug": 0, "original_language": "en"}, format="json"
    )

    assert response.status_code == 400
    assert "slug" in response.json()


def test_a_write_answers_with_the_object_as_a_read_shows_it(editor_api, saga):
    response = editor_api.post(
        reverse("api:source-list"),
        {"slug": "memo-2", "title": "Memo", "kind": "document", "publisher": "the-verge"},
        format="json",
    )

    assert response.json()["publisher"]["slug"] == "the-verge"
    assert response["ETag"].startswith('"1-')


def test_a_source_without_an_address_has_a_null_url_and_many_may(editor_api):
    for slug in ("memo-a", "memo-b"):
        response = editor_api.post(
            reverse("api:source-list"),
            {"slug": slug, "title": "Memo", "kind": "document", "url": ""},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["url"] is None


def test_a_bad_body_is_a_400_before_any_precondition_is_looked_at(editor_api, saga):
    url = reverse("api:event-translation", args=[saga.events.get(slug="fired").pk, "en"])

    response = editor_api.put(url, {}, format="json", HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 400
    assert "headline" in response.json()


@pytest.mark.parametrize(
    "payload",
    [
        {"tags": ["board\x00"]},
        {"tags": [7]},
        {"citations": [{"id": 7, "source": "verge-report"}]},
        {"people": [{"person": ["mira-murati"], "role": "actor"}]},
    ],
)
def test_references_that_are_not_plain_strings_are_a_400(editor_api, fired_url, payload):
    response = patch(editor_api, fired_url, payload)

    assert response.status_code == 400, response.content


def test_an_instant_without_its_offset_is_a_400(editor_api, fired_url):
    response = patch(editor_api, fired_url, {"start_at": "2023-11-17 12:28"})

    assert response.status_code == 400
    assert "start_at" in response.json()


def test_if_none_match_on_a_write_can_only_be_a_star(editor_api, saga):
    url = reverse("api:event-translation", args=[saga.events.get(slug="return").pk, "en"])

    response = editor_api.put(url, {"headline": "Back"}, format="json", HTTP_IF_NONE_MATCH='"7"')

    assert response.status_code == 400
    assert "If-None-Match" in response.json()


@pytest.mark.parametrize("minor, english_state", [(True, "approved"), (False, "stale")])
def test_an_editor_fixing_a_typo_in_the_original_keeps_translations_current(
    editor_api, saga, minor, english_state
):
    fired = saga.events.get(slug="fired")
    original = reverse("api:event-translation", args=[fired.pk, "ja"])

    response = patch(
        editor_api, original, {"summary": "取締役会が発表した。", "minor_change": minor}
    )

    assert response.status_code == 200, response.content
    english = editor_api.get(reverse("api:event-translation", args=[fired.pk, "en"])).json()
    assert english["state"] == english_state


def test_only_editors_save_a_minor_change(translator_api, editor_api, saga):
    url = reverse("api:event-translation", args=[saga.events.get(slug="fired").pk, "en"])

    response = translator_api.patch(
        url,
        {"summary": "x", "minor_change": True},
        format="json",
        HTTP_IF_MATCH=etag(editor_api, url),
    )

    assert response.status_code == 403


def test_a_body_that_is_not_json_is_a_415(editor_api, fired_url):
    response = editor_api.patch(
        fired_url, {"position": "3"}, format="multipart", HTTP_IF_MATCH=etag(editor_api, fired_url)
    )

    assert response.status_code == 415


@pytest.mark.parametrize(
    "payload", [{"position": "3"}, {"is_approximate": "yes"}, {"chapter": "1"}, {"position": 2.5}]
)
def test_values_of_another_json_type_are_a_400(editor_api, fired_url, payload):
    response = patch(editor_api, fired_url, payload)

    assert response.status_code == 400
    assert next(iter(payload)) in response.json()
