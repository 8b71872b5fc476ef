from django.core.management.base import BaseCommand, CommandError

from catalog.models import Capability, Domain
from catalog.vocabulary import DATA_FILE, VocabularyFileError, read_capability_rows, sync_capabilities, sync_domains


class Command(BaseCommand):
    help = "Load the domains and the capability vocabulary (adds and updates concepts by code; never deletes)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA_FILE), help="JSON list of concepts")

    def handle(self, *args, file, **options):
        try:
            rows = read_capability_rows(file)
        except (OSError, ValueError, VocabularyFileError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        sync_domains(Domain)
        created, updated = sync_capabilities(Capability, Domain, rows)
        self.stdout.write(f"capabilities: {len(rows)} in file, {created} added, {updated} updated")
