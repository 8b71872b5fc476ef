"""Load the pairing programme shipped in ``matching/data/region_pairs.csv`` (city and county pairs, each with the
publication it comes from; docs/insights.md, *Pairing programme*). Idempotent; the four city pairs seeded by 0002
get their source. Reversing removes the pairs this migration added and clears the sources it wrote."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "region_pairs.csv"
FIRST_FOUR = {("320100", "320800"), ("320200", "320700"), ("320400", "320900"), ("320500", "321300")}


def rows():
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def forwards(apps, schema_editor):
    RegionPair = apps.get_model("matching", "RegionPair")
    Region = apps.get_model("directory", "Region")
    known = set(Region.objects.values_list("code", flat=True))
    for row in rows():
        south, north = row["south_code"], row["north_code"]
        if south not in known or north not in known:
            continue  # a database without the region data (it is loaded by directory 0002)
        pair, created = RegionPair.objects.get_or_create(
            south_city_id=south,
            north_city_id=north,
            defaults={"programme": row["programme"], "source": row["source"], "active": True},
        )
        if not created and not pair.source:
            pair.programme, pair.source = row["programme"], row["source"]
            pair.save(update_fields=["programme", "source"])


def backwards(apps, schema_editor):
    RegionPair = apps.get_model("matching", "RegionPair")
    for row in rows():
        key = (row["south_code"], row["north_code"])
        pairs = RegionPair.objects.filter(south_city_id=key[0], north_city_id=key[1])
        if key in FIRST_FOUR:
            pairs.filter(source=row["source"]).update(source="")
        else:
            pairs.filter(source=row["source"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0005_region_pairs_any_level_county_recommendations"),
        ("directory", "0002_load_regions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
