from django.core.management.base import BaseCommand
from django.db import transaction

from directory.models import Region
from directory.regions_data import read_region_rows, sync_regions


class Command(BaseCommand):
    help = "Load (or re-sync) the Jiangsu province, its 13 cities and 95 county-level units. Idempotent."

    def handle(self, *args, **options):
        rows = read_region_rows()
        with transaction.atomic():
            created, updated = sync_regions(Region, rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {len(rows)} in the data, {created} created, {updated} updated, "
                f"{Region.objects.count()} in the database."
            )
        )
