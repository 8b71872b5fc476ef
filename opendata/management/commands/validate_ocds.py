"""Build the OCDS 1.1 release package of every published scenario and validate it against the vendored official
schema; print the figures and exit with an error when any package has an error (CI and docs/open-data.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from opendata import ocds, selectors, validation


class Command(BaseCommand):
    help = "Validate every published scenario's OCDS 1.1 release package against the official schema."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=settings.SITE_URL or "http://localhost:8000")
        parser.add_argument("--show", type=int, default=10, help="errors to print (all are counted)")

    def handle(self, *args, base_url: str, show: int, **options):
        packages = releases = 0
        errors: list[str] = []
        stages: dict[str, int] = {}
        for pk in selectors.public_scenarios().values_list("pk", flat=True):
            scenario, award = selectors.ocds_scenario(pk)
            uri = base_url + reverse("opendata:ocds-scenario", args=[pk])
            package = ocds.release_package(scenario, award, base_url=base_url, uri=uri)
            packages += 1
            releases += len(package["releases"])
            for release in package["releases"]:
                stages[release["tag"][0]] = stages.get(release["tag"][0], 0) + 1
            errors += [f"scenario {pk}: {error}" for error in validation.errors(package)]
        by_tag = ", ".join(f"{tag} {count}" for tag, count in sorted(stages.items()))
        self.stdout.write(
            f"OCDS 1.1 (schema {validation.SCHEMA_VERSION}): {packages} packages, {releases} releases ({by_tag}), "
            f"{len(errors)} errors"
        )
        for error in errors[:show]:
            self.stdout.write(f"  {error}")
        if errors:
            raise CommandError(f"{len(errors)} schema errors")
