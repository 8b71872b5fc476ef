from django.core.management.base import BaseCommand

from matching.services import refresh_all


class Command(BaseCommand):
    help = "Recompute every stored suggestion from the public scenarios and solutions (idempotent)."

    def handle(self, *args, **options):
        result = refresh_all()
        self.stdout.write(f"suggestions: {result.created} created, {result.updated} updated, {result.deleted} deleted")
