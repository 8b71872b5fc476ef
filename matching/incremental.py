"""Incremental suggestions: one changed scenario or solution updates only the lists it enters or leaves.

A process (a Celery worker; the web process itself without a broker) keeps a fitted :class:`MatchIndex` in memory.
On a change it catches up with the :class:`~matching.models.IndexLog` (changes applied by other processes), lets
the engine refresh the one document (``MatchIndex.refresh_scenario`` / ``refresh_solution``: its own list plus every
list it enters or leaves, about milliseconds at 10,000 × 50,000), then reconciles only the stored ``Suggestion`` rows
of those lists and appends the change to the log. A document leaving the public set (cancelled, archived) — which
the engine cannot remove — and ``refresh_all`` refit from scratch and start a new epoch.

Guarantee (tested with hypothesis, ``tests/matching/test_incremental.py``): after any sequence of refreshes the
stored suggestions equal a full recompute (``services.refresh_all``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Q

from matching import adapters, ranking
from matching.engine.rank import MatchIndex
from matching.models import IndexLog, Suggestion

L = IndexLog.Kind


@dataclass
class _Held:
    index: MatchIndex
    epoch: str
    applied: int


_held: _Held | None = None


def forget() -> None:
    """Drop the index held by this process (the next refresh refits)."""
    global _held
    _held = None


def _scenario_doc(pk: int):
    docs = adapters.scenario_docs(adapters.scenarios_for_engine(ranking.indexable_scenarios().filter(pk=pk)))
    return docs[0] if docs else None


def _solution_doc(pk: int):
    docs = adapters.solution_docs(adapters.solutions_for_engine(ranking.indexable_solutions().filter(pk=pk)))
    return docs[0] if docs else None


def start_epoch(index: MatchIndex) -> None:
    """Hold ``index`` (just fitted over every public row) as the current one and start a new epoch."""
    global _held
    entry = IndexLog.objects.create(epoch=uuid.uuid4().hex, kind=L.REBUILD)
    IndexLog.objects.filter(pk__lt=entry.pk).delete()
    _held = _Held(index=index, epoch=entry.epoch, applied=entry.pk)


def new_epoch() -> None:
    """Every process (this one included) refits its index on its next refresh."""
    global _held
    IndexLog.objects.create(epoch=uuid.uuid4().hex, kind=L.REBUILD)
    _held = None


def _refit(latest: IndexLog) -> _Held:
    """Fit the index over every public row as committed now, as of the log's ``latest`` entry: changes committed
    but not refreshed yet are in it already, and their own refresh finds nothing left to do in the index."""
    global _held
    _held = _Held(index=ranking.public_index(), epoch=latest.epoch, applied=latest.pk)
    return _held


def _current() -> _Held | None:
    """The index of the current epoch, caught up with the log; None when the stored table itself must be
    recomputed (no log yet: it was never reconciled with an index)."""
    latest = IndexLog.objects.order_by("-pk").first()
    if latest is None:
        return None
    if _held is None or _held.epoch != latest.epoch:
        return _refit(latest)
    for entry in IndexLog.objects.filter(pk__gt=_held.applied).order_by("pk"):
        if entry.kind == L.SCENARIO and entry.object_id is not None:
            doc = _scenario_doc(entry.object_id)
            if doc is None:
                return _refit(latest)
            _held.index.refresh_scenario(doc)
        elif entry.kind == L.SOLUTION and entry.object_id is not None:
            sol = _solution_doc(entry.object_id)
            if sol is None:
                return _refit(latest)
            _held.index.refresh_solution(sol)
        _held.applied = entry.pk
    return _held


def _kept(items) -> list:
    floor = ranking.min_score()
    return [item for item in items if item.score >= floor]


@dataclass(frozen=True)
class Scope:
    """Owners whose lists may have changed: scenarios (row lists) and solutions (column lists)."""

    scenarios: frozenset[int]
    solutions: frozenset[int]


def desired_in_scope(index: MatchIndex, scope: Scope, existing: Iterable[Suggestion]) -> dict[tuple[int, int], dict]:
    """The rows a full recompute would store for every pair whose scenario or solution is in ``scope``.

    Lists of owners outside the scope did not change, so their ranks are taken from the stored rows; the
    scope's lists are read from the index. Score and reasons come from the scenario's list when the pair is in
    it, else from the solution's list (as ``services._desired`` does)."""
    k = ranking.top_k()
    desired: dict[tuple[int, int], dict] = {}
    for row in existing:
        key = (row.scenario_id, row.solution_id)
        desired[key] = {
            "score": row.score,
            "reasons": list(row.reasons),
            "rank_for_scenario": None if row.scenario_id in scope.scenarios else row.rank_for_scenario,
            "rank_for_solution": None if row.solution_id in scope.solutions else row.rank_for_solution,
        }
    for sid in sorted(scope.scenarios):
        for rank, item in enumerate(_kept(index.top_solutions(str(sid), k)), start=1):
            key = (sid, int(item.id))
            entry = desired.setdefault(key, {"rank_for_solution": None})
            entry.update(score=item.score, reasons=list(item.reasons), rank_for_scenario=rank)
    for pid in sorted(scope.solutions):
        for rank, item in enumerate(_kept(index.top_scenarios(str(pid), k)), start=1):
            key = (int(item.id), pid)
            entry = desired.setdefault(key, {"rank_for_scenario": None})
            if entry["rank_for_scenario"] is None:
                entry.update(score=item.score, reasons=list(item.reasons))
            entry["rank_for_solution"] = rank
    return {
        key: fields
        for key, fields in desired.items()
        if fields["rank_for_scenario"] is not None or fields["rank_for_solution"] is not None
    }


def _owners_listing(scores: np.ndarray, ids: list[str], member: str, lists) -> set[int]:
    """Owners (of ``ids``) whose list now contains ``member``: only those scoring at least the floor can."""
    floor = ranking.min_score()
    k = ranking.top_k()
    found: set[int] = set()
    for position in np.flatnonzero(scores >= floor):
        owner = ids[int(position)]
        if any(item.id == member for item in lists(owner, k, reasons=False)):
            found.add(int(owner))
    return found


FULL = None  # the caller must refit everything (then call start_epoch)
NOTHING = Scope(scenarios=frozenset(), solutions=frozenset())


def _apply(pk: int, *, scenario_side: bool) -> tuple[MatchIndex, Scope] | None:
    held = _current()
    if held is None:
        return FULL
    index = held.index
    if scenario_side:
        doc: Any = _scenario_doc(pk)
        parts: tuple[Any, ...] = (
            index.scenario_ids, index.solution_ids, index.refresh_scenario, index.scores_for_scenario,
            index.top_scenarios,
        )  # fmt: skip
        listed_in = Suggestion.objects.filter(scenario_id=pk, rank_for_solution__isnull=False).values_list(
            "solution_id", flat=True
        )
    else:
        doc = _solution_doc(pk)
        parts = (
            index.solution_ids, index.scenario_ids, index.refresh_solution, index.scores_for_solution,
            index.top_solutions,
        )  # fmt: skip
        listed_in = Suggestion.objects.filter(solution_id=pk, rank_for_scenario__isnull=False).values_list(
            "scenario_id", flat=True
        )
    own_ids, other_ids, refresh, scores, lists = parts
    if doc is None:
        # Left the public set (the engine cannot remove a document), or never in it.
        return FULL if str(pk) in own_ids else (index, NOTHING)
    before = set(listed_in)
    refresh(doc)
    others = frozenset(before | _owners_listing(scores(doc.id), other_ids, doc.id, lists))
    kind = L.SCENARIO if scenario_side else L.SOLUTION
    held.applied = IndexLog.objects.create(epoch=held.epoch, kind=kind, object_id=pk).pk
    if scenario_side:
        return index, Scope(scenarios=frozenset({pk}), solutions=others)
    return index, Scope(scenarios=others, solutions=frozenset({pk}))


def apply_scenario(pk: int) -> tuple[MatchIndex, Scope] | None:
    """Refresh scenario ``pk`` in the held index and log it; the index and the lists that may have changed (its
    own and every solution's it entered or left), or None (``FULL``) when only a full recompute will do. Call
    inside the caller's transaction and lock."""
    return _apply(pk, scenario_side=True)


def apply_solution(pk: int) -> tuple[MatchIndex, Scope] | None:
    """As :func:`apply_scenario`, for solution ``pk``."""
    return _apply(pk, scenario_side=False)


def existing_in_scope(scope: Scope):
    return Suggestion.objects.select_for_update().filter(
        Q(scenario_id__in=scope.scenarios) | Q(solution_id__in=scope.solutions)
    )
