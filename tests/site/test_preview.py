"""Staff preview unpublished events at their real address; nobody else sees them."""

import pytest
from django.contrib.auth.models import Permission

from tests.site.helpers import page

pytestmark = pytest.mark.django_db

DRAFT = "/en/sagas/openai-2023/draft-event/"


def test_staff_preview_a_draft_event_with_a_banner_and_draft_texts(staff_client, story):
    response = staff_client.get(DRAFT)
    html = page(response)

    assert "Preview — not published" in html
    assert "<h1>Unpublished draft: behind the firing</h1>" in html  # a draft translation
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert f'href="/admin/events/event/{story.draft.pk}/change/"' in html


def test_staff_preview_a_scheduled_event_before_its_time(staff_client, story):
    html = page(staff_client.get("/ja/sagas/openai-2023/scheduled-event/"))

    assert "予約公開：アルトマン氏の復帰" in html


def test_a_preview_is_never_served_to_anonymous_readers_afterwards(client, staff_client, story):
    page(staff_client.get(DRAFT))
    staff_client.logout()

    assert client.get(DRAFT).status_code == 404


def test_staff_see_published_events_as_readers_do_unless_they_ask_for_a_preview(
    staff_client, story
):
    english = story.fired.translation("en")
    english.headline, english.status = "Reworded, in review", "in_review"
    english.save()

    as_reader = page(staff_client.get("/en/sagas/openai-2023/altman-fired/"))
    preview = page(staff_client.get("/en/sagas/openai-2023/altman-fired/?preview=1"))

    assert "Reworded, in review" not in as_reader and "preview-banner" not in as_reader
    assert "Reworded, in review" in preview and "preview-banner" in preview


def test_signed_in_users_without_staff_rights_get_no_preview(client, django_user_model, story):
    user = django_user_model.objects.create_user("reader", password="pw-reader-1")
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(user)

    assert client.get(DRAFT).status_code == 404


def test_staff_without_the_view_permission_get_no_preview(client, django_user_model, story):
    user = django_user_model.objects.create_user("intern", password="pw-intern-1", is_staff=True)
    client.force_login(user)

    assert client.get(DRAFT).status_code == 404


def test_the_preview_banner_is_in_the_page_language(staff_client, story):
    html = page(staff_client.get("/ja/sagas/openai-2023/draft-event/"))

    assert "プレビュー（未公開）" in html
