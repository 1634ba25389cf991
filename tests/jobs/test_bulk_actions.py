"""
Bulk publish, send to review and unpublish in the admin: all or nothing, in the request for a
small selection, as a background job (run by ``run_jobs``) for a large one.
"""

import datetime as dt

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from core import freshness
from core.models import ScheduledChange
from events.models import Event, Saga
from jobs.models import Job
from tests.admin_forms import form_data
from tests.editorial.test_roles import change_url
from tests.factories import CitationTranslationFactory, InvolvementFactory, TagFactory
from tests.jobs.conftest import ready_events

pytestmark = pytest.mark.django_db


def changelist():
    return reverse("admin:events_event_changelist")


def act(client, action, events, **extra):
    return client.post(
        changelist(),
        {"action": action, "_selected_action": [e.pk for e in events], **extra},
        follow=True,
    )


def states(events):
    return sorted(
        Event.objects.filter(pk__in=[e.pk for e in events]).values_list("state", flat=True)
    )


def key_version(key):
    return freshness.versions([key])[key].version


def test_a_small_selection_is_unpublished_in_the_request_with_one_revision(clients, selection):
    before = {e.pk: e.version for e in selection}
    event_key = key_version(f"event-{selection[0].pk}")

    response = act(clients["editor"], "unpublish", selection)

    page = response.content.decode()
    assert "4 events unpublished." in page
    assert states(selection) == ["draft"] * 4
    assert not Job.objects.exists()
    for event in Event.objects.filter(pk__in=before):
        assert event.version == before[event.pk] + 1  # a form opened before is refused
        assert event.updated_by.username == "eda"
    versions = Version.objects.get_for_model(Event).filter(object_id__in=[str(pk) for pk in before])
    assert versions.count() == 4
    assert len({v.revision_id for v in versions}) == 1  # one revision for the batch
    revision = versions.first().revision
    assert revision.user.username == "eda"
    assert revision.version_set.count() > 4  # with their texts and citations
    assert key_version(f"event-{selection[0].pk}") > event_key  # readers see the change


def test_a_batch_revision_stores_each_row_as_reversion_does(clients, selection):
    """The versions written in bulk equal those reversion writes for each event on its own."""
    tag = TagFactory()
    for event in selection:
        event.tags.add(tag)
        InvolvementFactory(event=event)
        CitationTranslationFactory(citation=event.citations.first())
    act(clients["editor"], "unpublish", selection)
    bulk = Version.objects.get_for_object(selection[0]).first().revision

    with reversion.create_revision():
        for event in Event.objects.filter(pk__in=[e.pk for e in selection]):
            reversion.add_to_revision(event)
    alone = Revision.objects.latest("pk")

    def stored(revision):
        return {
            (v.content_type_id, v.object_id): (v.serialized_data, v.object_repr, v.format, v.db)
            for v in revision.version_set.all()
        }

    assert len(stored(bulk)) == 4 * 5  # event, its text, person, citation, quote's text
    assert stored(bulk) == stored(alone)


def test_publishing_refuses_the_whole_selection_naming_what_cannot_be_published(
    clients, selection, story
):
    drafts = ready_events(story.saga, 2, state="draft")
    story.citations.all().delete()  # the story is a draft with no citation

    response = act(clients["editor"], "publish_now", [*drafts, story])

    page = response.content.decode()
    assert states([*drafts, story]) == ["draft"] * 3  # none published: all or nothing
    assert "Refused, nothing was changed: 1 cannot be published." in page
    assert "it cites no source" in page
    assert story.slug in page


def test_publishing_now_drops_a_passed_expiry_and_keeps_a_future_one(clients, story):
    now = timezone.now()
    passed = ready_events(story.saga, 1, state="draft", unpublish_at=now - dt.timedelta(days=1))
    coming = ready_events(
        story.saga, 1, state="draft", prefix="coming", unpublish_at=now + dt.timedelta(days=1)
    )

    act(clients["editor"], "publish_now", [*passed, *coming])

    gone, kept = Event.objects.get(pk=passed[0].pk), Event.objects.get(pk=coming[0].pk)
    assert (gone.state, gone.unpublish_at, gone.is_public()) == ("published", None, True)
    assert kept.state == "published" and kept.unpublish_at == coming[0].unpublish_at
    # Its expiry is a scheduled change of what shows it.
    assert ScheduledChange.objects.filter(
        key=f"event-{kept.pk}", at=coming[0].unpublish_at
    ).exists()


def test_a_large_selection_becomes_a_job_whose_page_shows_progress_and_result(
    clients, selection, settings
):
    settings.SAGA_BULK_IN_REQUEST_MAX = 2

    response = act(clients["editor"], "unpublish", selection)

    job = Job.objects.get()
    page = response.content.decode()
    assert "Started in the background: Unpublish (back to draft): 4 events." in page
    job_url = reverse("admin:jobs_job_change", args=[job.pk])
    assert job_url in page
    assert states(selection) == ["published"] * 4  # nothing until the worker runs it
    waiting = clients["editor"].get(job_url).content.decode()
    assert "queued" in waiting and 'http-equiv="refresh"' in waiting

    call_command("run_jobs", "--once", verbosity=0)

    assert states(selection) == ["draft"] * 4
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.created_by.username) == ("succeeded", 4, 4, "eda")
    done = clients["editor"].get(job_url).content.decode()
    assert "4 events unpublished." in done
    assert 'value="100"' in done and "http-equiv" not in done
    assert "eda" in done
    listing = clients["other_editor"].get(reverse("admin:jobs_job_changelist")).content.decode()
    assert "Unpublish (back to draft): 4 events" in listing  # editors see every job


def test_a_job_refused_by_the_guard_changes_nothing_and_says_why(clients, story, settings):
    settings.SAGA_BULK_IN_REQUEST_MAX = 1
    drafts = ready_events(story.saga, 2, state="draft")
    story.citations.all().delete()

    act(clients["editor"], "publish_now", [*drafts, story])
    call_command("run_jobs", "--once", verbosity=0)

    job = Job.objects.get()
    assert job.state == "refused"
    assert "it cites no source" in job.message
    assert "The board fires Sam Altman" in job.message  # named by its headline, not its slug
    assert states([*drafts, story]) == ["draft"] * 3


def test_a_form_opened_before_a_bulk_job_cannot_undo_it(clients, selection, settings):
    settings.SAGA_BULK_IN_REQUEST_MAX = 1
    event = selection[0]
    data = form_data(clients["other_editor"], change_url(event))
    act(clients["editor"], "send_to_review", selection)
    call_command("run_jobs", "--once", verbosity=0)

    data["slug"] = "late-edit"
    response = clients["other_editor"].post(change_url(event), data)

    assert response.status_code == 200  # refused, the form shown again
    assert Event.objects.get(pk=event.pk).state == "in_review"


def test_sagas_have_the_same_bulk_actions(clients, story):
    response = clients["editor"].post(
        reverse("admin:events_saga_changelist"),
        {"action": "send_to_review", "_selected_action": [story.saga.pk]},
        follow=True,
    )

    assert "1 saga sent to review." in response.content.decode()
    assert Saga.objects.get(pk=story.saga.pk).state == "in_review"


@pytest.mark.parametrize("role", ["translator", "reviewer"])
def test_translators_and_reviewers_cannot_run_bulk_actions(clients, selection, role, settings):
    settings.SAGA_BULK_IN_REQUEST_MAX = 1
    page = clients[role].get(changelist()).content.decode()
    assert "unpublish" not in page.split('name="action"')[-1][:2000] or "unpublish" not in page

    for action in ("unpublish", "publish_now", "send_to_review"):
        act(clients[role], action, selection)

    assert states(selection) == ["published"] * 4
    assert not Job.objects.exists()


def test_a_job_started_by_an_editor_who_lost_the_role_is_refused(
    clients, desk, selection, settings
):
    settings.SAGA_BULK_IN_REQUEST_MAX = 1
    act(clients["editor"], "unpublish", selection)
    desk["editor"].groups.clear()

    call_command("run_jobs", "--once", verbosity=0)

    job = Job.objects.get()
    assert job.state == "refused" and "Only editors" in job.message
    assert states(selection) == ["published"] * 4


def test_a_translator_sees_no_one_elses_jobs(clients, selection, settings):
    settings.SAGA_BULK_IN_REQUEST_MAX = 1
    act(clients["editor"], "unpublish", selection)
    job = Job.objects.get()

    listing = clients["translator"].get(reverse("admin:jobs_job_changelist"))
    page = clients["translator"].get(reverse("admin:jobs_job_change", args=[job.pk]))

    assert "Unpublish" not in listing.content.decode()
    assert page.status_code in (302, 403, 404)


def test_the_job_page_is_in_japanese_for_a_japanese_editor(clients, selection, settings):
    settings.SAGA_BULK_IN_REQUEST_MAX = 1
    clients["editor"].defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    act(clients["editor"], "unpublish", selection)
    call_command("run_jobs", "--once", verbosity=0)
    job = Job.objects.get()

    page = clients["editor"].get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()

    assert job.language == "ja"
    assert job.message == "4 件の出来事の公開を取り下げました。"
    assert "進み具合" in page and "ジョブが終わるまで" not in page
