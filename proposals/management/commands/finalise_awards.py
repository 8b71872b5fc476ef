from django.core.management.base import BaseCommand

from proposals.services import awards_finalise_due


class Command(BaseCommand):
    help = (
        "Make final every award whose standstill period has passed and whose objections are all answered (idempotent)."
    )

    def handle(self, *args, **options):
        count = awards_finalise_due()
        self.stdout.write(f"{count} award(s) finalised.")
