"""The same rules on the other content admins: sources, citations, people, images, add forms."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.revisions import object_versions
from events.models import Event, EventTranslation
from sources.models import Source
from tests.admin_forms import form_data
from tests.editorial.test_roles import change_url, row_prefix, snapshot
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

SOURCES = "admin:sources_source_changelist"


@pytest.fixture
def sources():
    now = timezone.now()
    return {
        "live": SourceFactory(
            title="Still online", availability="live", availability_checked_at=now
        ),
        "gone": SourceFactory(
            title="Deleted post",
            availability="removed",
            availability_checked_at=now - dt.timedelta(days=90),
            archived_url="https://archive.example.org/post",
        ),
        "unchecked": SourceFactory(title="Never looked at"),
    }


def source_titles(client, **params):
    page = client.get(reverse(SOURCES), params).content.decode()
    return {title for title in ("Still online", "Deleted post", "Never looked at") if title in page}


def test_sources_show_availability_and_when_it_was_last_checked(clients, sources):
    page = clients["editor"].get(reverse(SOURCES)).content.decode()

    assert "online" in page and "checked 0\xa0minutes ago" in page
    assert "no longer online" in page and "checked 2\xa0months ago" in page
    assert 'href="https://archive.example.org/post"' in page
    assert "not checked" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"availability__exact": "removed"}, {"Deleted post"}),
        ({"availability__exact": "live"}, {"Still online"}),
        ({"checked": "never"}, {"Never looked at"}),
        ({"checked": "old"}, {"Deleted post"}),
        ({"checked": "recent"}, {"Still online"}),
    ],
)
def test_sources_filter_by_availability_and_by_when_it_was_checked(
    clients, sources, params, expected
):
    assert source_titles(clients["editor"], **params) == expected


def test_a_translator_moving_their_text_to_another_language_is_refused(clients, story, settings):
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("de", "German")]
    before = snapshot(story)
    data = form_data(clients["translator"], change_url(story))
    data[f"{row_prefix(data, 'en')}-language_code"] = "de"

    response = clients["translator"].post(change_url(story), data)

    assert response.status_code == 200
    assert "The language of an existing text cannot be changed" in response.content.decode()
    assert snapshot(story) == before


def test_a_citation_edited_on_its_own_page_refuses_an_event_form_opened_before(clients, story):
    event_form = form_data(clients["editor"], change_url(story))
    citation = story.citations.get()
    url = reverse("admin:events_citation_change", args=[citation.pk])
    citation_form = form_data(clients["other_editor"], url)
    citation_form["locator"] = "paragraph 2"
    assert clients["other_editor"].post(url, citation_form).status_code == 302
    event_form["citations-0-locator"] = "paragraph 3"

    response = clients["editor"].post(change_url(story), event_form)

    assert response.status_code == 200
    assert "Ben Ito saved a change at" in response.content.decode()
    citation.refresh_from_db()
    assert citation.locator == "paragraph 2"
    assert object_versions(Event, story.pk).count() == 1  # the event's history shows it


def test_an_event_added_without_a_saga_in_the_address_takes_times_in_the_sagas_zone(clients, story):
    response = clients["editor"].post(
        reverse("admin:events_event_add"),
        {
            "saga": story.saga_id,
            "slug": "microsoft-hires-altman",
            "original_language": "ja",
            "start_at_0": "2023-11-19",
            "start_at_1": "23:53:00",
            "precision": "time",
            "position": "0",
            "translations-TOTAL_FORMS": "1",
            "translations-INITIAL_FORMS": "0",
            "translations-0-language_code": "ja",
            "translations-0-headline": "マイクロソフトがアルトマン氏を採用",
            "translations-0-status": "draft",
            "translations-0-origin": "human",
            **{f"{p}-{k}": "0" for p in ("involvements", "citations") for k in ("TOTAL_FORMS",)},
            **{f"{p}-INITIAL_FORMS": "0" for p in ("involvements", "citations")},
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="microsoft-hires-altman")
    assert event.start_at == dt.datetime(2023, 11, 20, 7, 53, tzinfo=dt.UTC)
    assert object_versions(Event, event.pk).count() == 1
    assert EventTranslation.objects.get(event=event).updated_by is not None


def test_adding_an_event_published_at_once_goes_through_the_guard_and_keeps_the_draft(
    clients, story
):
    response = clients["editor"].post(
        reverse("admin:events_event_add"),
        {
            "saga": story.saga_id,
            "slug": "straight-to-print",
            "original_language": "ja",
            "start_at_0": "2023-11-19",
            "start_at_1": "12:00:00",
            "precision": "time",
            "position": "0",
            "_publication": "publish",
            **{
                f"{p}-{k}": "0"
                for p in ("translations", "involvements", "citations")
                for k in (
                    "TOTAL_FORMS",
                    "INITIAL_FORMS",
                )
            },
        },
    )

    event = Event.objects.get(slug="straight-to-print")
    assert event.state == "draft"
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[event.pk])
    page = clients["editor"].get(response["Location"]).content.decode()
    assert "Saved, but not published" in page
    assert "it cites no source" in page


def test_image_history_is_shown_but_nothing_is_reverted_or_recovered(clients, desk):
    from images.services import image_create
    from tests.images.pictures import jpeg_upload

    image = image_create(
        upload=jpeg_upload(), user=desk["editor"], original_language="en", alt_text="A photo"
    )
    history = clients["editor"].get(reverse("admin:images_image_history", args=[image.pk]))
    assert history.status_code == 200
    assert "revert to this" not in history.content.decode()
    assert clients["editor"].get(reverse("admin:images_image_recoverlist")).status_code == 403


def test_sources_keep_no_lost_edits_too(clients):
    source = SourceFactory(title="As published")
    url = reverse("admin:sources_source_change", args=[source.pk])
    first, second = form_data(clients["editor"], url), form_data(clients["other_editor"], url)
    second["author"] = "Kara Swisher"
    assert clients["other_editor"].post(url, second).status_code == 302
    first["note"] = "Check the archive."

    response = clients["editor"].post(url, first)

    assert response.status_code == 200
    assert "Ben Ito saved a change at" in response.content.decode()
    assert Source.objects.get(pk=source.pk).note == ""


def test_the_user_list_shows_each_persons_roles_and_languages(clients, desk):
    page = clients["editor"].get(reverse("admin:auth_user_changelist"))
    assert page.status_code == 403  # editors edit content, not accounts

    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("boss", password="pw-for-tests-only")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin_user)
    rows = client.get(reverse("admin:auth_user_changelist"), {"o": "1"}).content.decode()

    assert "Tom Hart" in rows and "Translators" in rows
    translator_row = rows.split("Tom Hart")[1].split("</tr>")[0]
    assert ">en<" in translator_row
