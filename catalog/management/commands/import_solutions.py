from catalog.importers import import_solutions
from catalog.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import solutions from JSON Lines, CSV or XLSX (the matching dev set's field names; see docs/catalog.md). "
        "Each goes to the firm it names (name_zh or name_en). All or nothing unless --skip-invalid."
    )
    importer = staticmethod(import_solutions)
    noun = "solutions"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--status", choices=["draft", "published"], default="published", help="status of imported solutions"
        )

    def handle(self, *args, file, status, create_orgs, skip_invalid, encoding, verbosity, **options):
        self.run(
            file,
            status=status,
            create_orgs=create_orgs,
            skip_invalid=skip_invalid,
            encoding=encoding,
            verbosity=verbosity,
        )
