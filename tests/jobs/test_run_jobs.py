"""``manage.py run_jobs``: claiming, jobs whose worker died, failures, --help."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from jobs.models import Job
from jobs.runner import Worker
from tests.jobs.conftest import ready_events

pytestmark = pytest.mark.django_db


def queue(desk, events, action="unpublish"):
    from events.bulk_publication import JOB_KIND

    return Job.objects.create(
        kind=JOB_KIND,
        params={"model": "events.event", "action": action, "ids": [e.pk for e in events]},
        title="test",
        total=len(events),
        created_by=desk["editor"],
    )


def test_two_workers_never_claim_the_same_job(desk, story):
    first, second = queue(desk, [story]), queue(desk, [story])

    one, two, none = Worker().claim(), Worker().claim(), Worker().claim()

    assert {one.pk, two.pk} == {first.pk, second.pk}
    assert none is None
    assert one.worker != two.worker and one.attempts == two.attempts == 1


def abandoned(job, *, attempts: int):
    """Make ``job`` look claimed by a worker that died after ``attempts`` tries."""
    Job.objects.filter(pk=job.pk).update(
        state="running",
        worker="gone:1:abc",
        attempts=attempts,
        lease_expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    return job


def test_a_job_whose_worker_died_is_queued_again_and_finished(desk, selection):
    job = abandoned(queue(desk, selection), attempts=1)

    call_command("run_jobs", "--once", verbosity=0)

    job.refresh_from_db()
    assert (job.state, job.attempts) == ("succeeded", 2)
    assert set(
        Event.objects.filter(pk__in=[e.pk for e in selection]).values_list("state", flat=True)
    ) == {"draft"}


def test_a_job_abandoned_too_often_fails_saying_nothing_was_changed(desk, selection, settings):
    settings.SAGA_JOBS_MAX_ATTEMPTS = 2
    job = abandoned(queue(desk, selection), attempts=2)

    call_command("run_jobs", "--once", verbosity=0)

    job.refresh_from_db()
    assert job.state == "failed"
    assert "gone:1:abc" in job.message and "nothing was changed" in job.message
    assert "Given up after 2 attempts." in job.message
    states = Event.objects.filter(pk__in=[e.pk for e in selection]).values_list("state", flat=True)
    assert set(states) == {"published"}


def test_a_running_job_with_a_live_lease_is_left_to_its_worker(desk, selection):
    job = queue(desk, selection)
    Job.objects.filter(pk=job.pk).update(
        state="running", worker="busy:1:abc", lease_expires_at=timezone.now() + dt.timedelta(60)
    )

    call_command("run_jobs", "--once", verbosity=0)

    job.refresh_from_db()
    assert (job.state, job.worker) == ("running", "busy:1:abc")


def test_an_unknown_kind_of_job_is_refused_and_the_worker_carries_on(desk, story):
    odd = Job.objects.create(kind="nothing.known", title="odd", created_by=desk["editor"])
    later = queue(desk, ready_events(story.saga, 1))

    call_command("run_jobs", "--once", verbosity=0)

    odd.refresh_from_db()
    later.refresh_from_db()
    assert odd.state == "refused" and "nothing.known" in odd.message
    assert later.state == "succeeded"


def test_run_jobs_explains_itself(capsys):
    with pytest.raises(SystemExit):
        call_command("run_jobs", "--help")

    text = capsys.readouterr().out
    assert "--once" in text and "--lease" in text and "SIGTERM" in text
