"""Reads of the matching app that depend on who asks. Each selector owns its joins, so pages and endpoints run a
fixed number of queries whatever the number of rows.

Visibility: suggestions only ever pair a public scenario (published, not cancelled) with a published solution
(``Suggestion.objects.public()``), and each side sees only its own lists, without the pairs it dismissed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from catalog.models import Scenario, Solution
from catalog.selectors import scenario_detail, solution_detail
from directory.models import Organization
from directory.selectors import organization_ids_of
from matching import hooks, ranking
from matching.engine.types import Reason
from matching.models import (
    Invitation,
    RegionPair,
    ReplicationRecommendation,
    Subscription,
    Suggestion,
    SuggestionFeedback,
)

Side = SuggestionFeedback.Side


def _verdict(side: str) -> Subquery:
    return Subquery(
        SuggestionFeedback.objects.filter(
            scenario_id=OuterRef("scenario_id"), solution_id=OuterRef("solution_id"), side=side
        ).values("verdict")[:1]
    )


def _without_dismissed(queryset: QuerySet[Suggestion], side: str) -> QuerySet[Suggestion]:
    return queryset.annotate(verdict=_verdict(side)).exclude(
        Exists(
            SuggestionFeedback.objects.filter(
                scenario_id=OuterRef("scenario_id"),
                solution_id=OuterRef("solution_id"),
                side=side,
                verdict=SuggestionFeedback.Verdict.DISMISS,
            )
        )
    )


def scenario_for_suggestions(*, user, pk: int) -> Scenario:
    """The scenario when ``user`` may see its suggestions; ``Scenario.DoesNotExist`` otherwise (404 for
    outsiders and for non-public scenarios alike)."""
    scenario = scenario_detail(user=user, pk=pk)
    if not user.has_perm("matching.read_scenario_suggestions", scenario):
        raise Scenario.DoesNotExist
    return scenario


def solution_for_suggestions(*, user, pk: int) -> Solution:
    solution = solution_detail(user=user, pk=pk)
    if not user.has_perm("matching.read_solution_suggestions", solution):
        raise Solution.DoesNotExist
    return solution


def suggestions_for_scenario(*, scenario: Scenario) -> QuerySet[Suggestion]:
    """The scenario's recommended solutions in rank order, without those its owner dismissed. Annotated with
    ``verdict`` (the owner's feedback or None) and ``invited``. Call only after a permission check."""
    queryset = (
        Suggestion.objects.public()
        .filter(scenario=scenario, rank_for_scenario__isnull=False)
        .select_related("solution", "solution__owner", "scenario")
        .annotate(
            invited=Exists(
                Invitation.objects.filter(scenario_id=OuterRef("scenario_id"), solution_id=OuterRef("solution_id"))
            )
        )
        .order_by("rank_for_scenario", "solution_id")
    )
    return _without_dismissed(queryset, Side.SCENARIO)


def suggestions_for_solution(*, solution: Solution) -> QuerySet[Suggestion]:
    """The solution's recommended scenarios in rank order, without those its firm dismissed."""
    queryset = (
        Suggestion.objects.public()
        .filter(solution=solution, rank_for_solution__isnull=False)
        .select_related("scenario", "scenario__county", "scenario__owner", "scenario__domain", "solution")
        .order_by("rank_for_solution", "scenario_id")
    )
    return _without_dismissed(queryset, Side.SOLUTION)


def feed_for(*, user) -> QuerySet[Suggestion]:
    """Recommended scenarios across every published solution of the firms ``user`` is an active member of,
    best score first, without dismissed pairs."""
    if user is None or not user.is_authenticated:
        return Suggestion.objects.none()
    firms = organization_ids_of(user, kinds=[Organization.Kind.FIRM])
    queryset = (
        Suggestion.objects.public()
        .filter(solution__owner_id__in=firms, rank_for_solution__isnull=False)
        .select_related("scenario", "scenario__county", "scenario__owner", "scenario__domain", "solution")
        .order_by("-score", "scenario_id", "solution_id")
    )
    return _without_dismissed(queryset, Side.SOLUTION)


def suggestion_for_action(*, user, pk: int, side: str) -> Suggestion:
    """A public suggestion the user may at least see from ``side``; ``Suggestion.DoesNotExist`` otherwise.
    Whether they may act (admin/editor) is the service's question (403)."""
    suggestion = (
        Suggestion.objects.public()
        .select_related("scenario", "scenario__owner", "solution", "solution__owner")
        .get(pk=pk)
    )
    if side == Side.SCENARIO and user.has_perm("matching.read_scenario_suggestions", suggestion.scenario):
        return suggestion
    if side == Side.SOLUTION and user.has_perm("matching.read_solution_suggestions", suggestion.solution):
        return suggestion
    raise Suggestion.DoesNotExist


def replication_recommendations_for(*, scenario: Scenario) -> QuerySet[ReplicationRecommendation]:
    """Proven solutions pushed to this scenario (call after a permission check on the scenario); published
    solutions only."""
    return (
        ReplicationRecommendation.objects.filter(target_scenario=scenario, solution__status=Solution.Status.PUBLISHED)
        .select_related("solution", "solution__owner", "source_scenario", "source_scenario__county")
        .order_by("position")
    )


@dataclass(frozen=True)
class SimilarScenario:
    scenario: Scenario
    score: float
    reasons: tuple[Reason, ...]


def similar_scenarios(*, user, scenario: Scenario, k: int = 5) -> list[SimilarScenario]:
    """Public scenarios similar to ``scenario`` (which may be a draft) for its owner office, best first."""
    if not user.has_perm("matching.read_drafting_help", scenario):
        raise PermissionDenied
    items = ranking.similar_scenarios(scenario, k=k)
    rows = Scenario.objects.with_state().select_related("county", "owner", "domain").in_bulk([int(i.id) for i in items])
    return [SimilarScenario(rows[int(i.id)], i.score, i.reasons) for i in items if int(i.id) in rows]


def reference_cases_for(scenario: Scenario) -> list:
    """Reference cases (accepted engagements) that solved a similar need, from the providers the layers above
    register in :mod:`matching.hooks` (the proposals app decides what a reference case may show)."""
    return hooks.reference_cases_similar_to(scenario)


def subscriptions_of(*, user) -> QuerySet[Subscription]:
    if user is None or not user.is_authenticated:
        return Subscription.objects.none()
    return (
        Subscription.objects.filter(user=user)
        .select_related("organization")
        .prefetch_related("domains", "capabilities", "regions")
        .order_by("-created_at", "-id")
    )


def region_pairs() -> QuerySet[RegionPair]:
    return RegionPair.objects.select_related("south_city", "north_city").order_by("south_city_id", "north_city_id")
