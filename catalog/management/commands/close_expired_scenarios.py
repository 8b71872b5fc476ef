from django.core.management.base import BaseCommand

from catalog.services import scenarios_close_expired


class Command(BaseCommand):
    help = "Move open scenarios past their deadline to evaluating (run from cron, e.g. every 5 minutes; idempotent)."

    def handle(self, *args, **options):
        closed = scenarios_close_expired()
        self.stdout.write(f"closed {closed} scenario(s) past their deadline")
