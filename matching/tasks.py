"""Matching's background work: what a catalog change or an accepted engagement causes.

Tasks take primary keys (never model instances) and are idempotent: each recomputes from the committed rows,
so a retry, a duplicate or a late delivery leaves the same result. They are sent after commit by
:func:`core.background.enqueue` and run on a Celery worker, or at once when no broker is configured.
"""

from __future__ import annotations

from celery import chord
from django.conf import settings

from catalog.models import Scenario, Solution
from core.background import background_task, enqueue
from matching import curation, recompute, services


@background_task("matching.refresh_scenario")
def refresh_scenario(pk: int) -> None:
    scenario = Scenario.objects.filter(pk=pk).first()
    # A never-published draft is in no list and enters none: nothing to recompute.
    if scenario is not None and scenario.published_at is not None:
        services.refresh_suggestions_for_scenario(scenario)


@background_task("matching.refresh_solution")
def refresh_solution(pk: int) -> None:
    solution = Solution.objects.filter(pk=pk).first()
    if solution is not None and solution.status != Solution.Status.DRAFT:
        services.refresh_suggestions_for_solution(solution)


@background_task("matching.notify_subscribers")
def notify_subscribers(pk: int) -> None:
    scenario = Scenario.objects.select_related("county", "domain").filter(pk=pk).first()
    if scenario is not None:
        services.notify_subscribers(scenario)


@background_task("matching.replication_push")
def replication_push(solution_pk: int, scenario_pk: int) -> None:
    """A solution proven on ``scenario_pk`` (an accepted engagement, decided by the proposals app) is pushed
    towards counties with similar needs."""
    solution = Solution.objects.select_related("owner__region").filter(pk=solution_pk).first()
    scenario = Scenario.objects.filter(pk=scenario_pk).first()
    if solution is not None and scenario is not None:
        services.replication_push(solution=solution, source_scenario=scenario)


@background_task("matching.full_recompute")
def full_recompute(shards: int | None = None) -> None:
    """Nightly safety net: every stored suggestion recomputed from scratch, in ``MATCHING_RECOMPUTE_SHARDS``
    blocks of scenarios run in parallel by the workers (a chord) when more than one."""
    shards = shards or settings.MATCHING_RECOMPUTE_SHARDS
    if shards <= 1:
        services.refresh_all()
        return
    chord(recompute_shard.s(block) for block in recompute.blocks(shards))(store_recomputed.s())


@background_task("matching.recompute_shard", ignore_result=False)
def recompute_shard(scenario_pks: list[int]) -> dict:
    return recompute.shard_lists(scenario_pks)


@background_task("matching.store_recomputed", ignore_result=False)
def store_recomputed(parts: list[dict]) -> dict:
    result = services.store_all(recompute.merge(parts))
    return {"created": result.created, "updated": result.updated, "deleted": result.deleted}


# ---------------------------------------------------------------- catalog hooks (registered in apps.ready)


def on_scenario_changed(pk: int, event: str) -> None:
    enqueue(refresh_scenario, pk)
    if event == "published":
        enqueue(notify_subscribers, pk)


def on_solution_changed(pk: int, event: str) -> None:
    enqueue(refresh_solution, pk)


@background_task("matching.refresh_unmatched_phrases")
def refresh_unmatched_phrases() -> int:
    """Nightly: the phrases in published texts that name no capability, for the curation queue."""
    return curation.phrases_refresh()
