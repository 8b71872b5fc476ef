from django.core.management.base import BaseCommand

from core.notifications import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each user one digest of the notifications not yet e-mailed (run daily from cron). "
        "Idempotent: running it again the same day sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest e-mail(s) sent."))
