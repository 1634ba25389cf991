from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.permissions import COMMAND_LINE
from translations.xliff import XliffError, import_xliff


class Command(BaseCommand):
    help = (
        "Read a translated XLIFF 1.2 file (made by export_xliff; plain or .xlf.gz) back into "
        "the saga it came from, as a stream, a batch of objects at a time, with progress. "
        "All or nothing: one bad unit and nothing is written. Imported texts go to "
        "review (never approved); units whose source text changed since the export are "
        "listed and not applied. With --user the import is made as that account, whose "
        "language rights apply; without it, as the server's operator (every right)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The XLIFF file.")
        parser.add_argument(
            "--user",
            default=None,
            help="Username the import is made as (a translator, reviewer or editor).",
        )

    def progress(self, result, bytes_read, size):
        share = f" ({bytes_read / size:.0%} of the file)" if size else ""
        self.stdout.write(
            f"  {result.objects_read:,} object(s) read{share}, {len(result.applied):,} applied",
            ending="\n",
        )
        self.stdout.flush()

    def handle(self, *args, file, user, **options):
        account = COMMAND_LINE
        if user is not None:
            account = (
                get_user_model()._default_manager.filter(username=user, is_active=True).first()
            )
            if account is None:
                raise CommandError(f"There is no active user “{user}”.")
        path = Path(file)
        progress = self.progress if options["verbosity"] >= 1 else None
        try:
            with path.open("rb") as stream:
                result = import_xliff(stream, file_name=path.name, user=account, progress=progress)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except XliffError as error:
            raise CommandError(
                f"Nothing imported from {path.name}: " + " ".join(error.problems)
            ) from error
        for refusal in result.refused:
            self.stderr.write(
                self.style.WARNING(
                    f"Not applied: “{refusal.label}” ({refusal.field}, {refusal.unit_id}): "
                    f"{refusal.reason}"
                )
            )
        summary = (
            f"{result.saga.slug} [{result.language_code}]: {len(result.applied)} object(s) "
            f"imported for review, {result.unchanged} unchanged, "
            f"{len(result.refused)} unit(s) not applied."
        )
        # Nothing applied (or some units left out) is not reported as a success.
        style = self.style.SUCCESS if result.applied and not result.refused else self.style.WARNING
        self.stdout.write(style(summary))
