"""What rendering one page costs the Django process, in-process (no server, no network): CPU time per request and
queries, for a signed-in reader (whose page is never taken from the page cache) or an anonymous one.

    python -m benchmarks.render_cost --database-url postgres://postgres@127.0.0.1:5432/sce_fast
    python -m benchmarks.render_cost --database-url … --page-cache-seconds 0     # every fragment rendered
    python -m benchmarks.render_cost --anonymous --page-cache-seconds 0 /scenarios/ /

The database is one that ``python -m benchmarks.http`` filled (demo data plus N published scenarios). Settings are
the benchmark's production settings (``DJANGO_DEBUG=false``) with plain static storage, so no ``collectstatic``
is needed. Per path: 5 warm-up requests, then ``--requests`` timed ones; prints the mean CPU time of this process
(``time.process_time``: the database server's own time is not included) and the queries of one request.
Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks.http import server_environment

DEFAULT_PATHS = ["/scenarios/", "/api/v1/scenarios/", "/solutions/", "/talent/courses/", "/"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--page-cache-seconds", type=int, default=60)
    parser.add_argument("--anonymous", action="store_true", help="no signed-in user (the page cache may answer)")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url (or set DATABASE_URL): a database that benchmarks.http filled")
    # The same environment as the pages served by benchmarks.http (production settings, the benchmark's key).
    os.environ.clear()
    os.environ.update(
        server_environment(
            argparse.Namespace(
                database_url=args.database_url,
                no_page_cache=args.page_cache_seconds == 0,
                page_cache_seconds=args.page_cache_seconds,
                redis_url=None,
            )
        )
    )
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from directory.models import User

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client(HTTP_HOST="127.0.0.1")
    who = "anonymous"
    if not args.anonymous:
        user = User.objects.filter(is_superuser=False, memberships__isnull=False).order_by("pk").first()
        client.force_login(user)
        who = f"signed in as {user.username}"
    print(f"{connection.vendor}; {who}; PAGE_CACHE_SECONDS={args.page_cache_seconds}; load average "
          f"{os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"{'path':<28}{'CPU ms':>8}{'queries':>9}{'bytes':>9}")
    for path in args.paths:
        for _ in range(5):
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        started = time.process_time()
        for _ in range(args.requests):
            client.get(path)
        cpu_ms = (time.process_time() - started) / args.requests * 1000
        print(f"{path:<28}{cpu_ms:>8.1f}{len(queries):>9}{len(response.content):>9}")


if __name__ == "__main__":
    main()
