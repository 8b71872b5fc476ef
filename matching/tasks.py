"""The dispatcher between "something changed" and the work it causes.

``enqueue(name, pk)`` runs the named task at once (development, tests, small sites). When the setting
``MATCHING_TASK_QUEUE`` names a callable (dotted path) it is called as ``queue(name, pk)`` instead, and a
background worker (e.g. a Celery task wrapping :func:`run`) executes ``run(name, pk)`` later. Tasks take
primary keys, never model instances, so they can cross a process boundary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

from catalog.models import Scenario, Solution
from matching import services

logger = logging.getLogger(__name__)


def _refresh_scenario(pk: int) -> None:
    scenario = Scenario.objects.filter(pk=pk).first()
    # A never-published draft is in no list and enters none: nothing to recompute.
    if scenario is not None and scenario.published_at is not None:
        services.refresh_suggestions_for_scenario(scenario)


def _refresh_solution(pk: int) -> None:
    solution = Solution.objects.filter(pk=pk).first()
    if solution is not None and solution.status != Solution.Status.DRAFT:
        services.refresh_suggestions_for_solution(solution)


def _notify_subscribers(pk: int) -> None:
    scenario = Scenario.objects.select_related("county", "domain").filter(pk=pk).first()
    if scenario is not None:
        services.notify_subscribers(scenario)


def _replication_push(solution_pk: int, scenario_pk: int) -> None:
    """A solution proven on ``scenario_pk`` (an accepted engagement, decided by the proposals app) is pushed
    towards counties with similar needs."""
    solution = Solution.objects.select_related("owner__region").filter(pk=solution_pk).first()
    scenario = Scenario.objects.filter(pk=scenario_pk).first()
    if solution is not None and scenario is not None:
        services.replication_push(solution=solution, source_scenario=scenario)


TASKS: dict[str, Callable[..., None]] = {
    "refresh_suggestions_for_scenario": _refresh_scenario,
    "refresh_suggestions_for_solution": _refresh_solution,
    "notify_subscribers": _notify_subscribers,
    "replication_push": _replication_push,
}


def run(name: str, *pks: int) -> None:
    """Execute a task now (what a worker calls)."""
    TASKS[name](*pks)


def enqueue(name: str, *pks: int) -> None:
    if name not in TASKS:
        raise ValueError(f"unknown matching task {name!r}")
    if settings.MATCHING_TASK_QUEUE:
        import_string(settings.MATCHING_TASK_QUEUE)(name, *pks)
        return
    run(name, *pks)


# ---------------------------------------------------------------- catalog hooks (registered in apps.ready)


def on_scenario_changed(pk: int, event: str) -> None:
    enqueue("refresh_suggestions_for_scenario", pk)
    if event == "published":
        enqueue("notify_subscribers", pk)


def on_solution_changed(pk: int, event: str) -> None:
    enqueue("refresh_suggestions_for_solution", pk)
