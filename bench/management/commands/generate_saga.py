import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.synthetic import synthetic_saga_create


class Command(BaseCommand):
    help = (
        "Generate a published synthetic saga for benchmarks: N events over chapters, each "
        "with three people, two cited sources, tags and approved Japanese and English text, "
        "plus a few drafts, texts awaiting review, machine translations and stale "
        "translations. The same seed always gives the same content. Everything is invented "
        "(names, organisations, .example addresses) and written in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", type=int, default=2000, help="How many events (default 2000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: same seed, same saga (default 1)."
        )
        parser.add_argument(
            "--slug", default="synthetic", help="The saga's slug (default “synthetic”)."
        )
        parser.add_argument(
            "--chapters",
            type=int,
            default=None,
            help="How many chapters (default: one per 200 events, at least 3).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete a saga with this slug (and what was generated for it) first.",
        )

    def handle(self, *args, events, seed, slug, chapters, replace, verbosity, **options):
        self.verbosity, self.started = verbosity, time.monotonic()
        try:
            counts = synthetic_saga_create(
                slug=slug,
                events=events,
                seed=seed,
                chapters=chapters,
                replace=replace,
                progress=self.report_progress,
            )
        except ValidationError as error:
            raise CommandError(f"Nothing generated: {'; '.join(error.messages)}.") from error
        # Tens of thousands of rows arrived at once: refresh the planner's statistics, as
        # after any bulk load, so that the first queries on them get sensible plans.
        self.report_progress("analysing the tables")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.monotonic() - self.started
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated saga “{slug}” (seed {seed}) in {elapsed:.1f} s: {summary}."
            )
        )

    def report_progress(self, stage: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"  {time.monotonic() - self.started:5.1f} s  {stage}…")
