"""Shared plumbing of the two import commands (the leading underscore keeps it from being a command)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog.importers import ImportFileError


class ImportCommand(BaseCommand):
    importer = None
    noun = "rows"

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl, .csv or .xlsx file")
        parser.add_argument("--create-orgs", action="store_true", help="create missing organisations (verified)")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="save the valid rows and report the others (default: all or nothing)",
        )
        parser.add_argument("--encoding", help="text encoding of a CSV/JSONL file (default: UTF-8, else GB18030)")

    def run(self, file, **kwargs):
        verbosity = kwargs.pop("verbosity", 1)

        def progress(items):
            return tqdm(
                items,
                desc=self.noun,
                unit="row",
                disable=None if len(items) > 200 and verbosity else True,
                file=self.stderr,
            )

        try:
            report = type(self).importer(file, progress=progress, **kwargs)
        except ImportFileError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        for error in report.errors:
            self.stderr.write(f"{file}: {error}")
        summary = (
            f"{self.noun}: {report.rows} rows read ({report.encoding}), {report.created} created, "
            f"{report.existing} already imported, {report.organizations_created} organisations created"
        )
        if report.errors and not kwargs.get("skip_invalid"):
            raise CommandError(f"{len(report.errors)} invalid row(s); nothing was saved. {summary}")
        if report.errors:
            summary += f", {len(report.errors)} invalid row(s) skipped"
        self.stdout.write(summary)
