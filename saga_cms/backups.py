"""
Whole-site backups as one file, and their restore (``manage.py backup`` / ``restore``).

A backup is an uncompressed tar holding ``manifest.json`` (the database's kind, when, the
latest migration of each app), the database copied by the database's own tool (PostgreSQL:
``pg_dump --format=custom``, consistent while the site runs; SQLite: the online backup API,
page by page under a read transaction) and, when uploads are stored in a local folder,
``media/`` (files in an S3 bucket are the bucket's to keep). Nothing goes through the ORM,
so its time does not depend on how rows refer to each other (``dumpdata``'s natural keys
were looked up one row at a time).

A backup is written to a temporary file next to the target and renamed into place, so a
failed run leaves no partial file. A restore replaces the whole database in one
transaction (``pg_restore --single-transaction``; SQLite's backup API into the live
database) and then the media folder; afterwards every content version moves past any value
seen before, so no cached answer of the discarded state is ever served again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore could not be made; the message is one line saying why."""


def _report(progress: Callable[[str], None] | None, message: str, started: float) -> None:
    if progress is not None:
        progress(f"{time.monotonic() - started:7.1f} s  {message}")


def local_media_root() -> Path | None:
    """The folder uploads are stored in, or None when they are not stored locally."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def _pg_environment(db: dict) -> dict:
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (it comes with PostgreSQL).") from error
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise BackupError(f"{command[0]} failed: {lines[-1] if lines else result.returncode}")


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _copy_database(using: str, target: Path) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", target]
        _run([str(part) for part in command], _pg_environment(connection.settings_dict))
        return
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def _migrations(using: str) -> dict[str, str]:
    latest = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup_create(
    target: Path, *, using: str = DEFAULT_DB_ALIAS, progress=None, media: bool = True
) -> dict:
    """Write a backup of the database (and local media) to ``target``; return its manifest."""
    started = time.monotonic()
    vendor = _vendor(using)
    target = Path(target)
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    media_root = local_media_root() if media else None
    manifest = {
        "format": FORMAT,
        "database": vendor,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "migrations": _migrations(using),
        "media": media_root is not None,
    }
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        database = Path(work) / DATABASE_FILES[vendor]
        _report(progress, f"copying the {vendor} database…", started)
        _copy_database(using, database)
        _report(progress, f"database copied ({database.stat().st_size / 2**20:.1f} MB)", started)
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(Path(work) / MANIFEST, MANIFEST)
            archive.add(database, database.name)
            if media_root is not None and media_root.is_dir():
                files = 0
                for path in sorted(media_root.rglob("*")):
                    if path.is_file():
                        archive.add(path, f"{MEDIA}/{path.relative_to(media_root)}")
                        files += 1
                _report(progress, f"media: {files} file(s) from {media_root}", started)
            elif media_root is None:
                _report(progress, "media: stored outside this machine, not included", started)
        os.replace(partial, target)
    _report(progress, f"written {target} ({target.stat().st_size / 2**20:.1f} MB)", started)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member is not None else None
    except (KeyError, ValueError) as error:
        raise BackupError("This is not a saga_cms backup (no manifest).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This is not a saga_cms backup of a known format.")
    return manifest


def _restore_database(using: str, database: Path, vendor: str) -> None:
    connection = connections[using]
    if vendor == "postgresql":
        connection.close()  # so the tables it used are free to be replaced
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            connection.settings_dict["NAME"],
            str(database),
        ]
        _run(command, _pg_environment(connection.settings_dict))
        return
    connection.ensure_connection()
    with sqlite3.connect(database) as source:
        source.backup(connection.connection)
    source.close()


def _restore_media(archive: tarfile.TarFile, media_root: Path, work: Path) -> int:
    """Replace ``media_root`` by the backup's media folder; return the number of files."""
    members = [m for m in archive.getmembers() if m.name.startswith(f"{MEDIA}/") and m.isfile()]
    archive.extractall(work, members=members, filter="data")
    unpacked = work / MEDIA
    unpacked.mkdir(exist_ok=True)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    previous = media_root.with_name(media_root.name + ".before-restore")
    if previous.exists():
        shutil.rmtree(previous)
    if media_root.exists():
        os.replace(media_root, previous)
    shutil.move(unpacked, media_root)
    if previous.exists():
        shutil.rmtree(previous)
    return len(members)


def _move_versions_past(version_before: int, using: str) -> None:
    """Move every content version past ``version_before`` (cached answers of the old state)."""
    from core.freshness import EVERYTHING, GLOBAL, touch
    from core.models import ContentVersion

    with transaction.atomic(using=using):
        ContentVersion.objects.using(using).filter(key=GLOBAL, version__lt=version_before).update(
            version=version_before
        )
        touch({EVERYTHING}, using=using)


def backup_restore(source: Path, *, using: str = DEFAULT_DB_ALIAS, progress=None) -> dict:
    """Replace the database (and local media) by the backup in ``source``; return its manifest."""
    from core.freshness import global_version

    started = time.monotonic()
    vendor = _vendor(using)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no file {source}.")
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source} is not a saga_cms backup (not a tar file).")
    with tarfile.open(source, "r:") as archive, tempfile.TemporaryDirectory() as work:
        manifest = _read_manifest(archive)
        if manifest["database"] != vendor:
            raise BackupError(
                f"This backup is of a {manifest['database']} database; this site runs on "
                f"{vendor} (use dumpdata/loaddata to move between them)."
            )
        name = DATABASE_FILES[vendor]
        try:
            archive.extract(name, work, filter="data")
        except KeyError as error:
            raise BackupError(f"The backup holds no {name}: it is damaged.") from error
        version_before = global_version(using)
        _report(progress, f"restoring the {vendor} database…", started)
        _restore_database(using, Path(work) / name, vendor)
        _move_versions_past(version_before, using)
        _report(progress, "database restored", started)
        media_root = local_media_root()
        if manifest.get("media") and media_root is not None:
            files = _restore_media(archive, media_root, Path(work))
            _report(progress, f"media: {files} file(s) restored into {media_root}", started)
    return manifest


def default_backup_name() -> str:
    return f"saga_cms-{dt.datetime.now(dt.UTC):%Y-%m-%d-%H%M%S}.backup"


__all__ = ["BackupError", "backup_create", "backup_restore", "default_backup_name"]
