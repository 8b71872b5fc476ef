from django.core.management.base import BaseCommand

from opendata.docs import field_tables


class Command(BaseCommand):
    help = "Print the field tables of docs/open-data.md from the data set registry."

    def handle(self, *args, **options):
        self.stdout.write(field_tables())
