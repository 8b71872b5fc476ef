"""Running the engine on catalog rows: the one place the site builds a :class:`MatchIndex`.

Everything here reads the database and computes; nothing is written (services persist the results). The
vocabulary comes from the ``Capability`` table, regions from ``Region`` and weights from :func:`active_weights` (the
weight set fitted from use and applied, else ``matching.engine.weights.DEFAULT_WEIGHTS``) — exactly what
``manage.py rank_solutions`` and ``evaluate_matching`` use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from catalog.concepts import concepts_from_db
from catalog.models import Scenario, Solution
from matching import adapters
from matching.engine.learn import with_components
from matching.engine.rank import MatchIndex
from matching.engine.types import RankedItem, RegionInfo, ScenarioDoc, SolutionDoc
from matching.engine.weights import DEFAULT_WEIGHTS, Weights
from matching.models import WeightSet
from vocabulary import Concept

S = Scenario.Status


def top_k() -> int:
    """How many suggestions are kept per scenario and per solution (``MATCHING_TOP_K``, default 10)."""
    return settings.MATCHING_TOP_K


def min_score() -> float:
    """Pairs scoring below this are never suggested (``MATCHING_MIN_SCORE``, default 0.2): with few documents
    a top-k list would otherwise fill up with unrelated items."""
    return settings.MATCHING_MIN_SCORE


def indexable_scenarios() -> QuerySet[Scenario]:
    """Public scenarios that may be suggested: published at some point and not cancelled. Drafts never."""
    return Scenario.objects.filter(published_at__isnull=False).exclude(status=S.CANCELLED).order_by("pk")


def indexable_solutions() -> QuerySet[Solution]:
    """Published solutions only: drafts and archived ones never."""
    return Solution.objects.published().order_by("pk")


def active_weights() -> Weights:
    """The weights in force: the active :class:`WeightSet` (fitted from use and applied; see
    ``matching.learning``) over the shipped defaults, or the defaults when none is active."""
    values = WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).values_list("values", flat=True).first()
    return with_components(DEFAULT_WEIGHTS, values) if values else DEFAULT_WEIGHTS


@dataclass(frozen=True)
class EngineContext:
    concepts: list[Concept]
    regions: list[RegionInfo]


def engine_context() -> EngineContext:
    return EngineContext(concepts=concepts_from_db(), regions=adapters.regions_from_db())


def fit(
    scenarios: Sequence[ScenarioDoc],
    solutions: Sequence[SolutionDoc],
    *,
    k: int | None = None,
    context: EngineContext | None = None,
) -> MatchIndex:
    context = context or engine_context()
    return MatchIndex.fit(
        scenarios, solutions, context.concepts, context.regions, weights=active_weights(), k=max(1, k or top_k())
    )


def public_index(*, k: int | None = None) -> MatchIndex:
    """An index over every indexable scenario and solution."""
    scenarios = adapters.scenario_docs(adapters.scenarios_for_engine(indexable_scenarios()))
    solutions = adapters.solution_docs(adapters.solutions_for_engine(indexable_solutions()))
    return fit(scenarios, solutions, k=k)


def similar_scenarios(scenario: Scenario, *, k: int = 5) -> list[RankedItem]:
    """Public scenarios (other than ``scenario``) asking for the most similar things, best first.

    Scenarios are scored as pseudo-solutions (text, capabilities and domain only; see
    ``adapters.scenario_as_solution``). Works for drafts: the draft is scored on demand and stored nowhere.
    """
    query = adapters.scenario_doc(adapters.scenarios_for_engine(Scenario.objects.filter(pk=scenario.pk)).get())
    others = [
        adapters.scenario_as_solution(doc)
        for doc in adapters.scenario_docs(adapters.scenarios_for_engine(indexable_scenarios().exclude(pk=scenario.pk)))
    ]
    if not others:
        return []
    index = fit([query], others, k=k)
    floor = min_score()
    return [item for item in index.top_solutions(query.id, k) if item.score >= floor]


def score_pairs(scenarios: Sequence[Scenario], solution: Solution) -> dict[int, RankedItem]:
    """Score each scenario (drafts allowed) against one solution: ``{scenario pk: RankedItem}``."""
    if not scenarios:
        return {}
    docs = adapters.scenario_docs(
        adapters.scenarios_for_engine(Scenario.objects.filter(pk__in=[s.pk for s in scenarios]))
    )
    sol = adapters.solution_doc(adapters.solutions_for_engine(Solution.objects.filter(pk=solution.pk)).get())
    index = fit(docs, [sol], k=1)
    return {int(doc.id): RankedItem(sol.id, index.score(doc.id, sol.id), index.explain(doc.id, sol.id)) for doc in docs}
