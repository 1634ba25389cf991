"""The dashboard's counts per saga and language, its links, and a third language everywhere."""

import re

import pytest
from django.urls import reverse

from events.models import EventTranslation
from images.models import Image
from tests.factories import EventFactory, add_text
from tests.translation.helpers import LETTER, edit_source, set_target
from translations.machinery import TranslationState
from translations.xliff import export_xliff, import_xliff

pytestmark = pytest.mark.django_db


def counts(response, language):
    line = next(
        line
        for entry in response.context["sagas"]
        for line in entry["lines"]
        if line.language_code == language
    )
    return {state.value: number for state, number, _percent, _url in line.counts}


def test_the_dashboard_counts_each_state_per_language(desk, saga, fired):
    # The saga's objects: saga, chapter, two events, a quote, Sam Altman.
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")  # en goes stale
    letter = EventFactory(saga=saga, slug="draft-one")
    add_text(letter, "ja", headline="下書き")
    add_text(letter, "en", status="machine", origin="machine", headline="Draft")

    response = desk.get(reverse("translations:dashboard"))

    # saga, chapter, three events (Japanese originals), the quote and Sam Altman (English)
    assert counts(response, "en") == {
        "approved": 3,  # the saga's title; the quote and the name are English originals
        "in_review": 0,
        "draft": 0,
        "machine": 1,  # draft-one
        "stale": 1,  # altman-fired
        "missing": 2,  # the chapter and the letter
    }
    assert counts(response, "ja") == {
        "approved": 6,
        "in_review": 0,
        "draft": 0,
        "machine": 0,
        "stale": 0,
        "missing": 1,  # the English quote has no Japanese translation yet
    }


def test_each_number_links_to_the_filtered_list(desk, saga, fired):
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")
    page = desk.get(reverse("translations:dashboard")).content.decode()
    stale_link = reverse("translations:worklist", args=["openai-2023", "en"]) + "?state=stale"
    assert f'href="{stale_link}"' in page

    listing = desk.get(stale_link)

    assert [item["label"] for item in listing.context["items"]] == ["OpenAI board fires Altman"]
    row = EventTranslation.objects.get(event=fired, language_code="en")
    assert (
        reverse("admin:events_eventtranslation_change", args=[row.pk])
        in listing.context["items"][0]["url"]
    )


def test_a_missing_translation_links_to_a_new_one_for_that_object(desk, saga):
    listing = desk.get(
        reverse("translations:worklist", args=["openai-2023", "en"]) + "?state=missing"
    )

    urls = [item["url"] for item in listing.context["items"]]
    assert any(
        re.search(r"/admin/events/eventtranslation/add/\?event=\d+&language_code=en", url)
        for url in urls
    )


def test_translators_see_only_their_languages(client, team, saga):
    client.force_login(team["translator"])

    response = client.get(reverse("translations:dashboard"))

    assert response.context["languages"] == ["en"]
    assert (
        client.get(reverse("translations:worklist", args=["openai-2023", "ja"])).status_code == 404
    )


def test_the_dashboard_needs_a_staff_login(client, saga):
    response = client.get(reverse("translations:dashboard"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_dashboards_queries_do_not_grow_with_the_saga(
    desk, saga, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as small:
        desk.get(reverse("translations:dashboard"))
    for number in range(15):
        event = EventFactory(saga=saga, slug=f"more-{number}")
        add_text(event, "ja", headline=f"出来事{number}")
        add_text(event, "en", headline=f"Event {number}")

    with django_assert_max_num_queries(len(small.captured_queries)):
        desk.get(reverse("translations:dashboard"))


def test_images_of_the_sagas_events_are_part_of_the_saga(desk, saga, fired):
    image = Image.objects.create(file="images/board.png", width=8, height=8, original_language="ja")
    add_text(image, "ja", alt_text="取締役会")
    fired.image = image
    fired.save()

    listing = desk.get(reverse("translations:worklist", args=["openai-2023", "en"]))

    assert "image" in {str(item["kind"]) for item in listing.context["items"]}


# -- a third language, by settings alone ------------------------------------------


@pytest.fixture
def german(settings):
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("de", "German")]


def test_a_third_language_appears_on_the_dashboard(desk, german, saga):
    response = desk.get(reverse("translations:dashboard"))

    assert counts(response, "de")["missing"] == 6  # every object of the saga


def test_a_third_language_can_be_exported_translated_and_imported(german, saga, team):
    document = set_target(export_xliff(saga, "de"), LETTER, "505 Mitarbeiter unterschreiben")
    import_xliff(document, file_name="de.xlf", user=team["editor"])

    row = EventTranslation.objects.get(event__slug="letter", language_code="de")
    assert (row.headline, row.state) == (
        "505 Mitarbeiter unterschreiben",
        TranslationState.IN_REVIEW,
    )


def test_a_third_language_is_offered_in_the_editor_and_the_inline(desk, german, fired):
    response = desk.get(
        reverse("admin:events_eventtranslation_add") + f"?event={fired.pk}&language_code=de"
    )
    assert response.status_code == 200
    assert "Translation of “OpenAI board fires Altman” into German" in response.content.decode()

    page = desk.get(reverse("admin:events_event_change", args=[fired.pk])).content.decode()
    assert '<option value="de">German</option>' in page
