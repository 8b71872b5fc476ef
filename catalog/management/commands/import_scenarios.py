import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from catalog.importers import import_scenarios
from catalog.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import scenarios from JSON Lines, CSV or XLSX (fields of shared/data/matching-dev; see docs/catalog.md). "
        "Each goes to the verified county office of its county_code. All or nothing unless --skip-invalid."
    )
    importer = staticmethod(import_scenarios)
    noun = "scenarios"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--status", choices=["draft", "open"], default="draft", help="status of imported scenarios")
        parser.add_argument("--deadline", help="deadline (YYYY-MM-DD or ISO date-time) for records without one")

    def handle(self, *args, file, status, deadline, create_orgs, skip_invalid, encoding, verbosity, **options):
        parsed = None
        if deadline:
            parsed = parse_datetime(deadline)
            if parsed is None and parse_date(deadline):
                parsed = dt.datetime.combine(parse_date(deadline), dt.time(17, 0))
            if parsed is None:
                raise CommandError(f"--deadline: “{deadline}” is not a date")
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
        self.run(
            file,
            status=status,
            deadline=parsed,
            create_orgs=create_orgs,
            skip_invalid=skip_invalid,
            encoding=encoding,
            verbosity=verbosity,
        )
