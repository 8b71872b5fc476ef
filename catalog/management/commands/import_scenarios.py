from django.core.management.base import CommandError

from catalog.importers import import_scenarios, parse_deadline
from catalog.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import scenarios from JSON Lines, CSV or XLSX (the matching dev set's field names; see docs/catalog.md). "
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
            parsed = parse_deadline(deadline)
            if parsed is None:
                raise CommandError(f"--deadline: “{deadline}” is not a date")
        self.run(
            file,
            status=status,
            deadline=parsed,
            create_orgs=create_orgs,
            skip_invalid=skip_invalid,
            encoding=encoding,
            verbosity=verbosity,
        )
