"""Catalog search at scale: fill N scenarios (100,000 by default) on the configured database and time searches.

    DJANGO_DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/sce_bench python -m benchmarks.catalog_search
    python -m benchmarks.catalog_search --rows 20000          # SQLite file by default

The benchmark migrates the database, adds its rows under ``external_ref`` ``bench-…`` (reused on the next run)
and prints the median time of each query as the list page runs it (count + first page of 20). Figures, not
pass/fail.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from catalog import selectors
    from catalog.models import Capability, Domain, Scenario
    from catalog.services import _search_text
    from directory.models import Organization, Region

    call_command("migrate", verbosity=0)
    counties = list(Region.objects.counties())
    domains = list(Domain.objects.all())
    capabilities = list(Capability.objects.all())
    office = Organization.objects.filter(kind="county_office").first() or Organization.objects.create(
        kind="county_office",
        name_zh="基准测试数据局",
        name_en="Benchmark Bureau",
        region=counties[0],
        verification_status="verified",
    )
    rng = random.Random(42)
    subjects = ["公交", "停车", "卫生院", "养老", "学校", "路灯", "内涝", "热线", "大棚", "景区", "园区", "消防"]
    verbs = ["智能调度", "在线监测", "数据共享", "远程服务", "预警处置", "精细管理", "无感支付", "能耗分析"]
    english = ["platform", "monitoring", "dispatch", "analytics", "sensor", "telehealth", "dashboard", "pilot"]
    existing = Scenario.objects.filter(external_ref__startswith="bench-").count()
    now = timezone.now()
    batch = []
    started = time.perf_counter()
    for i in range(existing, args.rows):
        caps = rng.sample(capabilities, 2)
        title = f"{rng.choice(subjects)}{rng.choice(verbs)}项目{i}"
        problem = "".join(rng.choice(subjects) + rng.choice(verbs) + "，" for _ in range(20)) + " ".join(
            rng.sample(english, 3)
        )
        scenario = Scenario(
            owner=office,
            county=rng.choice(counties),
            domain=rng.choice(domains),
            title=title,
            problem_statement=problem,
            status="open",
            published_at=now,
            deadline=now + timezone.timedelta(days=30),
            budget_min=100_000,
            budget_max=rng.randrange(200_000, 9_000_000),
            external_ref=f"bench-{i}",
        )
        scenario.search_text = _search_text(title, problem, capabilities=caps)
        batch.append(scenario)
        if len(batch) == 5000:
            Scenario.objects.bulk_create(batch)
            batch = []
    if batch:
        Scenario.objects.bulk_create(batch)
    total = Scenario.objects.count()
    elapsed = time.perf_counter() - started
    print(f"{connection.vendor}: {total} scenarios ({args.rows - existing} added in {elapsed:.1f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_scenario")

    queries = ["卫生院", "智能调度", "telehealth", "telemedicine", "远程医疗 养老", "项目99999", "不存在的词语"]
    print(f"{'query':<16} {'matches':>8} {'count ms':>9} {'page ms':>8}")
    for query in queries:
        timings_count, timings_page = [], []
        for _ in range(args.repeat):
            queryset = selectors.search(selectors.scenarios_visible_to(user=None), query).order_by(
                "-published_at", "-id"
            )
            t0 = time.perf_counter()
            matches = queryset.count()
            t1 = time.perf_counter()
            list(queryset[:20])
            t2 = time.perf_counter()
            timings_count.append((t1 - t0) * 1000)
            timings_page.append((t2 - t1) * 1000)
        print(
            f"{query:<16} {matches:>8} {statistics.median(timings_count):>9.1f} {statistics.median(timings_page):>8.1f}"
        )


if __name__ == "__main__":
    main()
