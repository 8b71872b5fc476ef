from django.core.management.base import BaseCommand

from proposals import services


class Command(BaseCommand):
    help = (
        "Send the periodic notifications of proposals: deadline approaching (firms with drafts, 48 hours), "
        "milestones due (3 days), answered questions. Each is sent once (idempotent). Run it every few minutes."
    )

    def handle(self, *args, **options):
        deadlines = services.remind_deadlines()
        milestones = services.remind_milestones()
        answers = services.announce_answers()
        self.stdout.write(
            f"{deadlines} deadline reminder(s), {milestones} milestone reminder(s), {answers} answer notice(s)."
        )
