from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saga_cms.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace this site's database (and its local uploaded files) by a backup made with "
        "`manage.py backup` on the same kind of database. Everything written since the "
        "backup is lost; the database is replaced in one transaction, so a failed restore "
        "leaves it as it was. Run `manage.py migrate` afterwards when the code is newer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file, interactive, verbosity, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"Nothing restored: there is no file {source}.")
        if interactive:
            answer = input(
                f"This replaces the database and media by {source.name}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored: not confirmed.")
        progress = self.stdout.write if verbosity >= 1 else None
        try:
            manifest = backup_restore(source, progress=progress)
        except (BackupError, OSError) as error:
            raise CommandError(f"Nothing restored: {error}") from error
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Restored the backup made at {manifest['created_at']}.")
            )
