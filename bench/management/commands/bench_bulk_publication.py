"""
Bulk unpublish (or publish) of a whole saga as the admin queues it, run by a real worker.

Queues the job for every event of ``--saga`` as the editor ``--user``, starts
``manage.py run_jobs --once`` in a process of its own, reads the job's progress from this
process while it runs (as the job page does), and prints the time to completion, the
worker's peak memory (its maximum resident set size) and the job's final message. With
``--append`` the figures are added to bench/RESULTS.md.
"""

import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection
from django.utils import translation

from events.bulk_publication import ACTIONS, bulk_state_start
from events.models import Event
from jobs.models import Job


class Command(BaseCommand):
    help = "Time a bulk publication job on a whole saga: completion time, worker memory."

    def add_arguments(self, parser):
        parser.add_argument("--saga", default="synthetic", help="Slug of the saga.")
        parser.add_argument("--action", default="unpublish", choices=sorted(ACTIONS))
        parser.add_argument("--user", default="desk", help="The editor who starts it.")
        parser.add_argument("--append", action="store_true", help="Append to bench/RESULTS.md.")

    def handle(self, *args, saga, action, user, append, **options):
        editor = get_user_model().objects.filter(username=user).first()
        if editor is None:
            raise CommandError(f"No user “{user}” (manage.py create_editor).")
        events = Event.objects.filter(saga__slug=saga)
        ids = list(events.values_list("pk", flat=True))
        if not ids:
            raise CommandError(f"The saga “{saga}” has no events.")
        published = list(events.filter(state="published").values_list("pk", flat=True))
        settings.SAGA_BULK_IN_REQUEST_MAX = 0  # always a job, as a large selection is
        results = [self.run_job(editor, ids, action)]
        if action == "unpublish" and published:
            # Publish back what was published, so that the bench can run again.
            results.append(self.run_job(editor, published, "publish"))
        for result in results:
            self.stdout.write(result)
        if append:
            path = Path(settings.BASE_DIR) / "bench" / "RESULTS.md"
            with path.open("a", encoding="utf-8") as file:
                file.write("".join(result + "\n" for result in results))

    def run_job(self, editor, ids, action) -> str:
        with translation.override("en"):
            job = bulk_state_start(model=Event, ids=ids, action=action, user=editor).job
        started = time.monotonic()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_jobs", "--once", "-v", "0"],
            cwd=settings.BASE_DIR,
        )
        reads, last = 0, None
        while worker.poll() is None:
            time.sleep(0.5)
            try:
                row = Job.objects.values_list("state", "done", "total").get(pk=job.pk)
            except OperationalError as error:  # reported, not hidden
                row = ("unreadable", str(error), "")
            reads += 1
            if row != last:
                self.stderr.write(f"{time.monotonic() - started:6.1f}s {row[0]} {row[1]}/{row[2]}")
            last = row
            connection.close()
        elapsed = time.monotonic() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
        job.refresh_from_db()
        if worker.returncode or job.state != "succeeded":
            raise CommandError(f"The job ended {job.state}: {job.message}")
        memory = f"{peak / 1024:.0f} MB" if peak > before else "≤ previous"
        return (
            f"| {datetime.now(UTC):%Y-%m-%d} | bulk {action} job | {connection.vendor} | "
            f"{len(ids):,} events | {elapsed:.1f} s (worker CPU {cpu:.1f} s, "
            f"load {os.getloadavg()[0]:.1f}) | "
            f"worker peak RSS {memory} | "
            f"{reads} progress reads | {job.message} |"
        )
