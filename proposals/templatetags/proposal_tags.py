"""Hooks the catalog's scenario and solution pages load by name (``{% load proposal_tags %}``), so the catalog
shows proposals, awards and reference cases without importing this app."""

from __future__ import annotations

from django import template

from catalog.models import Scenario, Solution
from proposals import selectors
from proposals.models import Award

register = template.Library()


@register.inclusion_tag("proposals/_scenario_panel.html", takes_context=True)
def scenario_proposal_panel(context, scenario: Scenario) -> dict:
    """What the reader may know about the scenario's proposals: the firm's own proposal and a link to submit
    one while open; the count for the owner office and the provincial office; the public award notice; the
    scenario's reference cases; and, for the owner office, reference cases of similar scenarios."""
    user = context["request"].user
    own = selectors.own_active_proposal(user=user, scenario=scenario)
    can_bid = scenario.is_open and own is None and user.has_perm("proposals.bid")
    similar = []
    if user.has_perm("matching.read_drafting_help", scenario) and scenario.status in (
        Scenario.Status.DRAFT,
        Scenario.Status.OPEN,
    ):
        similar = selectors.reference_cases_similar_to(scenario)
    return {
        "scenario": scenario,
        "own": own,
        "can_bid": can_bid,
        "count": selectors.proposal_count_for(user=user, scenario=scenario),
        "has_award": Award.objects.filter(scenario=scenario).exists(),
        "cases": selectors.reference_cases_for_scenario(scenario),
        "similar": similar,
    }


@register.inclusion_tag("proposals/_reference_cases.html")
def solution_reference_cases(solution: Solution) -> dict:
    return {"cases": selectors.reference_cases_for_solution(solution), "heading_similar": False}
