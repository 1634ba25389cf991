"""Large XLIFF uploads run as a background job: the same import, its result on the job's page."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import LanguageAssignment
from events.models import EventTranslation
from jobs.models import Job
from tests.translation.helpers import LETTER, edit_source, set_target
from translations.xliff import export_xliff
from translations.xliff_jobs import PRIVATE_PREFIX

pytestmark = pytest.mark.django_db

HEADLINE = "events.event:openai-2023/altman-fired:headline"


@pytest.fixture
def large(settings):
    """Every file of more than 100 bytes is "large"."""
    settings.SAGA_XLIFF_IN_REQUEST_MAX_BYTES = 100


def upload(client, data, name="back.xlf", language="en"):
    return client.post(
        reverse("translations:xliff_import", args=["openai-2023"]),
        {"language_code": language, "file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def waiting_files() -> list[str]:
    root = settings.MEDIA_ROOT / PRIVATE_PREFIX
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def letter_row():
    return EventTranslation.objects.filter(event__slug="letter", language_code="en").first()


def run_jobs():
    call_command("run_jobs", "--once", verbosity=0)


def test_a_small_upload_is_imported_in_the_request(translator, saga):
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter")

    response = upload(translator, document)

    assert "1 object(s) imported for review" in response.content.decode()
    assert letter_row().headline == "Staff letter"
    assert not Job.objects.exists()


def test_a_large_upload_is_queued_then_applied_by_the_worker(translator, saga, large):
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter")

    response = upload(translator, document)

    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:jobs_job_change", args=[job.pk])
    assert "imported in the background" in response.content.decode()
    assert (job.state, job.total, job.created_by.username) == ("queued", len(document), "tr-en")
    assert letter_row() is None  # nothing yet
    [stored] = waiting_files()
    assert default_storage.open(PRIVATE_PREFIX + stored).read() == document

    run_jobs()

    job.refresh_from_db()
    assert job.state == "succeeded", job.message
    assert letter_row().headline == "Staff letter"
    assert letter_row().status == "in_review"
    assert waiting_files() == []  # deleted when the job ended
    page = translator.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "1 object(s) imported for review, " in page


def test_the_job_names_refused_units_and_nothing_applied_is_no_success(
    translator, saga, fired, large
):
    document = set_target(export_xliff(saga, "en"), HEADLINE, "Board fires Altman")
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")
    upload(translator, document)

    run_jobs()

    job = Job.objects.get()
    assert job.state == "refused"
    assert job.message.startswith("Nothing was imported.")
    assert "“OpenAI board fires Altman” · Headline: its source text changed" in job.message
    assert HEADLINE not in job.message
    assert waiting_files() == []


def test_a_malformed_large_file_changes_nothing_and_the_job_says_why(translator, saga, large):
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter")
    broken = document[: len(document) - 40]  # a good unit first, then a cut-off end
    upload(translator, broken)

    run_jobs()

    job = Job.objects.get()
    assert job.state == "refused"
    assert "Nothing was imported." in job.message
    assert "not well-formed XML" in job.message
    assert letter_row() is None
    assert waiting_files() == []
    page = translator.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "not well-formed XML" in page


def test_a_translator_without_the_language_is_refused_at_upload(client, team, saga, large):
    client.force_login(team["ja_translator"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter")

    response = upload(client, document)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists() and waiting_files() == []


def test_a_translator_who_lost_the_language_is_refused_by_the_job(translator, team, saga, large):
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter")
    upload(translator, document)
    LanguageAssignment.objects.filter(user=team["translator"]).delete()

    run_jobs()

    job = Job.objects.get()
    assert job.state == "refused"
    assert "You may not write text in English." in job.message
    assert letter_row() is None
    assert waiting_files() == []


def test_a_worker_stopped_mid_import_writes_nothing_and_keeps_the_file(
    translator, saga, large, monkeypatch
):
    from jobs.registry import JobStopped
    from jobs.runner import JobContext, Worker

    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter")
    upload(translator, document)
    reports = []
    real_progress = JobContext.progress

    def stop_inside_the_import(self, done, **kwargs):
        reports.append(done)
        if len(reports) > 1:  # the first is committed before the import's transaction
            raise JobStopped("stopping")
        real_progress(self, done, **kwargs)

    monkeypatch.setattr(JobContext, "progress", stop_inside_the_import)
    assert Worker().run_next()  # one job, once (run_jobs would take it again and again)

    job = Job.objects.get()
    assert job.state == "queued" and len(reports) == 2
    assert letter_row() is None
    assert len(waiting_files()) == 1  # the next worker needs it

    monkeypatch.setattr(JobContext, "progress", real_progress)
    run_jobs()

    job.refresh_from_db()
    assert job.state == "succeeded" and job.done == job.total
    assert letter_row().headline == "Staff letter"
    assert waiting_files() == []


def test_a_job_given_up_after_its_workers_died_deletes_the_uploaded_file(
    translator, saga, large, settings
):
    from tests.jobs.test_run_jobs import abandoned

    settings.SAGA_JOBS_MAX_ATTEMPTS = 2
    upload(translator, set_target(export_xliff(saga, "en"), LETTER, "Staff letter"))
    job = abandoned(Job.objects.get(), attempts=2)
    assert len(waiting_files()) == 1

    run_jobs()

    job.refresh_from_db()
    assert job.state == "failed" and "Given up after 2 attempts." in job.message
    assert letter_row() is None
    assert waiting_files() == []


def test_a_job_taken_back_from_a_dead_worker_keeps_its_file_for_the_next(translator, saga, large):
    from jobs.runner import Worker
    from tests.jobs.test_run_jobs import abandoned

    upload(translator, set_target(export_xliff(saga, "en"), LETTER, "Staff letter"))
    job = abandoned(Job.objects.get(), attempts=1)

    assert Worker().take_back_abandoned() == 1

    job.refresh_from_db()
    assert job.state == "queued"
    assert len(waiting_files()) == 1
