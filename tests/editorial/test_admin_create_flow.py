"""An editor builds a saga entirely in /admin/: saga, chapter, event, text, people, a quote."""

import pytest
from django.urls import reverse

from events.models import Chapter, Event, Saga
from tests.admin_forms import form_data
from tests.factories import PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db


def inline(prefix, rows):
    """Return the POST fields of an inline formset holding ``rows`` (new rows only)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-{key}": value for key, value in row.items()})
    return data


def text_row(language, status="approved", **texts):
    return {"language_code": language, "status": status, "origin": "human", **texts}


def test_an_editor_creates_a_saga_chapter_and_event_with_people_and_a_quote(editor_client):
    response = editor_client.post(
        reverse("admin:events_saga_add"),
        {
            "slug": "openai-2023",
            "original_language": "ja",
            "time_zone": "America/Los_Angeles",
            **inline(
                "translations",
                [
                    text_row("ja", title="OpenAI 経営陣の5日間"),
                    text_row("en", title="OpenAI's five days"),
                ],
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    saga = Saga.objects.get(slug="openai-2023")
    assert saga.localized("en").title == "OpenAI's five days"

    response = editor_client.post(
        reverse("admin:events_chapter_add"),
        {
            "saga": saga.pk,
            "slug": "friday",
            "position": "1",
            "start_at_0": "2023-11-17",
            "start_at_1": "00:00:00",
            **inline("translations", [text_row("ja", heading="金曜日：解任")]),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    chapter = Chapter.objects.get(saga=saga, slug="friday")

    altman = PersonFactory(slug="sam-altman")
    post = SourceFactory(slug="altman-x-post", title="Post on X")
    response = editor_client.post(
        reverse("admin:events_event_add") + f"?saga={saga.pk}",
        {
            "saga": saga.pk,
            "chapter": chapter.pk,
            "slug": "altman-fired",
            "original_language": "ja",
            "start_at_0": "2023-11-17",
            "start_at_1": "12:00:00",
            "precision": "time",
            "position": "0",
            **inline(
                "translations",
                [
                    text_row("ja", headline="取締役会がアルトマン氏を解任"),
                    text_row("en", headline="The board fires Sam Altman"),
                ],
            ),
            **inline("involvements", [{"person": altman.pk, "role": "subject", "position": "0"}]),
            **inline(
                "citations",
                [
                    {
                        "source": post.pk,
                        "stance": "supports",
                        "position": "0",
                        "quote": "i loved my time at openai",
                    }
                ],
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    event = Event.objects.get(saga=saga, slug="altman-fired")
    assert event.chapter == chapter
    assert event.localized("ja").headline == "取締役会がアルトマン氏を解任"
    assert event.localized("en").headline == "The board fires Sam Altman"
    assert [(i.person, i.role) for i in event.involvements.all()] == [(altman, "subject")]
    assert event.citations.get().quote == "i loved my time at openai"
    # Times are typed in the saga's zone: noon in California is 20:00 UTC.
    assert event.start_at.isoformat() == "2023-11-17T20:00:00+00:00"
    assert not event.translation("en").is_stale


def test_an_invalid_event_is_refused_with_its_error_and_the_input_kept(editor_client):
    saga = Saga.objects.create(slug="s", time_zone="UTC", original_language="ja")
    response = editor_client.post(
        reverse("admin:events_event_add"),
        {
            "saga": saga.pk,
            "slug": "ends-early",
            "original_language": "ja",
            "start_at_0": "2023-11-17",
            "start_at_1": "12:00:00",
            "end_at_0": "2023-11-16",
            "end_at_1": "12:00:00",
            "precision": "time",
            "position": "0",
            **inline("translations", [text_row("ja", headline="入力を失わない")]),
            **inline("involvements", []),
            **inline("citations", []),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "An event cannot end before it starts." in page
    assert "入力を失わない" in page
    assert not Event.objects.exists()


def test_editing_the_source_text_in_the_admin_makes_the_translation_stale(editor_client):
    test_an_editor_creates_a_saga_chapter_and_event_with_people_and_a_quote(editor_client)
    event = Event.objects.get(slug="altman-fired")
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(editor_client, url)
    ja_row = next(k for k, v in data.items() if k.endswith("language_code") and v == "ja")
    data[ja_row.replace("language_code", "headline")] = "取締役会がアルトマン氏を突然解任"

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(pk=event.pk)
    assert event.translation("en").is_stale


@pytest.mark.parametrize(
    "name",
    ["saga", "chapter", "event", "citation", "tag"],
)
def test_every_events_changelist_and_add_form_opens(editor_client, name):
    assert editor_client.get(reverse(f"admin:events_{name}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:events_{name}_add")).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:people_person_changelist",
        "admin:people_person_add",
        "admin:people_organization_changelist",
        "admin:people_organization_add",
        "admin:people_affiliation_changelist",
        "admin:people_affiliation_add",
        "admin:sources_source_changelist",
        "admin:sources_source_add",
        "admin:images_image_changelist",
        "admin:images_image_add",
    ],
)
def test_every_other_admin_page_opens(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 200
