"""The busiest pages under load, next to a bare Django page and a bare DRF list in the same process set-up.

    python -m benchmarks.http                                   # 10,000 published scenarios, SQLite file
    python -m benchmarks.http --database-url postgres://postgres@127.0.0.1:5432/sce_bench
    python -m benchmarks.http --scenarios 2000 --duration 3 --rounds 1   # a quick look
    python -m benchmarks.http --no-page-cache                   # every request rendered (PAGE_CACHE_SECONDS=0)

What it does:

1. migrates the database, loads the demo data on an empty database (``seed_demo``: organisations, solutions,
   courses, sessions) and tops the catalog up to N published scenarios (bulk inserts tagged ``external_ref``
   ``http-…``, reused by the next run; ``--fresh`` deletes them first), then ``collectstatic`` for the
   production static storage;
2. starts gunicorn (``--workers`` sync workers, 2 by default) with production settings (``DJANGO_DEBUG=false``)
   and ``benchmarks.http_settings``: the site's settings plus two reference views that exist only here — a bare
   template page and a bare DRF ``ListAPIView``, each of 20 rows of one model (regions, with their parent
   through ``select_related``) paginated by Django / DRF;
3. runs ``wrk -t2 -c16`` (``--threads``, ``--connections``) against every path in turn, ``--rounds`` times
   interleaved (round 1: all paths, round 2: all paths, …) so that a change in machine load hits every path
   alike; a Python load generator stands in when ``wrk`` is missing;
4. prints req/s (median over the rounds), p50 and p99 latency (median over rounds) per path and the ratios,
   ending with one line ``page_ratio=… api_ratio=… courses_ratio=… solutions_ratio=… home_ratio=…``.

Requests are anonymous (no cookies), so the server-side page cache (core/pagecache.py) answers them unless
``--no-page-cache`` is given. Figures, not pass/fail; the machine's load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks import ensure_database

ROOT = Path(__file__).resolve().parent.parent
PATHS = {
    "bare_page": "/bench/bare-page/",
    "bare_api": "/bench/bare-api/",
    "scenarios": "/scenarios/",
    "api": "/api/v1/scenarios/",
    "courses": "/talent/courses/",
    "solutions": "/solutions/",
    "home": "/",
}
RATIOS = [
    ("page_ratio", "scenarios", "bare_page"),
    ("api_ratio", "api", "bare_api"),
    ("courses_ratio", "courses", "bare_page"),
    ("solutions_ratio", "solutions", "bare_page"),
    ("home_ratio", "home", "bare_page"),
]
SECRET = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - a throwaway local server


def server_environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.http_settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=args.database_url,
        PAGE_CACHE_SECONDS="0" if args.no_page_cache else str(args.page_cache_seconds),
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter and arguments


# ------------------------------------------------------------------ data


def seed(scenarios: int, *, fresh: bool) -> None:
    """Runs inside a subprocess with the benchmark's environment (see ``main``)."""
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from catalog.models import Capability, Domain, Scenario
    from catalog.services.search import _search_text
    from directory.models import Organization, Region

    if not Organization.objects.exists():
        # The demo data once, on an empty database (run again over N scenarios, its matching step would
        # recompute every suggestion).
        call_command("seed_demo", allow_production=True)
    if fresh:
        Scenario.capabilities.through.objects.filter(scenario__external_ref__startswith="http-").delete()
        Scenario.objects.filter(external_ref__startswith="http-").delete()
    offices = list(Organization.objects.filter(kind="county_office", verification_status="verified"))
    counties = list(Region.objects.counties())
    domains = list(Domain.objects.all())
    capabilities = list(Capability.objects.all())
    existing = Scenario.objects.filter(published_at__isnull=False).count()
    rng = random.Random(15)
    subjects = ["公交", "停车", "卫生院", "养老", "学校", "路灯", "内涝", "热线", "大棚", "景区", "园区", "消防"]
    verbs = ["智能调度", "在线监测", "数据共享", "远程服务", "预警处置", "精细管理", "无感支付", "能耗分析"]
    now = timezone.now()
    started = time.perf_counter()
    through = Scenario.capabilities.through
    for start in range(existing, scenarios, 5000):
        batch = []
        for i in range(start, min(start + 5000, scenarios)):
            title = f"{rng.choice(subjects)}{rng.choice(verbs)}项目{i}"
            problem = "".join(rng.choice(subjects) + rng.choice(verbs) + "，" for _ in range(80))
            batch.append(
                Scenario(
                    owner=rng.choice(offices),
                    county=rng.choice(counties),
                    domain=rng.choice(domains),
                    title=title,
                    summary=f"{title}：面向县域的开放应用场景，欢迎企业提出解决方案。",
                    problem_statement=problem,
                    expected_outcomes=problem[:2000],
                    status="open",
                    published_at=now - timezone.timedelta(minutes=i),
                    created_at=now - timezone.timedelta(minutes=i),
                    deadline=now + timezone.timedelta(days=30 + i % 90),
                    budget_min=100_000,
                    budget_max=rng.randrange(200_000, 9_000_000),
                    replicable=i % 3 == 0,
                    external_ref=f"http-{i}",
                    search_text=_search_text(title, problem),
                )
            )
        with transaction.atomic():
            created = Scenario.objects.bulk_create(batch)
            through.objects.bulk_create(
                through(scenario_id=s.pk, capability_id=c.pk) for s in created for c in rng.sample(capabilities, 2)
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Scenario.objects.filter(published_at__isnull=False).count()
    print(
        f"{connection.vendor}: {total} published scenarios ({time.perf_counter() - started:.0f} s to add)", flush=True
    )


# ------------------------------------------------------------------ load


def _seconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def _wrk(url: str, args) -> tuple[float, float, float, int]:
    output = subprocess.run(  # noqa: S603 - wrk from the PATH with our own arguments
        [  # noqa: S607
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            "--timeout",
            "60s",
            "-H",
            "Accept-Language: zh-hans",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _seconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _seconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return rps, p50, p99, (int(bad.group(1)) if bad else 0) + (int(timeouts.group(1)) if timeouts else 0)


def _python_load(url: str, args) -> tuple[float, float, float, int]:
    """Closed-loop clients on keep-alive connections (slower than wrk; used only without wrk)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    latencies: list[float] = []
    errors = [0]
    deadline = time.perf_counter() + args.duration
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine = []
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            connection.request("GET", parts.path, headers={"Accept-Language": "zh-hans"})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - t0)
            if response.status >= 400:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(args.connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    quantile = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return len(latencies) / elapsed, quantile(0.5), quantile(0.99), errors[0]


def _wait_for(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=10_000, help="published scenarios (default 10,000)")
    parser.add_argument(
        "--database-url",
        default=f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}",
        help="PostgreSQL or SQLite URL (default: the SQLite file var/bench.sqlite3)",
    )
    parser.add_argument("--redis-url", default=None, help="use Redis as the cache (default: local memory)")
    parser.add_argument("--fresh", action="store_true", help="delete the benchmark's scenarios first")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--worker-class",
        default="sync",
        choices=["sync", "gthread"],
        help="gunicorn worker class (gthread: 4 threads each, as in production)",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds per path and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-page-cache", action="store_true", help="render every request (PAGE_CACHE_SECONDS=0)")
    parser.add_argument("--page-cache-seconds", type=int, default=60)
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.seed_only:
        os.environ.update(server_environment(args))
        seed(args.scenarios, fresh=args.fresh)
        return

    env = server_environment(args)
    python = sys.executable
    (ROOT / "var").mkdir(exist_ok=True)
    ensure_database(args.database_url)
    _run([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    seed_command = [python, "-m", "benchmarks.http", "--seed-only", "--scenarios", str(args.scenarios)]
    seed_command += ["--database-url", args.database_url]
    _run([*seed_command, *(["--fresh"] if args.fresh else [])], env)
    _run([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)

    port = _free_port()
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - the virtual environment's gunicorn
        [
            str(gunicorn),
            "config.wsgi",
            # Not the project's gunicorn.conf.py (gthread, 4 threads, access log), which gunicorn would read from
            # the working directory: the comparison is with plain sync workers, as the bare reference is served.
            "--config",
            str(ROOT / "benchmarks" / "gunicorn_bench.py"),
            "--worker-class",
            args.worker_class,
            *(["--threads", "4"] if args.worker_class == "gthread" else []),  # as gunicorn.conf.py
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    load = _wrk if shutil.which("wrk") else _python_load
    try:
        _wait_for(port, server)
        base = f"http://127.0.0.1:{port}"
        for path in PATHS.values():  # warm up every worker and the caches
            for _ in range(2 * args.workers + 2):
                with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310 - http://127.0.0.1
                    response.read()
        results: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name in PATHS}
        for round_number in range(1, args.rounds + 1):
            for name, path in PATHS.items():
                results[name].append(load(base + path, args))
            print(f"round {round_number}/{args.rounds} done", file=sys.stderr, flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    generator = f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s" if load is _wrk else "Python generator"
    vendor = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
    print(
        f"{args.scenarios} published scenarios on {vendor}; gunicorn {args.workers} {args.worker_class} workers; "
        f"{generator}; "
        f"{args.rounds} interleaved rounds; page cache {'off' if args.no_page_cache else 'on'}; "
        f"cache {'redis' if args.redis_url else 'local memory'}; load average {os.getloadavg()[0]:.2f}"
    )
    # errors: non-2xx/3xx responses and timeouts
    print(f"{'path':<24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p99/p50':>8} {'errors':>7}")
    rps: dict[str, float] = {}
    for name, path in PATHS.items():
        rounds = results[name]
        rps[name] = statistics.median(r[0] for r in rounds)
        p50 = statistics.median(r[1] for r in rounds) * 1000
        p99 = statistics.median(r[2] for r in rounds) * 1000
        errors = sum(r[3] for r in rounds)
        spread = p99 / p50 if p50 else float("nan")
        print(f"{path:<24} {rps[name]:>8.1f} {p50:>8.2f} {p99:>8.2f} {spread:>8.2f} {errors:>7}")
    print(" ".join(f"{label}={rps[path] / rps[reference]:.2f}" for label, path, reference in RATIOS))


if __name__ == "__main__":
    main()
