from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from core.freshness import superseded_schedule


class Command(BaseCommand):
    help = (
        "Delete scheduled changes (go-lives and expiries) that no longer count: passed, with "
        "a later passed change of the same content. No cached answer is invalidated: each "
        "content's freshness reads only its last passed change. Safe to run at any time, "
        "for example daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count them without deleting them."
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            with transaction.atomic():
                rows = superseded_schedule()
                if dry_run:
                    count = rows.count()
                else:
                    count, _by_model = rows.delete()
        except DatabaseError as error:
            raise CommandError(f"Could not prune the scheduled changes: {error}") from error
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} passed scheduled changes."))
