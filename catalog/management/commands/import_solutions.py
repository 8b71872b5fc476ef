from catalog.importers import SOLUTIONS
from catalog.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import solutions from JSON Lines, CSV or XLSX (the matching dev set's field names; see docs/catalog.md). "
        "Each goes to the firm it names (name_zh or name_en). All or nothing unless --skip-invalid."
    )
    schema = SOLUTIONS
    default_status = "published"
    noun = "solutions"
