"""Seed the skills taxonomy (DigComp 2.2 and the national digital-technology engineer tracks)."""

from django.db import migrations


def load(apps, schema_editor):
    from talent.skills_data import sync_skills

    sync_skills(apps.get_model("talent", "Skill"))


def unload(apps, schema_editor):
    from talent.skills_data import unsync_skills

    unsync_skills(apps.get_model("talent", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
