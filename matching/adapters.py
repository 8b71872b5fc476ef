"""Catalog and directory rows → the engine's plain dataclasses.

The site and the evaluation commands build the engine's inputs only through these functions and
``catalog.concepts.concepts_from_db``, so both use the same vocabulary (the ``catalog.Capability`` rows as
``vocabulary.Concept``), the same region table (``directory.Region``) and the same weights
(``matching.engine.weights.DEFAULT_WEIGHTS``).

Scenario and solution ids in the engine are the string primary keys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet

from catalog.models import Capability, Deployment, Domain, Scenario, Solution
from directory.models import Region
from matching.engine.types import Document, RegionInfo, ScenarioDoc, SolutionDoc

# Longer texts add nothing to the ranking but cost time; the engine is robust to any length, the site caps it.
MAX_TEXT_CHARS = 20_000


def regions_from_db() -> list[RegionInfo]:
    """Every county-level region with its city and zone, plus the cities (they carry the zone too)."""
    out = []
    for code, level, parent_id, zone, name_zh, name_en, population in Region.objects.exclude(
        level=Region.Level.PROVINCE
    ).values_list("code", "level", "parent_id", "zone", "name_zh", "name_en", "population"):
        out.append(
            RegionInfo(
                code=code,
                city_code=parent_id if level == Region.Level.COUNTY else None,
                zone=zone or None,
                name_zh=name_zh,
                name_en=name_en,
                population=population,
            )
        )
    return out


def _money(value: int | None) -> int | None:
    return value if value else None


def _cut(text: str) -> str:
    return (text or "")[:MAX_TEXT_CHARS]


def _document_fields(entry: Scenario | Solution, description: str) -> dict[str, Any]:
    """What the engine reads alike of a scenario and a solution (:class:`matching.engine.types.Document`) but the
    domains (one for a scenario, several for a solution)."""
    return {
        "id": str(entry.pk),
        "title": entry.title or "",
        "description": _cut(description),
        "tags": tuple(str(t) for t in (entry.tags or ())),
        "language": "en" if entry.language == "en" else "zh",
        "capabilities": tuple(c.code for c in entry.capabilities.all()),
    }


def scenario_doc(scenario: Scenario) -> ScenarioDoc:
    """Engine view of a scenario. Expects ``capabilities`` prefetched (see :func:`scenarios_for_engine`)."""
    description = "\n".join(
        part for part in (scenario.summary, scenario.problem_statement, scenario.expected_outcomes) if part
    )
    return ScenarioDoc(
        **_document_fields(scenario, description),
        domains=(scenario.domain.code,) if scenario.domain_id else (),
        budget_min=_money(scenario.budget_min),
        budget_max=_money(scenario.budget_max),
        county_code=scenario.county_id or None,
    )


def solution_doc(solution: Solution) -> SolutionDoc:
    """Engine view of a solution. Expects domains, capabilities and deployments prefetched."""
    description = "\n".join(part for part in (solution.summary, solution.description) if part)
    return SolutionDoc(
        **_document_fields(solution, description),
        domains=tuple(d.code for d in solution.domains.all()),
        price_min=_money(solution.price_min),
        price_max=_money(solution.price_max),
        maturity=solution.maturity or None,
        deployed_in=tuple(sorted({d.county_id for d in solution.deployments.all()})),
        firm=str(solution.owner_id),
    )


def scenarios_for_engine(queryset: QuerySet[Scenario]) -> QuerySet[Scenario]:
    return queryset.select_related("domain").prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.only("id", "code"))
    )


def solutions_for_engine(queryset: QuerySet[Solution]) -> QuerySet[Solution]:
    return queryset.prefetch_related(
        Prefetch("domains", queryset=Domain.objects.only("id", "code")),
        Prefetch("capabilities", queryset=Capability.objects.only("id", "code")),
        Prefetch("deployments", queryset=Deployment.objects.only("id", "solution_id", "county_id")),
    )


def scenario_docs(scenarios: Iterable[Scenario]) -> list[ScenarioDoc]:
    return [scenario_doc(s) for s in scenarios]


def solution_docs(solutions: Iterable[Solution]) -> list[SolutionDoc]:
    return [solution_doc(p) for p in solutions]


def scenario_as_solution(doc: ScenarioDoc) -> SolutionDoc:
    """A scenario dressed as a solution, to score scenario–scenario similarity with the same features.

    Only text, tags, domains and capabilities carry over: price, maturity and track record are neutral, so the
    score of two scenarios reflects what they ask for, not where or for how much.
    """
    return SolutionDoc(**{f.name: getattr(doc, f.name) for f in dataclasses.fields(Document)})


def ids(values: Sequence[str]) -> list[int]:
    return [int(v) for v in values]
