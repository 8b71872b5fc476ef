"""Seed the ten domains and the capability vocabulary from the ``vocabulary`` package (idempotent by code)."""

from django.db import migrations

from catalog.concepts import sync_capabilities, sync_domains
from vocabulary import load_concepts


def forwards(apps, schema_editor):
    Domain = apps.get_model("catalog", "Domain")
    Capability = apps.get_model("catalog", "Capability")
    sync_domains(Domain)
    # Historical models have no terms(); the loader only uses fields.
    sync_capabilities(Capability, Domain, load_concepts())


def backwards(apps, schema_editor):
    apps.get_model("catalog", "Capability").objects.all().delete()
    apps.get_model("catalog", "Domain").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
