"""Shared plumbing of the two import commands (the leading underscore keeps it from being a command)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog.importers import ImportFileError, Schema, import_records


class ImportCommand(BaseCommand):
    """``file`` plus the options every import has; a subclass names its ``schema``, its default ``--status``
    and any options of its own (``import_options``)."""

    schema: Schema
    default_status = ""
    noun = "rows"

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl, .csv or .xlsx file")
        parser.add_argument(
            "--status",
            choices=self.schema.statuses,
            default=self.default_status,
            help=f"status of imported {self.noun}",
        )
        parser.add_argument("--create-orgs", action="store_true", help="create missing organisations (verified)")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="save the valid rows and report the others (default: all or nothing)",
        )
        parser.add_argument("--encoding", help="text encoding of a CSV/JSONL file (default: UTF-8, else GB18030)")

    def import_options(self, options: dict) -> dict:
        return {}

    def handle(self, *args, file, verbosity, **options):
        def progress(items):
            return tqdm(
                items,
                desc=self.noun,
                unit="row",
                disable=None if len(items) > 200 and verbosity else True,
                file=self.stderr,
            )

        skip_invalid = options["skip_invalid"]
        try:
            report = import_records(
                self.schema,
                file,
                status=options["status"],
                create_orgs=options["create_orgs"],
                skip_invalid=skip_invalid,
                encoding=options["encoding"],
                progress=progress,
                **self.import_options(options),
            )
        except ImportFileError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        for error in report.errors:
            self.stderr.write(f"{file}: {error}")
        summary = (
            f"{self.noun}: {report.rows} rows read ({report.encoding}), {report.created} created, "
            f"{report.existing} already imported, {report.organizations_created} organisations created"
        )
        if report.errors and not skip_invalid:
            raise CommandError(f"{len(report.errors)} invalid row(s); nothing was saved. {summary}")
        if report.errors:
            summary += f", {len(report.errors)} invalid row(s) skipped"
        self.stdout.write(summary)
