import datetime as dt

from django.core.files.storage import Storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from images.models import Image
from images.services import delete_stored_files


def walk(storage: Storage, folder: str):
    """Yield the name of every file under ``folder`` in ``storage``."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}")


class Command(BaseCommand):
    help = (
        "Delete files under images/ in media storage that no image points to: left behind "
        "when a process died, or a transaction rolled back, after an upload was written. "
        "Files younger than --min-age minutes are kept, as an upload may still be committing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            help="Keep orphans younger than this many minutes (default 60).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the orphans without deleting them."
        )

    def handle(self, *args, min_age=60, dry_run=False, **options):
        if min_age < 0:
            raise CommandError("--min-age cannot be negative.")
        storage = Image._meta.get_field("file").storage
        try:
            stored = list(walk(storage, "images"))
        except FileNotFoundError:  # a local folder never written to; object stores list none
            stored = []
        referenced = {
            name
            for image in Image.objects.only("file", "renditions")
            for name in image.stored_names()
        }
        cutoff = timezone.now() - dt.timedelta(minutes=min_age)
        orphans = [
            name
            for name in stored
            if name not in referenced and storage.get_modified_time(name) <= cutoff
        ]
        for name in orphans:
            self.stdout.write(name)
        if not dry_run:
            delete_stored_files(storage, orphans)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(orphans)} orphaned files."))
