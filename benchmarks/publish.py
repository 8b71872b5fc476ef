"""Publishing at scale with background workers: request latency, time until suggestions are stored, and the
sharded full recompute on 1 and on 2 workers.

    python -m benchmarks.publish                                   # 10,000 scenarios × 50,000 solutions
    python -m benchmarks.publish --scenarios 2000 --solutions 10000 --publishes 20
    python -m benchmarks.publish --publish-only                    # only the publish phase (rows are reused)

Needs PostgreSQL (``--database-url``, created if missing; the rows, marked ``external_ref`` ``benchpub-…``, are
reused by the next run) and Redis (``--redis-url``); it starts its own Celery workers (``celery -A config worker
--concurrency 1``, one process each) on a queue of its own, and stops them at the end. Steps:

1. ``full_1p_s``: ``services.refresh_all()`` in this process — the reference lists;
2. ``full_1w_s`` / ``full_2w_s``: the table emptied, then the chord of ``matching.tasks`` (2 shards of scenarios,
   ``recompute_shard`` … ``store_recomputed``) with 1 worker, then with 2; after each the stored table is compared
   with the reference (same pairs, same ranks, scores within 1e-6): ``same_lists``;
3. ``--publishes`` draft scenarios (text from the generator of ``benchmarks.matching``) are published one after
   the other through the API (``POST /api/v1/scenarios/{id}/publish/`` with Django's test client in this process,
   so the figure is the request's handling without network); ``publish_p95_ms`` is the 95th percentile of those
   requests and ``visible_s`` the median time from sending the request until a worker stored the scenario's
   suggestions (its refresh committed). Two warm-up publishes first let each worker fit its index.

The last line is the summary: ``publish_p95_ms=… visible_s=… full_1w_s=… full_2w_s=… same_lists=true|false``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks import ensure_database

ROOT = Path(__file__).resolve().parents[1]


def _fill(n_scenarios: int, n_solutions: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from benchmarks.matching import generate
    from catalog.concepts import concepts_from_db
    from catalog.models import Domain, Scenario, Solution
    from directory.demo import demo_credit_code
    from directory.models import Organization, Region
    from matching import adapters

    have_s = Scenario.objects.filter(external_ref__startswith="benchpub-").count()
    have_p = Solution.objects.filter(external_ref__startswith="benchpub-").count()
    if have_s >= n_scenarios and have_p >= n_solutions:
        print(f"catalogue: {have_s} scenarios, {have_p} solutions already in place")
        return
    started = time.perf_counter()
    scenarios, solutions = generate(n_scenarios, n_solutions, concepts_from_db(), adapters.regions_from_db())
    counties = {r.pk for r in Region.objects.counties()}
    fallback = next(iter(sorted(counties)))
    domains = {d.code: d for d in Domain.objects.all()}
    office, _ = Organization.objects.get_or_create(
        name_zh="基准测试数据局",
        defaults={"kind": "county_office", "name_en": "Benchmark Bureau", "region_id": fallback,
                  "verification_status": "verified"},
    )  # fmt: skip
    firm, _ = Organization.objects.get_or_create(
        name_zh="基准测试科技有限公司",
        defaults={"kind": "firm", "name_en": "Benchmark Tech", "region_id": fallback,
                  "verification_status": "verified", "credit_code": demo_credit_code(fallback, 990001)},
    )  # fmt: skip
    now = timezone.now()
    with transaction.atomic():
        Scenario.objects.bulk_create(
            (
                Scenario(
                    owner=office,
                    county_id=doc.county_code if doc.county_code in counties else fallback,
                    domain=domains[doc.domains[0]],
                    **_published(doc, "open", now),
                    problem_statement=doc.description,
                    deadline=now + timezone.timedelta(days=60),
                    budget_min=doc.budget_min,
                    budget_max=doc.budget_max,
                    external_ref=f"benchpub-{i}",
                )
                for i, doc in enumerate(scenarios[have_s:], start=have_s)
            ),
            batch_size=2000,
        )
        created = Solution.objects.bulk_create(
            (
                Solution(
                    owner=firm,
                    **_published(doc, "published", now),
                    description=doc.description,
                    price_min=doc.price_min,
                    price_max=doc.price_max,
                    maturity=doc.maturity or "",
                    external_ref=f"benchpub-{j}",
                )
                for j, doc in enumerate(solutions[have_p:], start=have_p)
            ),
            batch_size=2000,
        )
        through = Solution.domains.through
        through.objects.bulk_create(
            (
                through(solution_id=row.pk, domain_id=domains[code].pk)
                for row, doc in zip(created, solutions[have_p:], strict=True)
                for code in dict.fromkeys(doc.domains)
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"catalogue: {n_scenarios} scenarios, {n_solutions} solutions written in {time.perf_counter() - started:.0f} s"
    )


def _published(doc, status: str, now) -> dict:
    """The fields a synthetic scenario or solution takes alike: its text from ``doc``, published ``now``."""
    return {
        "title": doc.title[:200],
        "tags": list(doc.tags),
        "language": doc.language,
        "status": status,
        "published_at": now,
    }


def _snapshot() -> dict:
    from matching.models import Suggestion

    return {
        (s[0], s[1]): (s[2], s[3], s[4])
        for s in Suggestion.objects.values_list(
            "scenario_id", "solution_id", "score", "rank_for_scenario", "rank_for_solution"
        ).iterator(chunk_size=20000)
    }


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(abs(a[key][0] - b[key][0]) <= 1e-6 and a[key][1:] == b[key][1:] for key in a)


class Workers:
    def __init__(self, queue: str):
        self.queue = queue
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str) -> None:
        from config.celery import app

        self.processes.append(
            subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "-n",
                 f"{name}@%h", "-l", "WARNING", "--without-gossip", "--without-mingle"],
                cwd=ROOT,
                env=os.environ.copy(),
            )
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1) or []
            if len([r for r in replies if any(f"{name}@" in k for k in r)]) == 1:
                return
        raise SystemExit(f"worker {name} did not start")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def _sharded_recompute(shards: int) -> float:
    from celery import chord

    from matching import recompute, tasks
    from matching.models import Suggestion

    Suggestion.objects.all().delete()
    started = time.perf_counter()
    result = chord(tasks.recompute_shard.s(block) for block in recompute.blocks(shards))(tasks.store_recomputed.s())
    result.get(timeout=3600, disable_sync_subtasks=False)
    return time.perf_counter() - started


def _publish_all(count: int, warmup: int) -> tuple[list[float], list[float]]:
    from django.test import Client

    from benchmarks.matching import generate
    from catalog.concepts import concepts_from_db
    from catalog.models import Scenario
    from directory.models import Membership, Organization, User
    from matching import adapters
    from matching.models import IndexLog, Suggestion
    from tests.factories import ScenarioFactory

    office = Organization.objects.get(name_zh="基准测试数据局")
    user, _ = User.objects.get_or_create(username="bench-publisher", defaults={"email": "bench@example.com"})
    Membership.objects.get_or_create(
        user=user, organization=office, defaults={"role": Membership.Role.ADMIN, "status": "active"}
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    docs, _ = generate(count + warmup, 0, concepts_from_db(), adapters.regions_from_db(), seed=99)
    latencies: list[float] = []
    visible: list[float] = []
    for n, doc in enumerate(docs):
        scenario = ScenarioFactory(
            owner=office, county=office.region, title=doc.title[:200], problem_statement=doc.description,
            tags=list(doc.tags), language=doc.language, budget_min=doc.budget_min, budget_max=doc.budget_max,
        )  # fmt: skip
        started = time.perf_counter()
        response = client.post(f"/api/v1/scenarios/{scenario.pk}/publish/", HTTP_HOST="127.0.0.1")
        answered = time.perf_counter()
        if response.status_code != 200:
            raise SystemExit(f"publish answered {response.status_code}: {response.content[:300]!r}")
        while True:
            if (
                IndexLog.objects.filter(kind="scenario", object_id=scenario.pk).exists()
                or Suggestion.objects.filter(scenario_id=scenario.pk).exists()
            ):
                break
            if time.perf_counter() - started > 600:
                raise SystemExit(f"scenario {scenario.pk}: no refresh within 600 s")
            time.sleep(0.02)
        done = time.perf_counter()
        if n >= warmup:
            latencies.append((answered - started) * 1000)
            visible.append(done - started)
        if Scenario.objects.get(pk=scenario.pk).status != "open":
            raise SystemExit(f"scenario {scenario.pk} was not published")
    return latencies, visible


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=10_000)
    parser.add_argument("--solutions", type=int, default=50_000)
    parser.add_argument("--publishes", type=int, default=30)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/sce_bench_publish")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument(
        "--publish-only",
        action="store_true",
        help="skip the three full recomputes (minutes at the default sizes) and measure only the publishes",
    )
    args = parser.parse_args(argv)

    ensure_database(args.database_url)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_DEBUG": "true",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DATABASE_URL": args.database_url,
            "DATABASE_STATEMENT_TIMEOUT_MS": "0",
            "CELERY_BROKER_URL": args.redis_url,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "CELERY_TASK_SOFT_TIME_LIMIT": "3600",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    from matching import services

    call_command("migrate", verbosity=0)
    _fill(args.scenarios, args.solutions)

    workers = Workers(queue)
    full = {"full_1w_s": "skipped", "full_2w_s": "skipped"}
    same = "skipped"
    try:
        if args.publish_only:
            workers.start("w1")
            workers.start("w2")
        else:
            started = time.perf_counter()
            services.refresh_all()
            full_1p = time.perf_counter() - started
            reference = _snapshot()
            print(f"full recompute in this process: {full_1p:.1f} s, {len(reference)} suggestions")
            workers.start("w1")
            full_1w = _sharded_recompute(args.shards)
            same_1 = _same(_snapshot(), reference)
            print(f"sharded recompute ({args.shards} shards), 1 worker: {full_1w:.1f} s, same lists: {same_1}")
            workers.start("w2")
            full_2w = _sharded_recompute(args.shards)
            same_2 = _same(_snapshot(), reference)
            print(f"sharded recompute ({args.shards} shards), 2 workers: {full_2w:.1f} s, same lists: {same_2}")
            full = {"full_1w_s": f"{full_1w:.1f}", "full_2w_s": f"{full_2w:.1f}"}
            same = "true" if same_1 and same_2 else "false"
        latencies, visible = _publish_all(args.publishes, warmup=2)
    finally:
        workers.stop()
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
    print(
        f"publish: {len(latencies)} requests, median {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms; "
        f"suggestions stored after median {statistics.median(visible):.2f} s, max {max(visible):.2f} s"
    )
    print(
        f"publish_p95_ms={p95:.0f} visible_s={statistics.median(visible):.2f} full_1w_s={full['full_1w_s']} "
        f"full_2w_s={full['full_2w_s']} same_lists={same}"
    )


if __name__ == "__main__":
    main()
