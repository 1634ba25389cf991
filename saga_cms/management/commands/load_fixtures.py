from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import Saga


class Command(BaseCommand):
    help = (
        "Load every fixture in fixtures/ into an empty database (the demo sagas). "
        "Does nothing when sagas already exist, so editors' changes are never overwritten; "
        "--force reloads them (fixtures use natural keys, so objects are updated, not duplicated)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if sagas exist.")
        parser.add_argument(
            "--directory",
            default=str(settings.BASE_DIR / "fixtures"),
            help="Where the fixtures are.",
        )

    def handle(self, *args, force=False, directory=None, **options):
        files = sorted(Path(directory).glob("*.json"))
        if not files:
            self.stdout.write(f"No fixtures in {directory}.")
            return
        if Saga.objects.exists() and not force:
            self.stdout.write("Sagas already exist; fixtures not loaded (use --force to reload).")
            return
        try:
            with transaction.atomic():
                for number, path in enumerate(files, start=1):
                    self.stdout.write(f"[{number}/{len(files)}] {path.name}")
                    call_command("loaddata", str(path), verbosity=0)
        except Exception as error:  # loaddata raises many kinds; all mean "nothing loaded"
            raise CommandError(f"Fixtures not loaded, nothing changed: {reason(error)}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(files)} fixture file(s)."))


def reason(error: BaseException) -> str:
    """
    Return ``error``'s message on one line, with its cause's when it does not say it.

    loaddata names the fixture but, for a file that is not valid JSON, not what is wrong
    with it: that is the message of the parser's error it was raised from.
    """
    message = str(error)
    cause = error.__cause__
    if cause is not None and str(cause) and str(cause) not in message:
        message = f"{message} {cause}"
    return " ".join(message.split())
