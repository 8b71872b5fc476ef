from django.core.management.base import BaseCommand
from django.utils import timezone

from core.notifications import send_digests


class Command(BaseCommand):
    help = (
        "Send the daily digests: one e-mail per user with the notifications (new matching scenarios included) "
        "created before today's midnight that were not e-mailed yet. Run once a day from cron; idempotent per "
        "day — a second run the same day sends nothing. Delivery and marking are the notification centre's."
    )

    def handle(self, *args, **options):
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        sent = send_digests(until=midnight)
        self.stdout.write(f"{sent} digest e-mail(s) sent for notifications before {midnight:%Y-%m-%d %H:%M %Z}.")
