"""The background worker: ``manage.py run_jobs`` (``make run`` starts one beside the site)."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection

from jobs.runner import Worker, lease_seconds


class Command(BaseCommand):
    help = (
        "Run background jobs (large bulk actions of the admin) as they are queued. Several "
        "workers may run at once; each claims its own jobs. SIGTERM or Ctrl-C stops the "
        "worker cleanly: a job in progress goes back to the queue, unchanged. A job whose "
        "worker died is queued again once its lease expires."
    )
    # As gunicorn, a worker does not run the system checks (``manage.py check`` does): they
    # were half of its start, in time and memory, and a job waits for its worker to start.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run the jobs queued now (and those abandoned), then exit.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait between looks at an empty queue (default 1).",
        )
        parser.add_argument(
            "--lease",
            type=int,
            default=None,
            help=(
                "Seconds a job stays this worker's without a progress report before another "
                f"worker takes it back (default SAGA_JOBS_LEASE_SECONDS, {lease_seconds()})."
            ),
        )

    def handle(self, *args, once, interval, lease, verbosity, **options):
        if lease is not None and lease < 1:
            raise CommandError("--lease must be at least 1 second.")
        worker = Worker(lease=lease, out=self.stdout if verbosity > 0 else None)

        def stop(signum, frame):
            worker.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker.say(f"worker {worker.name} started")
        try:
            while not worker.stopping:
                if not connection.in_atomic_block:  # (called from a test's transaction)
                    close_old_connections()  # a connection broken or too old is replaced
                try:
                    ran = worker.run_next()
                except DatabaseError as error:
                    if once:
                        raise CommandError(f"The database failed: {error}") from error
                    self.stderr.write(f"The database failed, trying again: {error}")
                    ran = False
                    time.sleep(max(interval, 1))
                if not ran:
                    if once:
                        break
                    time.sleep(interval)
        finally:
            worker.say(f"worker {worker.name} stopped")
