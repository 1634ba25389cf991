"""The event form at newsroom scale: its chapter menu holds its saga's chapters, in one query."""

import pytest
from django.urls import reverse

from tests.factories import ChapterFactory, EventFactory, SagaFactory, add_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("desk", password="pw-12345678", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def sagas_with_chapters(chapters_each, sagas=3):
    made = []
    for number in range(sagas):
        saga = SagaFactory(slug=f"saga-{number}", original_language="ja")
        add_text(saga, "ja", title=f"物語{number}")
        for position in range(chapters_each):
            chapter = ChapterFactory(saga=saga, slug=f"c{position}", position=position)
            add_text(chapter, "ja", heading=f"章{number}-{position}")
        made.append(saga)
    return made


def open_form(client, event):
    return client.get(reverse("admin:events_event_change", args=[event.pk]))


def test_the_chapter_menu_lists_the_events_saga_only(editor_client):
    first, second, _third = sagas_with_chapters(3)
    event = EventFactory(saga=first, chapter=first.chapters.first(), slug="one")
    add_text(event, "ja", headline="出来事")

    response = open_form(editor_client, event)

    menu = response.context["adminform"].form.fields["chapter"]
    assert {chapter.saga_id for chapter in menu.queryset} == {first.pk}
    assert menu.queryset.count() == 3
    assert not set(second.chapters.values_list("pk", flat=True)) & {c.pk for c in menu.queryset}


def test_a_chapter_of_another_saga_is_refused(editor_client):
    first, second, _third = sagas_with_chapters(1)
    event = EventFactory(saga=first, slug="one")
    add_text(event, "ja", headline="出来事")
    form = open_form(editor_client, event).context["adminform"].form
    foreign = second.chapters.first()

    assert not form.fields["chapter"].queryset.filter(pk=foreign.pk).exists()


def test_the_event_form_costs_the_same_queries_with_many_chapters(
    editor_client, django_assert_max_num_queries
):
    small = sagas_with_chapters(2)
    event = EventFactory(saga=small[0], slug="one")
    add_text(event, "ja", headline="出来事")
    open_form(editor_client, event)
    with django_assert_max_num_queries(30) as before:
        assert open_form(editor_client, event).status_code == 200
    for saga in small:
        for position in range(2, 40):
            ChapterFactory(saga=saga, slug=f"more-{position}", position=position)

    with django_assert_max_num_queries(len(before.captured_queries)):
        assert open_form(editor_client, event).status_code == 200
