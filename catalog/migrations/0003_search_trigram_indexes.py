"""Trigram (pg_trgm) GIN indexes on the lower-cased search text, so LIKE '%词%' stays fast at 100,000 rows.

PostgreSQL only: on SQLite this migration does nothing (the simple LIKE scan serves there).
"""

from django.db import migrations

INDEXES = [
    ("catalog_scenario", "catalog_scenario_search_trgm"),
    ("catalog_solution", "catalog_solution_search_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_seed_domains_and_capabilities")]

    operations = [migrations.RunPython(forwards, backwards)]
