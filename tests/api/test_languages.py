"""The language rules: ?lang=, Accept-Language, fallbacks, ?lang=all, Content-Language."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import add_text

pytestmark = pytest.mark.django_db


def detail(saga, slug):
    return reverse("api:event-detail", args=[Event.objects.get(saga=saga, slug=slug).pk])


def test_lang_picks_the_language_and_says_so(anonymous, saga):
    response = anonymous.get(detail(saga, "fired") + "?lang=en")
    body = response.json()

    assert (body["language"], body["is_fallback"], body["translation_status"]) == (
        "en",
        False,
        "approved",
    )
    assert body["headline"] == "Altman fired"
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_accept_language_picks_the_best_match_when_there_is_no_lang(anonymous, saga):
    response = anonymous.get(detail(saga, "fired"), HTTP_ACCEPT_LANGUAGE="fr;q=1, en-GB;q=0.8")

    assert response.json()["headline"] == "Altman fired"
    assert response["Content-Language"] == "en"


def test_without_lang_or_a_matching_accept_language_the_default_language_is_used(
    anonymous, saga, settings
):
    response = anonymous.get(detail(saga, "fired"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == settings.LANGUAGE_CODE == "ja"
    assert response.json()["headline"] == "アルトマン氏解任"


def test_lang_wins_over_accept_language(anonymous, saga):
    response = anonymous.get(detail(saga, "fired") + "?lang=ja", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["language"] == "ja"


def test_a_missing_translation_falls_back_to_the_original_and_says_so(anonymous, saga):
    body = anonymous.get(detail(saga, "return") + "?lang=en").json()

    assert body["headline"] == "アルトマン氏復帰"
    assert (body["language"], body["is_fallback"], body["translation_status"]) == (
        "ja",
        True,
        "missing",
    )


def test_readers_never_get_an_unapproved_translation(anonymous, editor_api, saga):
    add_text(Event.objects.get(slug="return"), "en", status="in_review", headline="Altman back")

    reader = anonymous.get(detail(saga, "return") + "?lang=en").json()
    staff = editor_api.get(detail(saga, "return") + "?lang=en").json()

    assert (reader["headline"], reader["translation_status"]) == ("アルトマン氏復帰", "in_review")
    assert (staff["headline"], staff["is_fallback"]) == ("Altman back", False)


def test_a_translation_made_before_the_source_changed_is_stale(anonymous, saga):
    original = Event.objects.get(slug="fired").translation("ja")
    original.summary = "取締役会が声明を発表。"
    original.save()

    body = anonymous.get(detail(saga, "fired") + "?lang=en").json()

    assert (body["headline"], body["translation_status"]) == ("Altman fired", "stale")


def test_embedded_objects_say_their_own_language(anonymous, saga):
    body = anonymous.get(detail(saga, "fired") + "?lang=ja").json()

    person = body["people"][0]["person"]
    role = body["people"][0]["roles_then"][0]
    assert (person["name"], person["language"], person["is_fallback"]) == (
        "ミラ・ムラティ",
        "ja",
        False,
    )
    assert (role["title"], role["language"], role["is_fallback"]) == (
        "interim chief executive",
        "en",
        True,
    )


def test_lang_all_lists_every_translation_and_readers_only_approved_ones(
    anonymous, editor_api, saga
):
    event = Event.objects.get(slug="return")
    add_text(event, "en", status="draft", headline="Altman back")
    url = detail(saga, "return") + "?lang=all"

    reader = anonymous.get(url)
    staff = editor_api.get(url).json()

    assert [t["language"] for t in reader.json()["translations"]] == ["ja"]
    assert reader["Content-Language"] == "ja, en"
    assert {t["language"]: t["status"] for t in staff["translations"]} == {
        "en": "draft",
        "ja": "approved",
    }
    assert staff["translations"][0]["origin"] == "human"


def test_translations_are_null_unless_every_language_is_asked_for(anonymous, saga):
    assert anonymous.get(detail(saga, "fired")).json()["translations"] is None


def test_an_unknown_lang_is_a_400_naming_the_allowed_values(anonymous, saga):
    response = anonymous.get(reverse("api:event-list") + "?lang=xx", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["lang"] == [
        "“xx” is not a language of this site; use one of: ja, en, all."
    ]


def test_error_messages_follow_the_requested_language(anonymous, saga):
    response = anonymous.get(reverse("api:event-list") + "?lang=ja&page_size=0")

    assert response.status_code == 400
    assert response.json()["page_size"] == ["1 から 100 までの整数を指定してください。"]


def test_a_language_added_in_settings_is_served_without_a_migration(anonymous, saga, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "German")]

    body = anonymous.get(detail(saga, "fired") + "?lang=de").json()

    assert (body["language"], body["is_fallback"]) == ("ja", True)


def test_staff_see_the_quality_checks_on_a_text_and_readers_do_not(anonymous, editor_api, saga):
    event = Event.objects.get(slug="fired")
    original = event.translation("ja")
    original.summary = "従業員505人が署名した。"
    original.save()
    english = event.translation("en")
    english.summary = "Staff signed a letter."
    english.record_source()
    english.save()
    url = reverse("api:event-translation", args=[event.pk, "en"])

    warnings = editor_api.get(url).json()["qa_warnings"]

    assert {(w["code"], w["field"]) for w in warnings} >= {("number_missing", "summary")}
    assert anonymous.get(url).json()["qa_warnings"] is None
