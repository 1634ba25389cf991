"""
Finding 7: a translator working in an event's original language must not take its published
text away from readers. The change waits for review; until a reviewer approves it, pages, the
API, the feed, search and the TimelineJS export keep showing the last approved text.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client, TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import LanguageAssignment

pytestmark = pytest.mark.django_db

OLD = "取締役会がアルトマン氏を解任"
NEW = "下書き：まだ確認されていない見出し"


def api_client(django_user_model, name, group, language):
    user = django_user_model.objects.create_user(name, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    LanguageAssignment.objects.create(user=user, language_code=language)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def write(client, url, payload):
    etag = client.get(url)["ETag"]
    # The page cache starts a new content version when the change commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.patch(url, payload, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    return response.json()


def as_text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def reader_views(story) -> dict[str, str]:
    """What an anonymous reader gets, in Japanese, from every surface showing the event."""
    reader = Client()
    api = APIClient()
    event = story.fired.pk
    return {
        "page": reader.get(f"/ja/sagas/openai-2023/{story.fired.slug}/").content.decode(),
        "timeline page": reader.get("/ja/sagas/openai-2023/").content.decode(),
        "feed": reader.get("/ja/sagas/openai-2023/atom.xml").content.decode(),
        "search": reader.get("/ja/search/", {"q": "アルトマン氏を解任"}).content.decode(),
        "api": as_text(api.get(f"/api/v1/events/{event}/?lang=ja")),
        "api text": as_text(api.get(f"/api/v1/events/{event}/translations/ja/")),
        "timelinejs": as_text(api.get("/api/v1/sagas/openai-2023/timelinejs/?lang=ja")),
    }


def test_a_change_in_the_original_language_waits_for_review_without_blanking_the_event(
    story, django_user_model
):
    translator = api_client(django_user_model, "ja-translator", "Translators", "ja")
    url = reverse("api:event-translation", args=[story.fired.pk, "ja"])
    assert story.fired.original_language == "ja"

    saved = write(translator, url, {"headline": NEW})
    assert saved["status"] == "in_review"  # the translator cannot approve it

    for surface, body in reader_views(story).items():
        assert OLD in body, surface
        assert NEW not in body, surface
    shown = APIClient().get(f"/api/v1/events/{story.fired.pk}/?lang=ja").json()
    assert (shown["headline"], shown["translation_status"]) == (OLD, "approved")
    # English readers still get their own approved translation; a Japanese-only event
    # changed the same way keeps its approved Japanese text as their fallback.
    reaction_url = reverse("api:event-translation", args=[story.reaction.pk, "ja"])
    old_reaction = APIClient().get(reaction_url).json()["headline"]
    write(translator, reaction_url, {"headline": "未確認の書き換え"})
    english = APIClient().get(f"/api/v1/events/{story.reaction.pk}/?lang=en").json()
    assert (english["headline"], english["is_fallback"]) == (old_reaction, True)

    # Editors see the change waiting for review.
    editor = api_client(django_user_model, "desk", "Editors", "ja")
    assert editor.get(url).json()["headline"] == NEW

    # Approved, the new text replaces the old everywhere.
    write(editor, url, {"status": "approved"})
    for surface, body in reader_views(story).items():
        if surface == "search":
            continue  # searched for the old words
        assert NEW in body, surface
        assert OLD not in body, surface


def test_a_second_change_before_review_keeps_the_first_approved_text(story, django_user_model):
    translator = api_client(django_user_model, "ja-translator", "Translators", "ja")
    url = reverse("api:event-translation", args=[story.fired.pk, "ja"])
    write(translator, url, {"headline": NEW})
    write(translator, url, {"headline": NEW + "（二稿）", "status": "draft"})

    shown = APIClient().get(f"/api/v1/events/{story.fired.pk}/?lang=ja").json()
    assert shown["headline"] == OLD


def test_a_text_never_approved_is_still_never_shown(story, django_user_model):
    """The kept text is the last *approved* one: a draft that was never approved stays hidden."""
    editor = api_client(django_user_model, "desk", "Editors", "en")
    url = reverse("api:event-translation", args=[story.reaction.pk, "en"])
    response = editor.put(
        url,
        {"headline": "Unreviewed English", "status": "draft"},
        format="json",
        HTTP_IF_NONE_MATCH="*",
    )
    assert response.status_code in (200, 201), response.content
    write(editor, url, {"headline": "Still unreviewed", "status": "in_review"})

    english = APIClient().get(f"/api/v1/events/{story.reaction.pk}/?lang=en").json()
    assert english["is_fallback"] is True
    assert "unreviewed" not in str(english).lower()
    assert APIClient().get(url).status_code == 404
