"""Backups: dumpdata with natural keys restores the same content into an empty database."""

import contextlib
import json
import os
import subprocess
import sys
import uuid

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from editorial.revisions import object_versions
from events.models import Event, EventTranslation
from tests.backup.backup import CONTENT_APPS, render_public_pages, snapshot
from tests.scenarios import newsroom

# The backup command documented in README.md ("Backup and restore").
BACKUP_ARGS = [
    "--natural-foreign",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=axes",
]

AFTER_RESTORE = """
import json, django
django.setup()
from tests.backup.backup import snapshot
from events.models import Event, Saga, Tag
content = snapshot(with_pks=True)
# New rows after a restore get fresh keys (sequences were moved past the restored rows).
tag = Tag.objects.create(slug="after-restore", original_language="ja")
event = Event.objects.create(
    saga=Saga.objects.get(slug="board-crisis"), slug="after-restore",
    start_at="2023-11-22T00:00Z", original_language="ja",
)
print(json.dumps({"snapshot": content, "new_keys": [tag.pk, event.pk]}))
"""


def test_a_natural_key_export_loads_into_an_emptied_database(
    transactional_db, django_user_model, tmp_path
):
    newsroom(django_user_model)
    before = snapshot(with_pks=False)
    export = tmp_path / "content.json"

    call_command(
        "dumpdata",
        "auth.group",
        "auth.user",
        "accounts",
        *CONTENT_APPS,
        "--natural-foreign",
        "--natural-primary",
        output=str(export),
        verbosity=0,
    )
    call_command("flush", interactive=False, verbosity=0)
    assert not Event.objects.exists()
    call_command("loaddata", str(export), verbosity=0)

    assert snapshot(with_pks=False) == before


@contextlib.contextmanager
def empty_database(tmp_path):
    """Yield the DATABASE_URL of a new, empty database of the kind the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
        yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(database_url, *args):
    result = subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "saga_cms.settings",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the same uploaded files
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_backup_restored_into_a_new_database_holds_the_same_content(
    transactional_db, django_user_model, tmp_path
):
    call_command("load_fixtures", verbosity=0)
    newsroom(django_user_model)
    assert Event.objects.filter(saga__slug="openai-2023").exists()  # the shipped saga too
    before = snapshot(with_pks=True)
    backup = tmp_path / "backup.json.gz"
    call_command("dumpdata", *BACKUP_ARGS, output=str(backup), verbosity=0)

    with empty_database(tmp_path) as database_url:
        restore(database_url, "manage.py", "migrate", "--no-input", "--verbosity=0")
        restore(database_url, "manage.py", "flush", "--no-input", "--verbosity=0")
        restore(database_url, "manage.py", "loaddata", str(backup), "--verbosity=0")
        after = json.loads(restore(database_url, "-c", AFTER_RESTORE).splitlines()[-1])

    assert after["snapshot"] == before
    assert min(after["new_keys"]) > 0
    assert after["new_keys"][1] > max(row["id"] for row in before["events.Event"])


PAGES_AND_HISTORY_AFTER_RESTORE = """
import json, sys, django
django.setup()
from django.conf import settings
settings.DEBUG = False  # as in the tests that rendered the pages before the backup
from events.models import EventTranslation
from editorial.revisions import object_versions, revert_object
from tests.backup.backup import render_public_pages

text = EventTranslation.objects.get(pk=int(sys.argv[1]))
versions = list(object_versions(EventTranslation, text.pk))
result = {
    "pages": render_public_pages(),
    "history": [version.field_dict["headline"] for version in versions],
    "revision_comments": [version.revision.get_comment() for version in versions],
}
revert_object(versions[-1])  # back to the text as first saved through the API
result["reverted"] = render_public_pages(["/en/sagas/board-crisis/fired/"])
print(json.dumps(result))
"""


def test_a_restored_backup_renders_the_same_pages_and_its_history_still_reverts(
    transactional_db, django_user_model, tmp_path
):
    newsroom(django_user_model)
    editor = APIClient()
    editor.force_authenticate(django_user_model.objects.get(username="desk"))
    fired = Event.objects.get(saga__slug="board-crisis", slug="fired")
    text_url = f"/api/v1/events/{fired.pk}/translations/en/"
    for headline in ["Altman is fired", "Altman ousted"]:  # two revisions of the text
        etag = editor.get(text_url)["ETag"]
        changed = editor.patch(text_url, {"headline": headline}, format="json", HTTP_IF_MATCH=etag)
        assert changed.status_code == 200, changed.content
    text = EventTranslation.objects.get(event=fired, language_code="en")
    history = [v.field_dict["headline"] for v in object_versions(EventTranslation, text.pk)]
    assert history == ["Altman ousted", "Altman is fired"]
    pages = render_public_pages()
    assert "Altman ousted" in pages["/en/sagas/board-crisis/fired/"]
    backup = tmp_path / "backup.json"
    call_command("dumpdata", *BACKUP_ARGS, output=str(backup), verbosity=0)

    with empty_database(tmp_path) as database_url:
        restore(database_url, "manage.py", "migrate", "--no-input", "--verbosity=0")
        restore(database_url, "manage.py", "flush", "--no-input", "--verbosity=0")
        restore(database_url, "manage.py", "loaddata", str(backup), "--verbosity=0")
        output = restore(database_url, "-c", PAGES_AND_HISTORY_AFTER_RESTORE, str(text.pk))
        after = json.loads(output.splitlines()[-1])

    assert after["pages"].keys() == pages.keys()
    for url, page in pages.items():
        assert after["pages"][url] == page, url
    assert after["history"] == history
    assert all(after["revision_comments"])
    reverted = after["reverted"]["/en/sagas/board-crisis/fired/"]
    assert "Altman is fired" in reverted
    assert "Altman ousted" not in reverted
