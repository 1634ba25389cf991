"""Every save is a revision: history with who and when, diffs, revert and recovery."""

import pytest
from django.urls import reverse
from reversion.models import Version

from editorial.revisions import inline_diff, object_versions
from events.models import Citation, Event, EventTranslation, Involvement
from tests.admin_forms import form_data
from tests.editorial.test_roles import change_url, row_prefix
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def save_headline(client, event, language, headline, **changes):
    data = form_data(client, change_url(event))
    data[f"{row_prefix(data, language)}-headline"] = headline
    data.update(changes)
    response = client.post(change_url(event), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_each_save_stores_one_revision_with_texts_people_and_citations(clients, story):
    save_headline(clients["editor"], story, "en", "Board fires Altman")

    versions = object_versions(Event, story.pk)
    # The event was made by a script: its state before the first save is recorded too.
    assert [v.revision.comment for v in versions][1] == (
        "As it was before its first recorded change."
    )
    stored = {v.content_type.model for v in versions.first().revision.version_set.all()}
    assert stored == {"event", "eventtranslation", "involvement", "citation"}

    save_headline(clients["translator"], story, "en", "The board fires Altman")

    assert object_versions(Event, story.pk).count() == 3


def test_the_history_shows_who_changed_what_and_when(clients, story):
    save_headline(clients["editor"], story, "en", "Board fires Altman")
    save_headline(clients["translator"], story, "en", "The board fires Altman")

    page = clients["editor"].get(reverse("admin:events_event_history", args=[story.pk]))

    text = page.content.decode()
    assert "Eda Mori" in text and "Tom Hart" in text
    assert "Changed Headline for event&#x27;s text “openai-2023 / altman-fired [en]”." in text
    assert text.count("revert to this") == 2  # the older revisions; the newest is current


def test_the_diff_between_two_revisions_reads_word_by_word(clients, story):
    save_headline(clients["editor"], story, "en", "Board fires Altman")
    source = SourceFactory(title="The Verge report")
    save_headline(
        clients["editor"],
        story,
        "en",
        "Board fires Sam Altman",
        **{
            "citations-TOTAL_FORMS": "2",
            "citations-1-source": str(source.pk),
            "citations-1-stance": "disputes",
            "citations-1-position": "1",
            "citations-1-quote": "",
        },
    )
    new, old = object_versions(Event, story.pk)[:2]

    page = clients["editor"].get(
        reverse("admin:events_event_compare", args=[story.pk]), {"from": old.pk, "to": new.pk}
    )

    text = page.content.decode()
    assert "Event&#x27;s text · English" in text
    assert "Board fires <ins>Sam </ins>Altman" in text
    assert "Event citation: The Verge report" in text
    assert "disputes" in text


def test_a_japanese_diff_marks_the_changed_characters():
    html = inline_diff("取締役会がアルトマン氏を解任", "取締役会がアルトマン氏を突然解任")
    assert html == "取締役会がアルトマン氏を<ins>突然</ins>解任"


def test_reverting_restores_texts_and_citations_and_moves_the_version_on(clients, story):
    save_headline(clients["editor"], story, "en", "Board fires Altman")
    first = object_versions(Event, story.pk).first()
    save_headline(
        clients["editor"],
        story,
        "en",
        "Sam Altman is out",
        **{
            "citations-TOTAL_FORMS": "2",
            "citations-1-source": str(SourceFactory().pk),
            "citations-1-stance": "supports",
            "citations-1-position": "1",
            "citations-1-quote": "",
        },
    )
    version_before_revert = Event.objects.get(pk=story.pk).version
    url = reverse("admin:events_event_revision", args=[story.pk, first.pk])
    page = clients["editor"].get(url)
    assert "Board fires Altman" in page.content.decode()
    assert Citation.objects.filter(event=story).count() == 2  # showing it changed nothing

    response = clients["editor"].post(url, form_data(clients["editor"], url))

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(pk=story.pk)
    assert event.translation("en").headline == "Board fires Altman"
    assert Citation.objects.filter(event=event).count() == 1
    assert event.version > version_before_revert
    assert object_versions(Event, story.pk).count() == 4  # before, two saves, the revert


def test_reverting_keeps_the_publication_state(clients, story):
    save_headline(clients["editor"], story, "en", "Board fires Altman")
    first = object_versions(Event, story.pk).first()
    clients["editor"].post(
        reverse("admin:events_event_changelist"),
        {"action": "publish_now", "_selected_action": [story.pk]},
    )
    url = reverse("admin:events_event_revision", args=[story.pk, first.pk])

    response = clients["editor"].post(url, form_data(clients["editor"], url))

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Event.objects.get(pk=story.pk).state == "published"


def test_a_deleted_event_is_recovered_with_its_texts_people_and_citations(clients, story):
    pk = story.pk
    delete = reverse("admin:events_event_delete", args=[pk])
    assert clients["editor"].post(delete, {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=pk).exists()

    recover_list = clients["editor"].get(reverse("admin:events_event_recoverlist"))
    assert "openai-2023 / altman-fired" in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Event).get()
    url = reverse("admin:events_event_recover", args=[deleted.pk])
    response = clients["editor"].post(url, form_data(clients["editor"], url))

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(pk=pk)
    assert set(
        EventTranslation.objects.filter(event=event).values_list("language_code", flat=True)
    ) == {
        "ja",
        "en",
    }
    assert Involvement.objects.filter(event=event).count() == 1
    assert Citation.objects.filter(event=event).count() == 1


def test_events_deleted_together_are_recovered_one_by_one(clients, story):
    other = Event.objects.create(
        saga=story.saga, slug="second", start_at=story.start_at, original_language="ja"
    )
    clients["editor"].post(
        reverse("admin:events_event_changelist"),
        {"action": "delete_selected", "_selected_action": [story.pk, other.pk], "post": "yes"},
    )
    assert not Event.objects.exists()

    deleted = Version.objects.get_deleted(Event).get(object_id=str(other.pk))
    url = reverse("admin:events_event_recover", args=[deleted.pk])
    clients["editor"].post(url, form_data(clients["editor"], url))

    assert list(Event.objects.values_list("slug", flat=True)) == ["second"]


def test_reverting_one_event_to_an_import_leaves_the_other_imported_events_alone(clients, story):
    import reversion

    other = Event.objects.create(
        saga=story.saga, slug="second", start_at=story.start_at, original_language="ja"
    )
    EventTranslation.objects.create(event=other, language_code="ja", headline="二つ目")
    with reversion.create_revision():  # one revision for both, as an XLIFF import makes
        reversion.add_to_revision(story)
        reversion.add_to_revision(other)
    imported = object_versions(Event, story.pk).get()
    EventTranslation.objects.filter(event=other).update(headline="二つ目（改訂）")
    save_headline(clients["editor"], story, "en", "Changed after the import")

    url = reverse("admin:events_event_revision", args=[story.pk, imported.pk])
    response = clients["editor"].post(url, form_data(clients["editor"], url))

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Event.objects.get(pk=story.pk).translation("en").headline == (
        "The board fires Sam Altman"
    )
    assert EventTranslation.objects.get(event=other).headline == "二つ目（改訂）"


def test_a_revert_lands_on_the_event_saying_which_version_is_back(clients, story):
    save_headline(clients["editor"], story, "en", "Board fires Altman")
    first = object_versions(Event, story.pk).first()
    url = reverse("admin:events_event_revision", args=[story.pk, first.pk])

    response = clients["editor"].post(url, form_data(clients["editor"], url), follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:events_event_change", args=[story.pk])
    message = [str(m) for m in response.context["messages"]]
    assert len(message) == 1 and "is back as it was saved at" in message[0]
    assert "PST" in message[0] or "PDT" in message[0]  # the saga's zone, named


def test_a_recovered_event_lands_on_its_page_and_the_list_names_the_zone(clients, story):
    pk = story.pk
    clients["editor"].post(reverse("admin:events_event_delete", args=[pk]), {"post": "yes"})
    recover_list = clients["editor"].get(reverse("admin:events_event_recoverlist"))
    assert "UTC" in recover_list.content.decode()  # never an unlabelled time
    deleted = Version.objects.get_deleted(Event).get()
    url = reverse("admin:events_event_recover", args=[deleted.pk])

    response = clients["editor"].post(url, form_data(clients["editor"], url), follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:events_event_change", args=[pk])
    assert "is back as it was saved at" in str(list(response.context["messages"])[0])


def test_the_saved_message_names_the_event_by_its_headline_not_its_slug(clients, story):
    client = clients["editor"]
    data = form_data(client, change_url(story))
    data[f"{row_prefix(data, 'en')}-headline"] = "Board fires Altman"

    response = client.post(change_url(story), data, follow=True)

    message = " ".join(str(m) for m in response.context["messages"])
    assert "altman-fired" not in message
    link = reverse("admin:events_event_change", args=[story.pk])
    assert f'“<a href="{link}">Board fires Altman</a>”' in message
