"""From a saga to its chapters, events, timeline, translations and history in one step."""

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse

from tests.factories import SagaFactory, add_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def saga(db):
    saga = SagaFactory(slug="openai-2023", original_language="ja")
    add_text(saga, "ja", title="OpenAI 経営陣の5日間")
    return saga


def test_the_saga_page_links_to_everything_of_the_saga(editor_client, saga):
    page = editor_client.get(
        reverse("admin:events_saga_change", args=[saga.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    for url in (
        reverse("admin:events_chapter_changelist") + f"?saga__id__exact={saga.pk}",
        reverse("admin:events_event_changelist") + f"?saga={saga.pk}",
        reverse("admin:events_event_add") + f"?saga={saga.pk}",
        saga.get_absolute_url(),
        reverse("translations:worklist", args=[saga.slug, "en"]),
        reverse("admin:events_saga_history", args=[saga.pk]),
    ):
        assert f'href="{url}"' in page, url


def test_adding_an_event_from_the_saga_filtered_list_prefills_saga_and_language(
    editor_client, saga
):
    saga.original_language = "en"
    saga.save()

    response = editor_client.get(
        reverse("admin:events_event_add"), {"_changelist_filters": f"saga={saga.pk}"}
    )

    form = response.context["adminform"].form
    assert form.initial["saga"] == saga.pk
    assert form.initial["original_language"] == "en"


def test_the_saga_list_columns_have_distinct_titles(editor_client, saga):
    response = editor_client.get(reverse("admin:events_saga_changelist"), HTTP_ACCEPT_LANGUAGE="ja")

    headers = [str(header["text"]) for header in result_headers(response.context["cl"])]
    assert "タイトル" in headers or "title" in headers
    assert len(headers) == len(set(headers)), headers
