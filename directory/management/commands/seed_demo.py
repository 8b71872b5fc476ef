from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import autodiscover_modules


class Command(BaseCommand):
    help = (
        "Fill the database with realistic demo data (idempotent: running it again changes nothing). "
        "Each installed app may contribute a ``demo.seed(stdout)`` function, run in INSTALLED_APPS order."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even when DJANGO_DEBUG is false (the demo accounts have a published password).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates accounts with a published password; run it with DJANGO_DEBUG=true "
                "or pass --allow-production."
            )
        # Reference data first (idempotent): the demo names regions, domains and capabilities by code, and a
        # database emptied by a flush (e.g. after a transactional test) has none of the migrations' rows left.
        call_command("load_regions", stdout=self.stdout)
        call_command("load_capabilities", stdout=self.stdout)
        # Demo accounts have made-up addresses: keep the notifications the seeding triggers off the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            # Django's discovery (as for admin.py): imports each app's ``demo`` module where there is one.
            autodiscover_modules("demo")
            for config in apps.get_app_configs():
                seed = getattr(getattr(config.module, "demo", None), "seed", None)
                if seed is not None:
                    seed(stdout=self.stdout)
            # Then what must come after every app's data, e.g. a province switching on review before
            # publication once the other apps' demo scenarios are published.
            for config in apps.get_app_configs():
                seed_late = getattr(getattr(config.module, "demo", None), "seed_late", None)
                if seed_late is not None:
                    seed_late(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
