"""Import a TimelineJS 3 JSON file, or its Google Sheets template saved as CSV, as a draft saga."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.permissions import COMMAND_LINE
from events.timelinejs import TimelineError, read_timeline, timeline_import


class Command(BaseCommand):
    help = (
        "Import a Knight Lab TimelineJS 3 JSON file, or the TimelineJS Google Sheets template "
        "exported as CSV, into a new draft saga: chapters from eras and groups, one event per "
        "slide (dates as precise as given), each slide's media as its cited source. All or "
        "nothing: a bad row or event is named and nothing is written. With --user the import is "
        "made as that editor; without it, as the server's operator."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .json or .csv file.")
        parser.add_argument("--slug", required=True, help="The new saga's slug.")
        parser.add_argument(
            "--time-zone",
            required=True,
            help="Where the story happened (IANA name, e.g. America/Los_Angeles): "
            "the file's dates are read there.",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="The language the file is written in (default: %(default)s).",
        )
        parser.add_argument(
            "--user",
            default=None,
            help="The editor the import is made by (a username); without it, the server's "
            "operator (every right, attributed to no account).",
        )
        parser.add_argument("--title", default="", help="The saga's title, if the file has none.")

    def handle(self, *args, file: Path, slug, time_zone, language, user, title, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        languages = [code for code, _name in settings.LANGUAGES]
        if language not in languages:
            raise CommandError(f"--language {language}: use one of {', '.join(languages)}.")
        editor = COMMAND_LINE
        if user is not None:
            editor = get_user_model()._default_manager.filter(username=user, is_active=True).first()
            if editor is None:
                raise CommandError(f"--user {user}: no such user (or not active).")
        try:
            timeline = read_timeline(file)
            self.stdout.write(
                f"{file.name}: {len(timeline.slides)} events, {len(timeline.eras)} eras."
            )
            saga = timeline_import(
                timeline=timeline,
                slug=slug,
                time_zone=time_zone,
                language=language,
                user=editor,
                file_name=file.name,
                title=title,
                progress=self.report_progress,
            )
        except TimelineError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            count = len(error.problems)
            raise CommandError(
                f"{file.name}: nothing imported, {count} problem{'s' if count > 1 else ''}: "
                f"{error.problems[0]}{' …' if count > 1 else ''}"
            ) from None
        except ValidationError as error:
            raise CommandError(
                f"{file.name}: nothing imported: {' '.join(error.messages)}"
            ) from None
        except PermissionDenied as error:
            raise CommandError(f"--user {user}: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {saga.events.count()} events into the draft saga “{saga.slug}”."
            )
        )

    def report_progress(self, done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            self.stdout.write(f"  {done}/{total} events")
