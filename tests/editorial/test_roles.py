"""
Every permission boundary of the newsroom roles, through the admin as a browser uses it.

Translators and reviewers may open content to work on its texts, in their languages only;
facts, people, citations, sources and publication stay read-only for them, and posting them
anyway is refused with nothing changed.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event, EventTranslation, Involvement
from people.models import PersonTranslation
from sources.models import Source
from tests.admin_forms import form_data
from tests.editorial.conftest import client_for
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def row_prefix(data, language):
    """Return the inline prefix ("translations-0") of the text row in ``language``."""
    for key, value in data.items():
        if key.startswith("translations-") and key.endswith("-id"):
            prefix = key[: -len("-id")]
            if EventTranslation.objects.get(pk=value).language_code == language:
                return prefix
    raise AssertionError(f"no {language} row in the form")


def snapshot(event):
    """What must not change when a save is refused: the facts and every text."""
    event = Event.objects.get(pk=event.pk)
    texts = {t.language_code: (t.headline, t.status, t.version) for t in event.translations.all()}
    people = list(event.involvements.values_list("person", "role"))
    citations = list(event.citations.values_list("source", "quote"))
    return (event.start_at, event.state, event.version, event.slug, texts, people, citations)


def test_a_translator_sees_the_facts_read_only_and_only_their_language_editable(clients, story):
    page = clients["translator"].get(change_url(story)).content.decode()

    assert 'name="start_at_0"' not in page
    assert 'name="state"' not in page
    assert "You work on the texts in: en." in page
    data = form_data(clients["translator"], change_url(story))
    english, japanese = row_prefix(data, "en"), row_prefix(data, "ja")
    assert f"{english}-headline" in data
    assert f"{japanese}-headline" not in data  # shown, but disabled


def test_a_translator_saves_the_text_in_their_language_and_nothing_else(clients, desk, story):
    data = form_data(clients["translator"], change_url(story))
    english = row_prefix(data, "en")
    data[f"{english}-headline"] = "Board ousts Sam Altman"
    data[f"{english}-status"] = "in_review"

    response = clients["translator"].post(change_url(story), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(pk=story.pk)
    row = event.translation("en")
    assert (row.headline, row.status, row.updated_by) == (
        "Board ousts Sam Altman",
        "in_review",
        desk["translator"],
    )
    assert row.version == 2
    assert event.version == story.version  # the facts were not saved
    assert event.translation("ja").headline == "取締役会がアルトマン氏を解任"


@pytest.mark.parametrize(
    ("forged", "named"),
    [
        ({"start_at_0": "2023-11-18", "start_at_1": "09:00:00"}, "when"),
        ({"_publication": "publish"}, "publication"),
        ({"slug": "renamed"}, "slug"),
        ({"involvements-0-role": "mentioned"}, "people involved"),
        ({"citations-0-quote": "Made-up words"}, "event citations"),
    ],
)
def test_a_translator_posting_a_fact_is_refused_and_nothing_changes(clients, story, forged, named):
    before = snapshot(story)
    data = form_data(clients["translator"], change_url(story))
    data[f"{row_prefix(data, 'en')}-headline"] = "A change that must not be saved either"
    data.update(forged)

    response = clients["translator"].post(change_url(story), data)

    assert response.status_code == 200
    assert f"You may not change: {named}. Nothing was saved." in response.content.decode()
    assert snapshot(story) == before


def test_a_translator_adding_a_person_or_a_citation_is_refused(clients, story):
    before = snapshot(story)
    data = form_data(clients["translator"], change_url(story))
    data.update(
        {
            "citations-TOTAL_FORMS": "2",
            "citations-1-source": str(SourceFactory().pk),
            "citations-1-stance": "supports",
            "citations-1-position": "0",
        }
    )

    response = clients["translator"].post(change_url(story), data)

    assert response.status_code == 200
    assert "You may not change: event citations." in response.content.decode()
    assert snapshot(story) == before


def test_a_translator_posting_the_row_of_another_language_is_refused(clients, story):
    before = snapshot(story)
    data = form_data(clients["translator"], change_url(story))
    japanese = row_prefix(data, "ja")
    data[f"{japanese}-headline"] = "書き換え"

    response = clients["translator"].post(change_url(story), data)

    assert response.status_code == 200
    assert "You may not change this text (ja); nothing was saved." in response.content.decode()
    assert snapshot(story) == before


def test_a_translator_cannot_add_a_text_in_a_language_not_theirs(clients, story, settings):
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("de", "German")]
    before = snapshot(story)
    data = form_data(clients["translator"], change_url(story))
    data.update(
        {
            "translations-TOTAL_FORMS": "3",
            "translations-2-language_code": "de",
            "translations-2-headline": "Der Vorstand entlässt Altman",
            "translations-2-status": "draft",
            "translations-2-origin": "human",
        }
    )

    response = clients["translator"].post(change_url(story), data)

    assert response.status_code == 200
    assert "You may not write text in de." in response.content.decode()
    assert snapshot(story) == before


def test_a_translator_cannot_approve(clients, story):
    before = snapshot(story)
    data = form_data(clients["translator"], change_url(story))
    data[f"{row_prefix(data, 'en')}-status"] = "approved"

    response = clients["translator"].post(change_url(story), data)

    assert response.status_code == 200
    assert "You may not set text in en to “approved”." in response.content.decode()
    assert snapshot(story) == before


def test_a_reviewer_approves_and_sends_back_in_their_language(clients, desk, story):
    data = form_data(clients["reviewer"], change_url(story))
    data[f"{row_prefix(data, 'en')}-status"] = "approved"

    assert clients["reviewer"].post(change_url(story), data).status_code == 302
    row = EventTranslation.objects.get(event=story, language_code="en")
    assert (row.status, row.reviewed_by) == ("approved", desk["reviewer"])

    data = form_data(clients["reviewer"], change_url(story))
    data[f"{row_prefix(data, 'en')}-status"] = "draft"

    assert clients["reviewer"].post(change_url(story), data).status_code == 302
    assert EventTranslation.objects.get(pk=row.pk).status == "draft"


def test_a_reviewer_approving_outside_their_languages_is_refused(clients, story):
    data = form_data(clients["ja_reviewer"], change_url(story))
    assert f"{row_prefix(data, 'en')}-status" not in data  # English is not theirs: disabled
    data[f"{row_prefix(data, 'en')}-status"] = "approved"
    before = snapshot(story)

    response = clients["ja_reviewer"].post(change_url(story), data)

    assert response.status_code == 200
    assert "You may not change this text (en); nothing was saved." in response.content.decode()
    assert snapshot(story) == before


def test_translators_and_reviewers_cannot_publish_even_by_posting_the_action(clients, story):
    changelist = reverse("admin:events_event_changelist")
    for role in ("translator", "reviewer"):
        page = clients[role].get(changelist).content.decode()
        assert "publish_now" not in page

        clients[role].post(changelist, {"action": "publish_now", "_selected_action": [story.pk]})

        assert Event.objects.get(pk=story.pk).state == "draft"


@pytest.mark.parametrize(
    "url_name",
    ["admin:events_event_add", "admin:events_event_delete", "admin:events_event_recoverlist"],
)
def test_a_translator_cannot_add_delete_or_recover_events(clients, story, url_name):
    args = [] if url_name.endswith(("_add", "recoverlist")) else [story.pk]
    response = clients["translator"].get(reverse(url_name, args=args))
    assert response.status_code == 403


def test_a_translator_cannot_revert_an_event(clients, desk, story):
    data = form_data(clients["editor"], change_url(story))
    data["slug"] = "altman-fired-by-the-board"
    clients["editor"].post(change_url(story), data)
    history = clients["translator"].get(reverse("admin:events_event_history", args=[story.pk]))
    assert history.status_code == 200
    assert "revert to this" not in history.content.decode()

    from editorial.revisions import object_versions

    version = object_versions(Event, story.pk).first()
    url = reverse("admin:events_event_revision", args=[story.pk, version.pk])

    assert clients["translator"].get(url).status_code == 403
    assert clients["translator"].post(url, {}).status_code == 403


def test_a_translator_cannot_change_a_source(clients):
    source = SourceFactory(title="As published")
    url = reverse("admin:sources_source_change", args=[source.pk])

    response = clients["translator"].post(url, {"title": "Rewritten", "slug": source.slug})

    assert response.status_code == 403
    assert Source.objects.get(pk=source.pk).title == "As published"


def test_a_translator_edits_a_persons_name_in_their_language_but_not_the_slug(clients, story):
    person = story.involvements.get().person
    url = reverse("admin:people_person_change", args=[person.pk])
    data = form_data(clients["translator"], url)
    english = next(
        key[: -len("-name")]
        for key, value in data.items()
        if key.startswith("translations-") and key.endswith("-name") and value == "Sam Altman"
    )
    data[f"{english}-name"] = "Samuel Altman"

    assert clients["translator"].post(url, data).status_code == 302
    assert PersonTranslation.objects.get(person=person, language_code="en").name == "Samuel Altman"

    data = form_data(clients["translator"], url)
    data["slug"] = "samuel-altman"
    response = clients["translator"].post(url, data)

    assert response.status_code == 200
    assert "You may not change: slug." in response.content.decode()
    person.refresh_from_db()
    assert person.slug == "sam-altman"


def test_an_editor_changes_facts_people_and_texts_in_one_save(clients, story):
    data = form_data(clients["editor"], change_url(story))
    data["start_at_1"] = "12:23:00"
    data["involvements-0-role"] = "actor"
    data[f"{row_prefix(data, 'ja')}-headline"] = "取締役会、アルトマン氏を解任"

    response = clients["editor"].post(change_url(story), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(pk=story.pk)
    assert event.start_at == dt.datetime(2023, 11, 17, 20, 23, tzinfo=dt.UTC)
    assert Involvement.objects.get(event=event).role == "actor"
    assert event.translation("ja").headline == "取締役会、アルトマン氏を解任"
    assert event.translation("en").is_stale


def test_roles_are_read_from_permissions_so_an_editor_user_gets_a_plain_change_form(desk, story):
    page = client_for(desk["editor"]).get(change_url(story)).content.decode()

    assert 'name="start_at_0"' in page
    assert "You work on the texts in" not in page


def test_refusals_read_in_the_users_language(desk, story):
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    client.force_login(desk["translator"])
    data = form_data(client, change_url(story))
    data["slug"] = "renamed"

    response = client.post(change_url(story), data)

    assert (
        "次の項目は変更できません：スラッグ。何も保存されていません。" in response.content.decode()
    )
    assert "担当言語：en。" in response.content.decode()
