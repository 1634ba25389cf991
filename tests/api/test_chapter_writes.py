"""Editors add and change chapters through the API, with If-Match like every other object."""

import pytest
from django.urls import reverse
from reversion.models import Version

from events.models import Chapter

pytestmark = pytest.mark.django_db


@pytest.fixture
def friday_url(saga):
    return reverse("api:chapter-detail", args=[saga.chapters.get(slug="friday").pk])


def test_an_editor_adds_a_chapter_and_gives_it_a_heading(editor_api, saga):
    created = editor_api.post(
        reverse("api:chapter-list"),
        {
            "saga": saga.slug,
            "slug": "weekend",
            "position": 3,
            "start_at": "2023-11-18T08:00:00Z",
            "end_at": "2023-11-20T07:59:59Z",
        },
        format="json",
    )

    assert created.status_code == 201, created.content
    chapter = created.json()
    assert (chapter["slug"], chapter["version"]) == ("weekend", 1)
    heading = editor_api.put(
        reverse("api:chapter-translation", args=[chapter["id"], "ja"]),
        {"heading": "週末", "status": "approved"},
        format="json",
        HTTP_IF_NONE_MATCH="*",
    )
    assert heading.status_code == 201, heading.content
    assert Chapter.objects.get(slug="weekend").translations.get().heading == "週末"


def test_an_editor_moves_a_chapter_and_the_change_is_a_revision(editor_api, friday_url):
    before = editor_api.get(friday_url)

    moved = editor_api.patch(
        friday_url, {"position": 7}, format="json", HTTP_IF_MATCH=before["ETag"]
    )

    assert moved.status_code == 200, moved.content
    assert (moved.json()["position"], moved.json()["version"]) == (7, 2)
    chapter = Chapter.objects.get(slug="friday")
    assert Version.objects.get_for_object(chapter).count() == 1


def test_a_chapter_changed_since_it_was_read_is_a_412_and_keeps_the_other_change(
    editor_api, friday_url
):
    stale = editor_api.get(friday_url)["ETag"]
    editor_api.patch(friday_url, {"position": 5}, format="json", HTTP_IF_MATCH=stale)

    late = editor_api.patch(friday_url, {"position": 9}, format="json", HTTP_IF_MATCH=stale)

    assert late.status_code == 412
    assert Chapter.objects.get(slug="friday").position == 5


def test_a_chapter_ending_before_it_starts_is_a_400_naming_the_rule(editor_api, friday_url):
    etag = editor_api.get(friday_url)["ETag"]

    response = editor_api.patch(
        friday_url + "?lang=en",
        {"end_at": "2023-11-01T00:00:00Z"},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 400
    assert "cannot end before it starts" in str(response.json())
    assert Chapter.objects.get(slug="friday").end_at is None


def test_a_second_chapter_with_the_same_slug_in_a_saga_is_a_400(editor_api, saga):
    response = editor_api.post(
        reverse("api:chapter-list") + "?lang=en",
        {"saga": saga.slug, "slug": "friday", "start_at": "2023-11-17T08:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    assert "already has a chapter with this slug" in str(response.json())


@pytest.mark.parametrize("client_name", ["translator_api", "reviewer_api", "anonymous"])
def test_only_editors_change_chapters(request, client_name, friday_url, saga):
    client = request.getfixturevalue(client_name)
    etag = client.get(friday_url)["ETag"]

    changed = client.patch(friday_url, {"position": 4}, format="json", HTTP_IF_MATCH=etag)
    added = client.post(
        reverse("api:chapter-list"),
        {"saga": saga.slug, "slug": "sneaky", "start_at": "2023-11-18T08:00:00Z"},
        format="json",
    )

    assert changed.status_code in (401, 403)
    assert added.status_code in (401, 403)
    assert not Chapter.objects.filter(slug="sneaky").exists()
    assert Chapter.objects.get(slug="friday").position == 1
