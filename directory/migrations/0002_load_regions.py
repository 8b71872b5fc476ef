"""Load Jiangsu's divisions (1 province, 13 cities, 95 county-level units) from directory/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from directory.regions_data import read_region_rows, sync_regions

    sync_regions(apps.get_model("directory", "Region"), read_region_rows())


def unload(apps, schema_editor):
    Region = apps.get_model("directory", "Region")
    # Children first: parents are protected.
    for level in ("county", "city", "province"):
        Region.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
