"""Starting a job on behalf of someone: the row the worker picks up."""

from django.utils import translation

from jobs.models import Job


def job_start(*, kind: str, params: dict, title: str, total: int, user) -> Job:
    """Queue a job of ``kind``; ``run_jobs`` picks it up. Messages come in ``user``'s language."""
    return Job.objects.create(
        kind=kind,
        params=params,
        title=title[:300],
        total=total,
        language=translation.get_language() or "en",
        created_by=user if user is not None and user.is_authenticated else None,
    )
