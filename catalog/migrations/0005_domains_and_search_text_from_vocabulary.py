"""The vocabulary package becomes the one source of domain names and text folding.

- Domain rows take their names and order from ``vocabulary.DOMAINS`` (the names match match reasons).
- ``search_text`` is stored in ``vocabulary.fold`` form, which also folds traditional characters to simplified
  ones; existing rows are refolded (fold is idempotent, and fold(old form) == fold(original text)).
"""

from django.db import migrations

from catalog.concepts import sync_domains
from vocabulary import fold

BATCH = 500


def _refold(model) -> None:
    rows = model.objects.only("pk", "search_text").iterator(chunk_size=BATCH)
    rows = [row for row in rows if fold(row.search_text) != row.search_text]
    for row in rows:
        row.search_text = fold(row.search_text)
    model.objects.bulk_update(rows, ["search_text"], batch_size=BATCH)


def forwards(apps, schema_editor):
    sync_domains(apps.get_model("catalog", "Domain"))
    _refold(apps.get_model("catalog", "Scenario"))
    _refold(apps.get_model("catalog", "Solution"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_scenario_published_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
