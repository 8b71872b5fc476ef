from django.core.management.base import CommandError

from catalog.importers import SCENARIOS, parse_deadline
from catalog.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import scenarios from JSON Lines, CSV or XLSX (the matching dev set's field names; see docs/catalog.md). "
        "Each goes to the verified county office of its county_code. All or nothing unless --skip-invalid."
    )
    schema = SCENARIOS
    default_status = "draft"
    noun = "scenarios"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--deadline", help="deadline (YYYY-MM-DD or ISO date-time) for records without one")

    def import_options(self, options):
        if not options["deadline"]:
            return {}
        parsed = parse_deadline(options["deadline"])
        if parsed is None:
            raise CommandError(f"--deadline: “{options['deadline']}” is not a date")
        return {"deadline": parsed}
