"""
Uploading a translated XLIFF file: small files are imported in the request, large ones as
a background job (``jobs``), both by the one ``import_xliff``.

A file of more than ``SAGA_XLIFF_IN_REQUEST_MAX_BYTES`` (unpacked) would outlast a
request: it is stored in the default file storage under ``PRIVATE_PREFIX`` (a random name,
never linked, not served by the site) and a job is queued; the worker imports it with
progress on the job's page, all or nothing as in the request, then deletes the file (as
does the worker that gives the job up when its workers died too often). Who may is checked
when the file is uploaded and again when the job runs.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_text
from translations.machinery import language_name
from translations.row_admin import visible_languages
from translations.xliff import ImportResult, XliffError, import_xliff

JOB_KIND = "translations.xliff_import"
PRIVATE_PREFIX = "private/xliff-imports/"


def runs_in_request(size: int) -> bool:
    return size <= getattr(settings, "SAGA_XLIFF_IN_REQUEST_MAX_BYTES", 2 * 1024 * 1024)


def check_may_import(user, language_code: str) -> None:
    """Raise PermissionDenied unless ``user`` may write text in ``language_code``."""
    if language_code not in visible_languages(user) or not can_edit_text(user, language_code):
        raise PermissionDenied(
            _("You may not write text in %(language)s.")
            % {"language": language_name(language_code)}
        )


def summary(result: ImportResult) -> str:
    """What an import did, in one line: the counts the desk reports."""
    return _(
        "%(applied)s object(s) imported for review, %(unchanged)s unchanged, "
        "%(refused)s unit(s) not applied."
    ) % {
        "applied": len(result.applied),
        "unchanged": result.unchanged,
        "refused": len(result.refused),
    }


def report(result: ImportResult) -> str:
    """The summary, "Nothing was imported." first when nothing was, then each refused unit."""
    lines = [summary(result)]
    if not result.applied:
        lines[0] = _("Nothing was imported.") + " " + lines[0]
    if result.refused:
        lines.append(_("Not applied:"))
        lines += [
            f"“{refusal.label[:120]}” · {refusal.field[:1].upper()}{refusal.field[1:]}: "
            f"{refusal.reason}"
            for refusal in result.refused
        ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Started:
    result: ImportResult | None = None  # the import, when it ran in the request
    job: object | None = None  # the job, when the file is too large for a request


def xliff_import_start(data: bytes, *, file_name: str, user, saga, language_code: str) -> Started:
    """
    Import ``data`` (an unpacked XLIFF file) into ``saga`` for ``language_code`` now when it
    is small, else store it and queue a job. Raises PermissionDenied, or XliffError when run
    in the request (nothing written either way).
    """
    from jobs.services import job_start

    check_may_import(user, language_code)
    if runs_in_request(len(data)):
        return Started(
            result=import_xliff(
                data, file_name=file_name, user=user, saga=saga, language_code=language_code
            )
        )
    path = default_storage.save(
        f"{PRIVATE_PREFIX}{secrets.token_urlsafe(24)}.xlf", ContentFile(data)
    )
    job = job_start(
        kind=JOB_KIND,
        params={
            "path": path,
            "file_name": file_name,
            "saga": saga.pk,
            "language_code": language_code,
        },
        title=_("Import of %(file)s into “%(saga)s” (%(language)s)")
        % {"file": file_name, "saga": saga, "language": language_name(language_code)},
        total=len(data),
        user=user,
    )
    return Started(job=job)


def _stored_path(job) -> str | None:
    """The job's uploaded file in the default storage, or None when its path is not one."""
    path = job.params.get("path", "")
    if not path.startswith(PRIVATE_PREFIX) or ".." in path:
        return None
    return path


def discard_upload(job) -> None:
    """Delete the file of an import job given up after its workers died (``jobs``)."""
    path = _stored_path(job)
    if path is not None:
        default_storage.delete(path)


def run_xliff_import_job(job, context) -> None:
    """The job handler (registered with ``jobs``): the same import, reporting progress."""
    from django.contrib.auth import get_user_model

    from jobs.registry import JobRefused, JobStopped
    from translations.scope import saga_model

    params = job.params
    path = _stored_path(job)
    if path is None:
        raise JobRefused(_("This job's parameters are not understood; nothing was changed."))
    stopped = False
    try:
        user = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
        if user is None:
            raise JobRefused(
                _("The person who started it is no longer active; nothing was changed.")
            )
        saga = saga_model().objects.filter(pk=params.get("saga")).first()
        if saga is None:
            raise JobRefused(_("The saga is gone; nothing was imported."))
        language_code = params.get("language_code", "")
        check_may_import(user, language_code)

        def progress(result, bytes_read, size):
            context.progress(
                bytes_read,
                total=size or None,
                step=_(
                    "%(read)s object(s) read, %(applied)s applied; all saved together at the end."
                )
                % {
                    "read": number_format(result.objects_read, force_grouping=True),
                    "applied": number_format(len(result.applied), force_grouping=True),
                },
            )

        def finish(result):
            if not result.applied:  # nothing applied is never a success
                raise JobRefused(report(result))
            context.finish(report(result))

        # Committed before the import's one transaction: the editor sees the job under way.
        # The reports made inside it reach the job's page through the shared cache (jobs.live).
        context.progress(0, step=_("Reading and applying the file in one transaction…"))
        with default_storage.open(path, "rb") as stream:
            import_xliff(
                stream,
                file_name=params.get("file_name", ""),
                user=user,
                saga=saga,
                language_code=language_code,
                progress=progress,
                hold=context.hold,
                finish=finish,
            )
    except JobStopped:
        stopped = True  # back in the queue: the next worker needs the file
        raise
    except XliffError as error:
        raise JobRefused("\n".join([_("Nothing was imported."), *error.problems])) from error
    except PermissionDenied as denied:
        raise JobRefused(
            _("Nothing was imported.") + " " + (str(denied) or _("Permission denied."))
        ) from denied
    except FileNotFoundError as missing:
        raise JobRefused(_("The uploaded file is gone; nothing was imported.")) from missing
    finally:
        if not stopped:
            default_storage.delete(path)
