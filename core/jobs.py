"""Large exports and imports as background jobs (issue 12): a request records a :class:`core.models.FileJob` and
answers at once; a Celery task builds the file or runs the import and notifies the user, who downloads the file
or reads the report on the job's page. Apps register what a kind of job does with :func:`register`; core knows
no app.

A runner gets the job and returns a :class:`JobResult`. It runs with the job's user's rights at run time (an
export re-reads what that user may see). A runner that raises fails the job with a generic message for the user;
the exception is stored as a :class:`core.models.TaskFailure` for staff. Running a job twice is harmless: a job
that has finished is skipped.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import notifications
from core.background import background_task, enqueue
from core.models import FileJob, TaskFailure

logger = logging.getLogger(__name__)

NOTIFICATION_KIND = "file_jobs"


@dataclass(frozen=True)
class JobResult:
    """What a runner did: ``rows`` handled, the file it built (``content`` named ``filename``) if any, a
    ``report`` shown on the job's page, and ``failure``: a message for the user when the job could not do its
    work (an import with invalid rows), which fails the job without blaming the system."""

    rows: int = 0
    content: bytes | None = None
    filename: str = ""
    report: dict[str, Any] = field(default_factory=dict)
    failure: str = ""


@dataclass(frozen=True)
class JobKind:
    code: str
    label: Any
    run: Callable[[FileJob], JobResult]


_KINDS: dict[str, JobKind] = {}


def register(code: str, label: Any, run: Callable[[FileJob], JobResult]) -> None:
    """Declare a kind of job (``"catalog.export.scenarios"``) and the function that does it."""
    _KINDS[code] = JobKind(code, label, run)


def label_of(code: str) -> Any:
    kind = _KINDS.get(code)
    return kind.label if kind else code


def _with_job_label(params: dict[str, Any]) -> dict[str, Any]:
    """The job's label in the reader's language, from the kind code the notification stores."""
    return {**params, "job": str(label_of(params.get("job_kind", "")))}


JOB_DONE = notifications.message("core.file_job_done", title=_("Ready: %(job)s"), prepare=_with_job_label)
JOB_FAILED = notifications.message("core.file_job_failed", title=_("Not completed: %(job)s"), prepare=_with_job_label)


def start(*, user, kind: str, params: dict[str, Any] | None = None, source=None, source_name: str = "") -> FileJob:
    """Record a job for ``user`` and queue it once the transaction commits. ``source`` is an uploaded file
    (imports), stored under a random name; ``source_name`` is the name it was uploaded under."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    params = {**(params or {}), "language": (params or {}).get("language") or translation.get_language()}
    job = FileJob.objects.create(user=user, kind=kind, params=params, source_name=source_name[:255])
    if source is not None:
        job.source.save(f"{job.uuid.hex}.upload", source, save=True)
    enqueue(run_file_job, job.pk)
    return job


def page_url(job: FileJob) -> str:
    return reverse("jobs:detail", args=[job.uuid])


def _finish(job: FileJob, *, status: str, result: JobResult | None = None, error: str = "") -> None:
    job.status = status
    job.finished_at = timezone.now()
    job.error = error
    if result is not None:
        job.rows = result.rows
        job.report = result.report
        if result.content is not None:
            job.result_name = result.filename
            job.result.save(f"{job.uuid.hex}.out", ContentFile(result.content), save=False)
    job.save()


@background_task("core.run_file_job")
def run_file_job(job_id: int) -> str:
    """Run one job (idempotent: a finished or unknown job is skipped) and notify its user."""
    with transaction.atomic():
        job = FileJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return "skipped"
        job.status = FileJob.Status.RUNNING
        job.save(update_fields=["status"])
    kind = _KINDS.get(job.kind)
    with translation.override(job.params.get("language")):
        try:
            if kind is None:
                raise LookupError(f"no runner registered for {job.kind!r}")
            result = kind.run(job)
        except Exception as exc:  # the user is told; staff read the traceback
            logger.exception("file job %s (%s) failed", job.pk, job.kind)
            TaskFailure.objects.create(
                task_name="core.run_file_job",
                args=[job_id],
                exception=repr(exc)[:5000],
                traceback="".join(traceback.format_exception(exc))[:20000],
            )
            message = gettext("The job failed; the site's staff have been told.")
            _finish(job, status=FileJob.Status.FAILED, error=message)
        else:
            if result.failure:
                _finish(job, status=FileJob.Status.FAILED, result=result, error=result.failure)
            else:
                _finish(job, status=FileJob.Status.DONE, result=result)
        notifications.notify(
            users=[job.user],
            kind=NOTIFICATION_KIND,
            message=JOB_DONE if job.status == FileJob.Status.DONE else JOB_FAILED,
            params={"job_kind": job.kind, "file_job": str(job.pk)},
            url=page_url(job),
        )
    return job.status


def register_notification_kind() -> None:
    notifications.register_kind(NOTIFICATION_KIND, _("Exports and imports"))
