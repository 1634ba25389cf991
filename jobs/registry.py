"""
What each kind of job does: the apps that define jobs register a handler for their kind.

``jobs`` sits just above ``core`` and knows no content app: the events app registers its
bulk actions here from its ``AppConfig.ready``.
"""

from collections.abc import Callable

_handlers: dict[str, Callable] = {}
_given_up: dict[str, Callable] = {}


def register(kind: str, handler: Callable, *, given_up: Callable | None = None) -> None:
    """
    Run ``handler(job, context)`` for jobs of ``kind``. It must be all or nothing: change
    the content and call ``context.finish(message)`` in one transaction, or raise
    ``JobRefused`` (nothing changed, the reason for the person who asked).

    ``given_up(job)``, when given, tidies up after a job that will never run again without
    its handler having ended it: one abandoned by dead workers too often (the handler
    deletes what the job kept, such as an uploaded file, when it ends itself).
    """
    _handlers[kind] = handler
    if given_up is not None:
        _given_up[kind] = given_up


def handler_for(kind: str) -> Callable | None:
    return _handlers.get(kind)


def given_up_for(kind: str) -> Callable | None:
    return _given_up.get(kind)


class JobRefused(Exception):
    """The job was checked and refused; nothing was changed. The message says why."""


class JobStopped(Exception):
    """The worker is stopping (SIGTERM) or lost the job's lease; nothing was changed."""
