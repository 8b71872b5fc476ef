"""Seed the ten domains and the capability vocabulary from catalog/data/capabilities.json (idempotent by code)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from catalog.vocabulary import read_capability_rows, sync_capabilities, sync_domains

    Domain = apps.get_model("catalog", "Domain")
    Capability = apps.get_model("catalog", "Capability")
    sync_domains(Domain)
    # Historical models have no terms(); the loader only uses fields.
    sync_capabilities(Capability, Domain, read_capability_rows())


def backwards(apps, schema_editor):
    apps.get_model("catalog", "Capability").objects.all().delete()
    apps.get_model("catalog", "Domain").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
