"""``manage.py backup`` and ``restore``: the database's own tools, the site's content back."""

import tarfile

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from events.models import Event
from tests.scenarios import newsroom

FIRED = "/en/sagas/board-crisis/fired/"
LETTER = "/en/sagas/board-crisis/letter/"


def change_headline(user, headline):
    editor = APIClient()
    editor.force_authenticate(user)
    fired = Event.objects.get(saga__slug="board-crisis", slug="fired")
    url = f"/api/v1/events/{fired.pk}/translations/en/"
    etag = editor.get(url)["ETag"]
    changed = editor.patch(url, {"headline": headline}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content


def test_a_backup_restores_changed_and_deleted_content_and_media(
    transactional_db, django_user_model, client, settings, tmp_path
):
    newsroom(django_user_model)
    desk = django_user_model.objects.get(username="desk")
    change_headline(desk, "Altman ousted")
    uploaded = settings.MEDIA_ROOT / "images" / "kept.txt"
    uploaded.parent.mkdir(parents=True, exist_ok=True)
    uploaded.write_text("an uploaded file")
    assert "Altman ousted" in client.get(FIRED).content.decode()
    assert client.get(LETTER).status_code == 200
    backup = tmp_path / "site.backup"

    call_command("backup", str(backup), verbosity=0)

    with tarfile.open(backup) as archive:
        assert "manifest.json" in archive.getnames()
        assert "media/images/kept.txt" in archive.getnames()
    change_headline(desk, "Altman is back")
    Event.objects.get(saga__slug="board-crisis", slug="letter").delete()
    uploaded.unlink()
    (settings.MEDIA_ROOT / "images" / "new.txt").write_text("made after the backup")
    assert "Altman is back" in client.get(FIRED).content.decode()
    assert client.get(LETTER).status_code == 404

    call_command("restore", str(backup), interactive=False, verbosity=0)

    page = client.get(FIRED).content.decode()
    assert "Altman ousted" in page and "Altman is back" not in page
    assert client.get(LETTER).status_code == 200
    assert uploaded.read_text() == "an uploaded file"
    assert not (settings.MEDIA_ROOT / "images" / "new.txt").exists()
    # The site goes on after a restore: new rows get new keys, edits are published.
    change_headline(desk, "Altman returns")
    assert "Altman returns" in client.get(FIRED).content.decode()


def test_a_file_that_is_not_a_backup_is_refused_in_one_line_and_nothing_changes(
    transactional_db, django_user_model, client, tmp_path
):
    newsroom(django_user_model)
    wrong = tmp_path / "notes.backup"
    wrong.write_text("not a tar file")
    with pytest.raises(CommandError, match=r"^Nothing restored: .*notes\.backup") as error:
        call_command("restore", str(wrong), interactive=False, verbosity=0)
    assert "\n" not in str(error.value)
    with pytest.raises(CommandError, match="Nothing restored: there is no file"):
        call_command("restore", str(tmp_path / "missing"), interactive=False, verbosity=0)
    assert client.get(LETTER).status_code == 200


def test_a_backup_into_a_missing_folder_fails_and_leaves_no_file(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="No backup written: The folder .* does not exist"):
        call_command("backup", str(tmp_path / "absent" / "site.backup"), verbosity=0)
    assert not (tmp_path / "absent").exists()
