"""Seed the four city pairs of the current provincial programme of north–south cooperation (南北挂钩).

The provincial office edits them afterwards (page, admin or API); reversing removes exactly these four.
"""

from django.db import migrations

PROGRAMME = "南北挂钩合作 (Jiangsu north–south cooperation)"
PAIRS = [
    ("320100", "320800"),  # Nanjing – Huai'an
    ("320200", "320700"),  # Wuxi – Lianyungang
    ("320400", "320900"),  # Changzhou – Yancheng
    ("320500", "321300"),  # Suzhou – Suqian
]


def forwards(apps, schema_editor):
    RegionPair = apps.get_model("matching", "RegionPair")
    Region = apps.get_model("directory", "Region")
    known = set(Region.objects.filter(code__in=[c for pair in PAIRS for c in pair]).values_list("code", flat=True))
    for south, north in PAIRS:
        if south in known and north in known:
            RegionPair.objects.get_or_create(
                south_city_id=south, north_city_id=north, defaults={"programme": PROGRAMME, "active": True}
            )


def backwards(apps, schema_editor):
    RegionPair = apps.get_model("matching", "RegionPair")
    for south, north in PAIRS:
        RegionPair.objects.filter(south_city_id=south, north_city_id=north).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_suggestions_feedback_pairs_subscriptions"),
        ("directory", "0002_load_regions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
