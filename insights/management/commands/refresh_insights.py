import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from insights.services import refresh_insights


class Command(BaseCommand):
    help = (
        "Recompute the monthly indicator snapshots and the gap index from the whole history (idempotent; the "
        "first run back-fills every month since the first dated fact)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only rewrite months from this one on (YYYY-MM).")

    def handle(self, *args, since=None, **options):
        since_month = None
        if since:
            try:
                year, month = (int(part) for part in since.split("-"))
                since_month = dt.date(year, month, 1)
            except ValueError as error:
                raise CommandError("--since takes a month as YYYY-MM") from error
        result = refresh_insights(since=since_month)
        self.stdout.write(
            f"{result.months} months from {result.first_month or '-'}: {result.snapshots} snapshots, "
            f"{result.gaps} gap-index rows in {result.seconds:.2f} s"
        )
