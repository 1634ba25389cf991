import datetime
import re
from collections import Counter

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.progress import Progress
from sources.linkcheck import (
    Outcome,
    check_sources,
    failing_span_before_removed,
    failures_before_removed,
    is_checkable,
    sources_to_check,
)
from sources.models import Availability

MAX_WORKERS = 32
MAX_TIMEOUT = 120
DURATION = re.compile(r"^(\d+)([smhdw])$")
DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> datetime.timedelta:
    match = DURATION.match(text.strip())
    if not match:
        raise CommandError(
            f"--older-than takes a number and a unit (s, m, h, d or w), such as 7d; got “{text}”."
        )
    return datetime.timedelta(**{DURATION_UNITS[match[2]]: int(match[1])})


class Command(BaseCommand):
    help = (
        "Check that each source's URL is still online and record its availability and when "
        "it was checked. A 404 or 410 marks a source no longer online at once; a network "
        "error, time-out or server error only after repeated failures spread over days "
        "(SAGA_SOURCE_CHECK_FAILURES, SAGA_SOURCE_CHECK_FAILING_DAYS). Sources already "
        "marked no longer online are not checked again unless --include-removed is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--saga", metavar="SLUG", help="Only the sources this saga cites.")
        parser.add_argument(
            "--older-than",
            metavar="AGE",
            help="Only sources never checked or last checked longer ago than AGE (30m, 12h, 7d).",
        )
        parser.add_argument(
            "--include-removed",
            action="store_true",
            help="Also check sources marked no longer online (an answer restores them).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=8,
            help=f"How many URLs to check at once (1 to {MAX_WORKERS}; default 8).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=10.0,
            help="Seconds to wait for each connection and answer (default 10).",
        )

    def handle(self, *args, saga=None, older_than=None, include_removed=False, **options):
        workers, timeout = options["workers"], options["timeout"]
        self.verbosity = options["verbosity"]
        if not 1 <= workers <= MAX_WORKERS:
            raise CommandError(f"--workers must be between 1 and {MAX_WORKERS}; got {workers}.")
        if not 0 < timeout <= MAX_TIMEOUT:
            raise CommandError(
                f"--timeout must be more than 0 and at most {MAX_TIMEOUT} seconds; got {timeout}."
            )
        checked_before = timezone.now() - parse_duration(older_than) if older_than else None
        if saga and not apps.get_model("events", "Saga").objects.filter(slug=saga).exists():
            raise CommandError(f"There is no saga with the slug “{saga}”.")

        candidates = list(
            sources_to_check(
                saga_slug=saga, checked_before=checked_before, include_removed=include_removed
            ).only("pk", "slug", "url")
        )
        targets = [source for source in candidates if is_checkable(source.url)]
        without_url = len(candidates) - len(targets)

        progress = Progress(self.stderr, len(targets), label="Checking sources")
        try:
            checks = check_sources(
                targets,
                workers=workers,
                timeout=timeout,
                on_checked=lambda check: self.checked(check, progress),
            )
        except KeyboardInterrupt:
            raise CommandError(
                f"Interrupted after {progress.done} of {len(targets)} sources; "
                "those checked are recorded."
            ) from None
        finally:
            progress.close()
        self.report(checks, without_url=without_url)

    def checked(self, check, progress):
        progress.advance()
        result = check.result
        if check.changed_to == Availability.REMOVED:
            self.stdout.write(f"No longer online: {check.slug} ({check.url}): {result.detail}")
        elif self.verbosity >= 2 and result.outcome is not Outcome.ONLINE:
            self.stdout.write(f"{result.outcome.value}: {check.slug}: {result.detail}")

    def report(self, checks, *, without_url):
        outcomes = Counter(check.result.outcome for check in checks)
        removed = sum(1 for check in checks if check.changed_to == Availability.REMOVED)
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked {len(checks)} source(s): {outcomes[Outcome.ONLINE]} online, "
                f"{outcomes[Outcome.GONE]} gone (404/410), "
                f"{outcomes[Outcome.FAILED]} unreachable this time, "
                f"{outcomes[Outcome.REFUSED]} refused the checker; "
                f"{removed} newly marked no longer online. "
                f"Skipped {without_url} without a web address."
            )
        )
        if outcomes[Outcome.FAILED]:
            self.stdout.write(
                f"An unreachable source is marked no longer online after "
                f"{failures_before_removed()} failed checks in a row over at least "
                f"{failing_span_before_removed().days} day(s)."
            )
