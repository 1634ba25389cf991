"""
What each kind of job does: the apps that define jobs register a handler for their kind.

``jobs`` sits just above ``core`` and knows no content app: the events app registers its
bulk actions here from its ``AppConfig.ready``.
"""

from collections.abc import Callable

_handlers: dict[str, Callable] = {}


def register(kind: str, handler: Callable) -> None:
    """
    Run ``handler(job, context)`` for jobs of ``kind``. It must be all or nothing: change
    the content and call ``context.finish(message)`` in one transaction, or raise
    ``JobRefused`` (nothing changed, the reason for the person who asked).
    """
    _handlers[kind] = handler


def handler_for(kind: str) -> Callable | None:
    return _handlers.get(kind)


class JobRefused(Exception):
    """The job was checked and refused; nothing was changed. The message says why."""


class JobStopped(Exception):
    """The worker is stopping (SIGTERM) or lost the job's lease; nothing was changed."""
