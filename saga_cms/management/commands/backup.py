from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saga_cms.backups import BackupError, backup_create, default_backup_name


class Command(BaseCommand):
    help = (
        "Write a backup of the whole site to one file: the database copied by its own tool "
        "(pg_dump on PostgreSQL, the online backup API on SQLite; both consistent while the "
        "site runs) and the uploaded files when they are stored in a local folder. The file "
        "is written under a temporary name and renamed when complete. Restore it with "
        "`manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=None,
            help="Where to write the backup (default: saga_cms-<date-time>.backup here).",
        )
        parser.add_argument("--no-media", action="store_true", help="Leave the uploaded files out.")

    def handle(self, *args, file, no_media, verbosity, **options):
        target = Path(file or default_backup_name())
        progress = self.stdout.write if verbosity >= 1 else None
        try:
            backup_create(target, progress=progress, media=not no_media)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup written: {error}") from error
