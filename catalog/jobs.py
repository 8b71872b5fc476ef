"""The catalog's background jobs (registered in ``CatalogConfig.ready``): the list exports of
:mod:`catalog.exports` and bulk imports from a file uploaded by the provincial office."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from catalog import exports, importers
from core import jobs
from core.models import FileJob

IMPORT_KIND = "catalog.import"
SCHEMAS = {"scenarios": importers.SCENARIOS, "solutions": importers.SOLUTIONS}
ERRORS_SHOWN = 200


def start_import(
    *, user, file, model: str, publish: bool, deadline: dt.date | None, create_orgs: bool, skip_invalid: bool
) -> FileJob:
    """Store the uploaded ``file`` and queue its import (the fields of ``CatalogImportForm``)."""
    params = {
        "model": model,
        "publish": publish,
        "deadline": deadline.isoformat() if deadline else "",
        "create_orgs": create_orgs,
        "skip_invalid": skip_invalid,
        "extension": Path(file.name).suffix.lower(),
    }
    return jobs.start(user=user, kind=IMPORT_KIND, params=params, source=file, source_name=file.name)


def run_import(job: FileJob) -> jobs.JobResult:
    """Read the uploaded file with the catalog importer (all or nothing unless ``skip_invalid``)."""
    schema = SCHEMAS[job.params["model"]]
    status = schema.publish_status if job.params.get("publish") else "draft"
    with tempfile.NamedTemporaryFile(suffix=job.params.get("extension", "")) as copy:
        with job.source.open("rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        try:
            report = importers.import_records(
                schema,
                copy.name,
                status=status,
                deadline=importers.parse_deadline(job.params["deadline"]) if job.params.get("deadline") else None,
                create_orgs=bool(job.params.get("create_orgs")),
                skip_invalid=bool(job.params.get("skip_invalid")),
            )
        except importers.ImportFileError as exc:
            return jobs.JobResult(failure=gettext("The file could not be read: %(error)s") % {"error": exc})
    counts = {
        "rows": report.rows,
        "created": report.created,
        "existing": report.existing,
        "organizations_created": report.organizations_created,
        "skipped": report.skipped,
    }
    errors = [{"line": e.line, "field": e.field, "message": e.message} for e in report.errors[:ERRORS_SHOWN]]
    failure = ""
    if report.errors and not job.params.get("skip_invalid"):
        count = len(report.errors)
        failure = ngettext(
            "%(count)d invalid row; nothing was saved.", "%(count)d invalid rows; nothing was saved.", count
        ) % {"count": count}
    return jobs.JobResult(
        rows=report.created,
        report={"counts": counts, "encoding": report.encoding, "errors": errors, "error_count": len(report.errors)},
        failure=failure,
    )


def register() -> None:
    for spec in exports.LIST_EXPORTS:
        jobs.register(spec.job_kind, spec.label, spec.run)
    jobs.register(IMPORT_KIND, _("Catalog import"), run_import)
