"""Open data files at size: for each row count, the scenarios data set in each format — seconds, bytes, peak
Python memory while writing (tracemalloc) and database queries. Memory and queries should stay flat as rows grow
(rows are read 1,000 at a time and streamed).

    python -m benchmarks.opendata_files --rows 1000 10000 --database-url sqlite:////tmp/opendata_bench.sqlite3

The database is migrated and filled with published scenarios (cloned, with two capabilities each) up to each
count; rerunning reuses what is there. docs/open-data.md records a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
import tracemalloc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database-url", default="sqlite:////tmp/opendata_bench.sqlite3")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from catalog.concepts import sync_capabilities, sync_domains
    from catalog.models import Capability, Domain, Scenario
    from directory.models import Organization, Region
    from opendata import formats, registry
    from opendata.datasets import LICENCE, publisher
    from vocabulary import load_concepts

    call_command("migrate", verbosity=0)
    if not Domain.objects.exists():
        sync_domains(Domain)
        sync_capabilities(Capability, Domain, load_concepts())
    county = Region.objects.get(code="321322")
    owner, _ = Organization.objects.get_or_create(
        name_zh="沭阳县数据局（基准）", defaults={"kind": Organization.Kind.COUNTY_OFFICE, "region": county}
    )
    capabilities = list(Capability.objects.order_by("code")[:2])
    domain = Domain.objects.order_by("code").first()
    dataset = registry.get("scenarios")
    print(f"database={connection.vendor} dataset=scenarios chunk={registry.CHUNK_SIZE}")
    for target in sorted(args.rows):
        missing = target - Scenario.objects.public().count()
        if missing > 0:
            now = timezone.now()
            created = Scenario.objects.bulk_create(
                Scenario(
                    owner=owner,
                    county=county,
                    domain=domain,
                    title=f"基准场景 {i} =SUM(A1)",
                    summary="县乡村三级远程会诊，" * 5,
                    budget_min=500_000,
                    budget_max=2_000_000,
                    status=Scenario.Status.OPEN,
                    deadline=now + dt.timedelta(days=30),
                    published_at=now,
                )
                for i in range(missing)
            )
            through = Scenario.capabilities.through
            through.objects.bulk_create(
                through(scenario_id=s.pk, capability_id=c.pk) for s in created for c in capabilities
            )
        for fmt in ("csv", "json", "xlsx"):
            tracemalloc.start()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                rows = dataset.rows(base_url="https://exchange.example.gov.cn")
                if fmt == "csv":
                    size = sum(len(part.encode()) for part in formats.csv_stream(dataset, rows))
                elif fmt == "json":
                    head = formats.metadata(dataset, since=None, licence=LICENCE, publisher=publisher())
                    size = sum(len(part.encode()) for part in formats.json_stream(head, rows))
                else:
                    with formats.xlsx_file(dataset, rows, licence=LICENCE, publisher=publisher()) as output:
                        size = len(output.read())
            seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"rows={target} format={fmt} seconds={seconds:.2f} bytes={size} "
                f"peak_mb={peak / 2**20:.1f} queries={len(queries)}"
            )


if __name__ == "__main__":
    main()
