"""What readers (anonymous clients) and staff read: every resource, published content only."""

import pytest
from django.urls import reverse

from events.models import Citation, Event, Involvement

pytestmark = pytest.mark.django_db


def event_url(saga, slug, **query):
    event = Event.objects.get(saga=saga, slug=slug)
    url = reverse("api:event-detail", args=[event.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_the_api_root_lists_the_six_resources(anonymous):
    response = anonymous.get("/api/v1/")

    assert response.status_code == 200
    assert set(response.json()) == {
        "sagas",
        "chapters",
        "events",
        "people",
        "organizations",
        "sources",
    }


def test_readers_list_only_published_events(anonymous, saga):
    response = anonymous.get(reverse("api:event-list"))

    assert response.status_code == 200
    assert slugs(response) == ["fired", "return"]
    assert response.json()["count"] == 2


def test_a_draft_event_answers_404_to_readers_and_200_to_staff(anonymous, editor_api, saga):
    url = event_url(saga, "draft-event")

    assert anonymous.get(url).status_code == 404
    assert editor_api.get(url).status_code == 200


def test_a_draft_saga_hides_itself_and_its_events_from_readers(anonymous, saga):
    saga.state = "draft"
    saga.save()

    assert anonymous.get(reverse("api:saga-detail", args=[saga.slug])).status_code == 404
    assert anonymous.get(reverse("api:event-list")).json()["count"] == 0
    assert anonymous.get(reverse("api:chapter-list")).json()["count"] == 0


def test_an_event_embeds_its_people_with_their_role_then_and_its_citations(anonymous, saga):
    event = anonymous.get(event_url(saga, "fired", lang="en")).json()

    assert event["headline"] == "Altman fired"
    assert event["start"] == "2023-11-17T12:28-08:00"
    assert event["start_at"] is None  # the exact instant is for staff
    [involved] = event["people"]
    assert involved["person"]["name"] == "Mira Murati"
    assert involved["role"] == "actor"
    assert [role["title"] for role in involved["roles_then"]] == ["interim chief executive"]
    assert involved["roles_then"][0]["organization"]["name"] == "OpenAI"
    assert involved["roles_then"][0]["start"] == "2023-11-17"
    [citation] = event["citations"]
    assert citation["original_quote"] == "Sam Altman is out"
    assert citation["source"]["title"] == "Sam Altman fired"
    assert citation["source"]["publisher"]["name"] == "The Verge"
    assert citation["source"]["availability"] == "unknown"


@pytest.mark.parametrize("lang", ["ja", "en", "all"])
def test_a_list_shows_each_event_as_its_own_address_does(anonymous, editor_api, saga, lang):
    # A list fetches the people and sources its events share once (events.api_shapes) and
    # represents each once (api.reading): every event still reads as its detail does.
    fired = Event.objects.get(saga=saga, slug="fired")
    back = Event.objects.get(saga=saga, slug="return")
    Involvement.objects.create(event=back, person=fired.people.get(), role="mentioned")
    for client in (anonymous, editor_api):
        listed = client.get(reverse("api:event-list") + f"?saga={saga.slug}&lang={lang}").json()
        assert len(listed["results"]) == (3 if client is editor_api else 2)
        for payload in listed["results"]:
            detail = client.get(reverse("api:event-detail", args=[payload["id"]]) + f"?lang={lang}")
            assert payload == detail.json()
    roles_then = {
        e["slug"]: len(e["people"][0]["roles_then"]) for e in listed["results"] if e["people"]
    }
    assert roles_then == {"fired": 1, "return": 0}  # the one person, in office then, not later


def test_each_answer_is_told_for_its_own_reader_and_language(anonymous, editor_api, saga):
    # The serializers' fields are built once per process and reused by later answers
    # (api.reading): each answer still reads its own request's reader and language.
    Citation.objects.filter(event__slug="fired").update(note="Checked twice.")

    staff = editor_api.get(event_url(saga, "fired", lang="en")).json()
    reader = anonymous.get(event_url(saga, "fired", lang="ja")).json()

    assert (staff["headline"], reader["headline"]) == ("Altman fired", "アルトマン氏解任")
    assert staff["citations"][0]["note"] == "Checked twice."
    assert reader["citations"][0]["note"] is None
    assert staff["start_at"] is not None and reader["start_at"] is None
    assert reader["people"][0]["person"]["name"] == "ミラ・ムラティ"
    assert staff["people"][0]["roles_then"][0]["start"] == "2023-11-17"  # Los Angeles


def test_a_day_precision_event_is_never_shown_more_precisely(anonymous, saga):
    event = anonymous.get(event_url(saga, "return")).json()

    assert event["start"] == "2023-11-21"  # 06:00 UTC is the 21st in Los Angeles
    assert event["precision"] == "day"


def test_every_resource_has_a_list_and_a_detail(anonymous, saga):
    chapter = saga.chapters.get(slug="friday")
    for name, key in [
        ("saga", saga.slug),
        ("chapter", chapter.pk),
        ("person", "mira-murati"),
        ("organization", "openai"),
        ("source", "verge-report"),
    ]:
        assert anonymous.get(reverse(f"api:{name}-list")).status_code == 200, name
        assert anonymous.get(reverse(f"api:{name}-detail", args=[key])).status_code == 200, name


def test_a_saga_lists_its_chapters_and_links_its_timeline(anonymous, saga):
    body = anonymous.get(reverse("api:saga-detail", args=[saga.slug]) + "?lang=en").json()

    assert body["title"] == "OpenAI turmoil"
    assert [c["heading"] for c in body["chapters"]] == ["Friday: fired", "復帰"]
    assert body["timelinejs_url"].endswith(f"/api/v1/sagas/{saga.slug}/timelinejs/")


def test_a_person_lists_every_role_they_held(anonymous, saga):
    body = anonymous.get(reverse("api:person-detail", args=["mira-murati"])).json()

    assert [role["title"] for role in body["roles"]] == [
        "chief technology officer",
        "interim chief executive",
    ]
    assert body["roles"][0]["start"] is None


def test_the_newsroom_note_on_a_source_is_for_staff_only(anonymous, editor_api, saga):
    source = saga.events.get(slug="fired").citations.get().source
    source.note = "Ask the desk before quoting."
    source.save()
    url = reverse("api:source-detail", args=[source.slug])

    assert anonymous.get(url).json()["note"] is None
    assert editor_api.get(url).json()["note"] == "Ask the desk before quoting."


def test_staff_see_draft_text_labelled_with_its_status(editor_api, saga):
    body = editor_api.get(event_url(saga, "draft-event")).json()

    assert body["headline"] == "下書き"
    assert body["translation_status"] == "draft"
    assert body["start_at"] == "2023-11-20T12:00:00Z"


def test_a_path_the_api_does_not_have_is_a_json_404(anonymous):
    response = anonymous.get("/api/v1/events/0.5/translations/en/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_browsable_api_renders_for_staff(editor_api, saga):
    event = saga.events.get(slug="fired")
    for url in [
        reverse("api:event-list"),
        reverse("api:event-detail", args=[event.pk]),
        reverse("api:event-translation", args=[event.pk, "en"]),
        reverse("api:saga-detail", args=[saga.slug]),
        reverse("api:source-list"),
    ]:
        response = editor_api.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert b"<html" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/sagas/a%00b/",
        "/api/v1/people/a%00b/translations/en/",
        "/api/v1/events/x/",
        "/api/v1/events/a%0Ab/translations/en/",
    ],
)
def test_an_address_no_object_can_have_is_a_json_404(anonymous, path):
    response = anonymous.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
