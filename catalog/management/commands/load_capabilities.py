from django.core.management.base import BaseCommand, CommandError

from catalog.concepts import sync_capabilities, sync_domains
from catalog.models import Capability, Domain
from vocabulary import DATA_FILE, VocabularyError, load_concepts


class Command(BaseCommand):
    help = (
        "Load the domains and the capability vocabulary from the vocabulary package (adds and updates concepts by "
        "code; never deletes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA_FILE), help="JSON list of concepts")

    def handle(self, *args, file, **options):
        try:
            concepts = load_concepts(file)
        except (OSError, VocabularyError) as exc:
            raise CommandError(str(exc)) from exc
        sync_domains(Domain)
        created, updated = sync_capabilities(Capability, Domain, concepts)
        self.stdout.write(f"capabilities: {len(concepts)} in file, {created} added, {updated} updated")
