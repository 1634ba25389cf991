"""XLIFF import at scale: read as a stream, written a batch at a time, all or nothing."""

import gzip

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from events.models import EventTranslation, SagaTranslation
from tests.translation.helpers import LETTER, fresh, set_target
from translations import xliff
from translations.xliff import export_xliff

pytestmark = pytest.mark.django_db

HEADLINE = "events.event:openai-2023/altman-fired:headline"
TITLE = "events.saga:openai-2023:title"


@pytest.fixture
def one_object_per_batch(monkeypatch):
    monkeypatch.setattr(xliff, "IMPORT_BATCH", 1)


def edited(saga):
    document = set_target(export_xliff(saga, "en"), TITLE, "The OpenAI board crisis")
    document = set_target(document, HEADLINE, "OpenAI's board ousts Sam Altman")
    return set_target(document, LETTER, "505 employees sign a letter")


def test_a_gzipped_file_imports_by_batches_with_progress_and_a_revision_per_batch(
    saga, team, tmp_path, capsys, one_object_per_batch, revisions
):
    path = tmp_path / "openai-2023.en.xlf.gz"
    path.write_bytes(gzip.compress(edited(saga)))
    versions_before = Version.objects.count()

    call_command("import_xliff", str(path), "--user", "tr-en")

    out = capsys.readouterr().out
    assert "object(s) read (" in out and "% of the file)" in out
    assert "3 object(s) imported for review" in out
    assert SagaTranslation.objects.get(language_code="en").title == "The OpenAI board crisis"
    letter = EventTranslation.objects.get(event__slug="letter", language_code="en")
    assert (letter.headline, letter.status) == ("505 employees sign a letter", "in_review")
    new_versions = Version.objects.order_by("pk")[versions_before:]
    assert len({version.revision_id for version in new_versions}) == 3  # one per batch
    assert {version.object_id for version in new_versions} >= {str(letter.pk)}


def test_a_file_broken_after_batches_were_written_changes_nothing(
    saga, team, tmp_path, one_object_per_batch
):
    fired = EventTranslation.objects.get(event__slug="altman-fired", language_code="en")
    path = tmp_path / "openai-2023.en.xlf"
    path.write_bytes(edited(saga)[:-30])  # the end of the file is missing

    with pytest.raises(CommandError, match="not well-formed XML"):
        call_command("import_xliff", str(path), "--user", "tr-en")

    assert fresh(fired).headline == fired.headline
    assert fresh(fired).version == fired.version
    assert SagaTranslation.objects.get(language_code="en").title != "The OpenAI board crisis"
    assert not EventTranslation.objects.filter(event__slug="letter", language_code="en").exists()


def test_a_damaged_gzip_file_is_refused_in_one_line(saga, team, tmp_path):
    path = tmp_path / "openai-2023.en.xlf.gz"
    path.write_bytes(gzip.compress(edited(saga))[:-40])

    with pytest.raises(CommandError) as error:
        call_command("import_xliff", str(path), "--user", "tr-en")

    assert "\n" not in str(error.value)
    assert not EventTranslation.objects.filter(event__slug="letter", language_code="en").exists()


def test_a_bulk_write_keeps_the_rows_rules(saga, team, one_object_per_batch):
    fired = EventTranslation.objects.get(event__slug="altman-fired", language_code="en")
    assert fired.status == "approved"

    xliff.import_xliff(edited(saga), file_name="x.xlf", user=team["translator"])

    row = fresh(fired)
    assert (row.headline, row.status) == ("OpenAI's board ousts Sam Altman", "in_review")
    assert row.version == fired.version + 1
    assert row.texts_digest == row.stored_digest()
    # Readers keep the approved text while the change awaits review.
    assert row.approved_texts["headline"] == fired.headline
    assert not row.is_stale


def test_one_mail_tells_the_reviewers_about_a_whole_import(
    saga, team, mailoutbox, django_capture_on_commit_callbacks, one_object_per_batch
):
    team["reviewer"].email = "reviewer@example.org"
    team["reviewer"].save()

    with django_capture_on_commit_callbacks(execute=True):
        xliff.import_xliff(edited(saga), file_name="x.xlf", user=team["translator"])

    assert len(mailoutbox) == 1
    assert "3" in mailoutbox[0].subject
    assert mailoutbox[0].to == ["reviewer@example.org"]
