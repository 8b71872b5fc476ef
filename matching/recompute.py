"""The full recompute split into shards (blocks of scenarios) that workers run in parallel, then merged.

Each shard fits an index over its block of scenarios and every solution: its scenarios' lists are complete, and
for every solution it keeps the best ``k`` scenarios of the block. The merge takes, for each solution, the best
``k`` over all blocks (same order as the engine: score descending, then id), so the stored lists equal those of one
process (``services.refresh_all``) — a pair's score depends only on its two documents. Run as a Celery chord by
``matching.tasks.full_recompute`` when ``MATCHING_RECOMPUTE_SHARDS`` > 1.
"""

from __future__ import annotations

from matching import adapters, ranking

Entry = list  # [id, score, reasons]


def blocks(shards: int) -> list[list[int]]:
    """The public scenarios' primary keys in ``shards`` contiguous blocks of nearly equal size."""
    pks = list(ranking.indexable_scenarios().values_list("pk", flat=True))
    size = -(-len(pks) // max(1, shards)) if pks else 1
    return [pks[i : i + size] for i in range(0, len(pks), size)] or [[]]


def shard_lists(scenario_pks: list[int]) -> dict:
    """Row lists of the block's scenarios and, per solution, its best ``k`` scenarios of the block (kept pairs
    only, i.e. at least ``MATCHING_MIN_SCORE``). JSON-ready."""
    scenarios = adapters.scenario_docs(
        adapters.scenarios_for_engine(ranking.indexable_scenarios().filter(pk__in=scenario_pks))
    )
    solutions = adapters.solution_docs(adapters.solutions_for_engine(ranking.indexable_solutions()))
    if not scenarios or not solutions:
        return {"rows": [], "cols": []}
    index = ranking.fit(scenarios, solutions)
    k, floor = ranking.top_k(), ranking.min_score()
    rows = [
        [int(sid), [[int(i.id), i.score, list(i.reasons)] for i in index.top_solutions(sid, k) if i.score >= floor]]
        for sid in index.scenario_ids
    ]
    cols = []
    for pid in index.solution_ids:
        kept = [[int(i.id), i.score, list(i.reasons)] for i in index.top_scenarios(pid, k) if i.score >= floor]
        if kept:
            cols.append([int(pid), kept])
    return {"rows": rows, "cols": cols}


def merge(parts: list[dict]) -> dict[tuple[int, int], dict]:
    """The ``Suggestion`` rows of the whole catalogue from the shards' lists (as ``services._desired``)."""
    k = ranking.top_k()
    desired: dict[tuple[int, int], dict] = {}
    for part in parts:
        for sid, items in part["rows"]:
            for rank, (pid, score, reasons) in enumerate(items, start=1):
                desired[(sid, pid)] = {
                    "score": score,
                    "reasons": reasons,
                    "rank_for_scenario": rank,
                    "rank_for_solution": None,
                }
    by_solution: dict[int, list[Entry]] = {}
    for part in parts:
        for pid, items in part["cols"]:
            by_solution.setdefault(pid, []).extend(items)
    for pid, items in by_solution.items():
        items.sort(key=lambda entry: (-entry[1], str(entry[0])))
        for rank, (sid, score, reasons) in enumerate(items[:k], start=1):
            entry = desired.setdefault(
                (sid, pid), {"score": score, "reasons": reasons, "rank_for_scenario": None, "rank_for_solution": None}
            )
            entry["rank_for_solution"] = rank
    return desired
