"""Query plans of the list pages' queries, as the pages build them, on the configured database.

    DJANGO_DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/sce_bench python -m benchmarks.explain_lists

Fill the database first (``python -m benchmarks.http --seed-only --scenarios 100000 --database-url …``). For each
list (anonymous reader, default order, and the common filters) it runs the count and the first page of 20 as the
view does, then prints ``EXPLAIN (ANALYZE, BUFFERS)`` of both. docs/performance.md records a run.
"""

from __future__ import annotations

import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from catalog import selectors
    from catalog.filters import ScenarioFilter, SolutionFilter
    from talent import selectors as talent_selectors

    anonymous = AnonymousUser()
    scenarios = (
        selectors.scenarios_visible_to(user=anonymous)
        .defer(*selectors.SCENARIO_LIST_DEFERRED)
        .order_by("-published_at", "-created_at", "-id")
    )
    solutions = (
        selectors.solutions_visible_to(user=anonymous)
        .defer(*selectors.SOLUTION_LIST_DEFERRED)
        .order_by("-published_at", "-created_at", "-id")
    )
    cases = [
        ("/scenarios/ and /api/v1/scenarios/", ScenarioFilter, scenarios, ""),
        ("/scenarios/?domain=health", ScenarioFilter, scenarios, "domain=health"),
        ("/scenarios/?region=320500 (a city)", ScenarioFilter, scenarios, "region=320500"),
        ("/scenarios/?status=open", ScenarioFilter, scenarios, "status=open"),
        ("/scenarios/?ordering=deadline", ScenarioFilter, scenarios, "ordering=deadline"),
        ("/solutions/", SolutionFilter, solutions, ""),
    ]
    print(f"{connection.vendor}, {scenarios.count()} published scenarios")
    for title, filterset_class, base, query in cases:
        queryset = filterset_class(QueryDict(query) or None, queryset=base).qs
        _explain(title, queryset, connection, CaptureQueriesContext)
    courses = talent_selectors.courses_public().distinct().order_by("title_zh", "pk")
    _explain("/talent/courses/", courses, connection, CaptureQueriesContext)


def _explain(title, queryset, connection, capture) -> None:
    with capture(connection) as counted:
        queryset.count()
    with capture(connection) as paged:
        list(queryset[:20])
    for label, sql in (("count", counted[0]["sql"]), ("page of 20", paged[0]["sql"])):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
            plan = "\n".join("    " + row[0] for row in cursor.fetchall())
        print(f"\n== {title}: {label}\n{plan}")


if __name__ == "__main__":
    main()
