"""
The event form at newsroom scale: its chapter menu holds its saga's chapters, and the form
costs the same queries whatever the event's people, citations and tags and the saga's size.
"""

import pytest
from django.urls import reverse

from tests.admin_forms import form_data_in
from tests.factories import (
    ChapterFactory,
    CitationFactory,
    CitationTranslationFactory,
    EventFactory,
    InvolvementFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
    TagFactory,
    add_text,
)

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


# ------------------------------------------------------------------------------
# The whole form at two shapes of event and two sizes of saga
# ------------------------------------------------------------------------------

# The change form, shown or shown again after a refused save, and the add form: under the
# desk's ceiling (issue 22: under 30), the same for an event of 1 or 12 people and citations
# and for a small or a large saga.
FORM_QUERIES = 27
# Shown again after a refused save: the posted rows are validated (each picker's objects
# read once for all rows, each menu's once for validating and showing it, the check
# constraints evaluated without a query) and the submission checked against the stored
# versions.
REFUSED_QUERIES = 29
# A save that goes through: one headline changed (issue 15: the form's save was 86 queries).
SAVE_QUERIES = 44


def an_event(saga, people, *, slug="shaped"):
    """An event with ``people`` people (named in two languages), as many citations (their
    sources published by organisations with names, their quotes translated) and tags."""
    event = EventFactory(saga=saga, chapter=saga.chapters.first(), slug=slug)
    add_text(event, "ja", headline="出来事")
    add_text(event, "en", headline="Event")
    for number in range(people):
        person = PersonFactory(slug=f"{slug}-person-{number}")
        add_text(person, "ja", name=f"人{number}")
        add_text(person, "en", name=f"Person {number}")
        InvolvementFactory(event=event, person=person, position=number)
        publisher = OrganizationFactory(slug=f"{slug}-org-{number}")
        add_text(publisher, "en", name=f"Publisher {number}")
        source = SourceFactory(publisher=publisher)
        citation = CitationFactory(event=event, source=source, position=number)
        CitationTranslationFactory(citation=citation)
        tag = TagFactory(slug=f"{slug}-tag-{number}")
        add_text(tag, "en", name=f"tag {number}")
        event.tags.add(tag)
    return event


def a_saga(slug, events):
    saga = SagaFactory(slug=slug, original_language="ja")
    add_text(saga, "ja", title=slug)
    for position in range(3):
        chapter = ChapterFactory(saga=saga, slug=f"c{position}", position=position)
        add_text(chapter, "ja", heading=f"章{position}")
    for number in range(events):
        EventFactory(saga=saga, slug=f"other-{number}", chapter=saga.chapters.first())
    return saga


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def queries_of(client, method, url, data=None, *, expect=200):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == expect, url
    return len(captured.captured_queries)


@pytest.fixture
def shaped_events(db):
    """(saga size, people) -> an event with a history (saved once through the admin)."""
    small, large = a_saga("small", 3), a_saga("large", 60)
    return {
        (size, people): an_event(saga, people, slug=f"{size}-{people}")
        for size, saga in [("small", small), ("large", large)]
        for people in (1, 12)
    }


def test_the_change_form_costs_the_same_queries_whatever_the_event_and_the_saga(
    editor_client, shaped_events, django_assert_max_num_queries
):
    counts = {}
    for shape, event in shaped_events.items():
        editor_client.get(change_url(event))  # the first request pays one-off look-ups
        with django_assert_max_num_queries(FORM_QUERIES) as captured:
            assert open_form(editor_client, event).status_code == 200
        counts[shape] = len(captured.captured_queries)
    assert len(set(counts.values())) == 1, counts


def test_the_form_shown_again_after_a_refused_save_costs_the_same_queries(
    editor_client, shaped_events, django_assert_max_num_queries
):
    counts = {}
    for shape, event in shaped_events.items():
        data = form_data_in(open_form(editor_client, event).content.decode())
        editor_client.post(change_url(event), data)  # its first recorded version
        data = form_data_in(open_form(editor_client, event).content.decode())
        data["slug"] = ""  # refused: the form comes back with the error
        with django_assert_max_num_queries(REFUSED_QUERIES) as captured:
            response = editor_client.post(change_url(event), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors
        counts[shape] = len(captured.captured_queries)
    assert len(set(counts.values())) == 1, counts


def test_a_save_costs_the_same_pinned_queries_whatever_the_event_and_the_saga(
    editor_client, shaped_events, django_assert_max_num_queries
):
    """
    One headline changed and saved (issue 15: under 45 queries): each row read once, the
    event's content keys worked out once, its revision written once, nothing re-read to
    validate what the save did not change.
    """
    counts = {}
    for shape, event in shaped_events.items():
        data = form_data_in(open_form(editor_client, event).content.decode())
        editor_client.post(change_url(event), data)  # its first recorded version
        data = form_data_in(open_form(editor_client, event).content.decode())
        data["translations-0-headline"] = "出来事 (changed)"
        data["initial-tags"] = data["tags"]  # every tag shown, as a browser posts them
        with django_assert_max_num_queries(SAVE_QUERIES) as captured:
            response = editor_client.post(change_url(event), data)
        assert response.status_code == 302
        counts[shape] = len(captured.captured_queries)
    assert len(set(counts.values())) == 1, counts


def test_saving_the_form_costs_no_query_per_person_or_citation_for_its_pickers(
    editor_client, shaped_events
):
    """The rows' people and sources are read once for the whole form, not once a row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = shaped_events[("large", 12)]
    data = form_data_in(open_form(editor_client, event).content.decode())
    editor_client.post(change_url(event), data)
    data = form_data_in(open_form(editor_client, event).content.decode())
    with CaptureQueriesContext(connection) as captured:
        assert editor_client.post(change_url(event), data).status_code == 302
    one_by_one = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "people_person"')
        and '"people_person"."id" = ' in query["sql"]
    ]
    assert one_by_one == []


def test_the_add_form_costs_the_same_queries_for_a_small_and_a_large_saga(
    editor_client, shaped_events, django_assert_max_num_queries
):
    counts = []
    for size in ("small", "large"):
        saga = shaped_events[(size, 1)].saga
        url = reverse("admin:events_event_add") + f"?saga={saga.pk}"
        editor_client.get(url)
        with django_assert_max_num_queries(FORM_QUERIES) as captured:
            assert editor_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# ------------------------------------------------------------------------------
# What the refused save no longer asks the database still refuses, on the form
# ------------------------------------------------------------------------------


def refused(client, event, **changes):
    """Post the change form with ``changes`` (field name suffix -> value); the response."""
    data = form_data_in(open_form(client, event).content.decode())
    for suffix, value in changes.items():
        keys = [
            key
            for key in data
            if not key.startswith("initial-") and (key == suffix or key.endswith(f"-{suffix}"))
        ]
        assert keys, suffix
        for key in keys:
            data[key] = value
    response = client.post(change_url(event), data)
    assert response.status_code == 200, "refused, on the form (not a 500 or a redirect)"
    return response


def field_errors(response, name=None, *, formset=None, index=0):
    if formset is None:
        errors = response.context["adminform"].form.errors
    else:
        inline = next(
            i for i in response.context["inline_admin_formsets"] if i.formset.prefix == formset
        )
        errors = inline.formset.forms[index].errors
    return " ".join(str(message) for message in errors.get(name or "__all__", []))


def test_an_event_that_ends_before_it_starts_is_refused_on_the_form(
    editor_client, shaped_events, django_assert_max_num_queries
):
    """The event's check constraint, evaluated without a query, still gives the form error."""
    event = shaped_events[("small", 1)]
    response = refused(
        editor_client,
        event,
        start_at_0="2023-11-17",
        start_at_1="12:00:00",
        end_at_0="2023-11-16",
        end_at_1="12:00:00",
        precision="time",
    )

    assert "An event cannot end before it starts." in field_errors(response)
    event.refresh_from_db()
    assert event.end_at is None or event.end_at >= event.start_at


def test_an_event_that_ends_when_it_starts_is_saved(editor_client, shaped_events):
    event = shaped_events[("small", 1)]
    data = form_data_in(open_form(editor_client, event).content.decode())
    data |= {
        "start_at_0": "2023-11-17",
        "start_at_1": "12:00:00",
        "end_at_0": "2023-11-17",
        "end_at_1": "12:00:00",
        "precision": "time",
    }

    assert editor_client.post(change_url(event), data).status_code == 302


def test_a_chapter_of_another_saga_posted_is_a_field_error(editor_client, shaped_events):
    event = shaped_events[("small", 1)]
    foreign = shaped_events[("large", 1)].saga.chapters.first()

    response = refused(editor_client, event, chapter=str(foreign.pk))

    assert "Select a valid choice" in field_errors(response, "chapter")


def test_a_tag_that_does_not_exist_is_a_field_error(editor_client, shaped_events):
    event = shaped_events[("small", 1)]
    data = form_data_in(open_form(editor_client, event).content.decode())
    data["tags"] = [*event.tags.values_list("pk", flat=True), 999_999]

    response = editor_client.post(change_url(event), data)

    assert response.status_code == 200
    assert "Select a valid choice" in field_errors(response, "tags")
    assert event.tags.count() == 1


def test_a_malformed_language_code_is_a_field_error(editor_client, shaped_events):
    """The text rows' language-code constraint is refused on the form, not by the database."""
    event = shaped_events[("small", 1)]
    response = refused(editor_client, event, **{"translations-1-language_code": "EN!"})

    assert field_errors(response, "language_code", formset="translations", index=1)
    assert sorted(event.translations.values_list("language_code", flat=True)) == ["en", "ja"]


def test_the_same_person_twice_in_one_role_is_refused_on_the_form(editor_client, shaped_events):
    """The pickers' objects are not looked up again, but the rows' unique constraint (event,
    person, role) is still checked: a form error, not the database's."""
    event = shaped_events[("small", 12)]
    data = form_data_in(open_form(editor_client, event).content.decode())
    data["involvements-1-person"] = data["involvements-0-person"]
    data["involvements-1-role"] = data["involvements-0-role"]

    response = editor_client.post(change_url(event), data)

    assert response.status_code == 200
    inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "involvements"
    )
    assert "must be unique" in str(inline.formset.non_form_errors())
    assert event.involvements.values("person").distinct().count() == 12
