from __future__ import annotations

from django import template

from matching import reasons as match_reasons
from matching import selectors

register = template.Library()


@register.inclusion_tag("matching/_drafting_help.html", takes_context=True)
def drafting_help(context, scenario):
    """Similar public scenarios and reference cases, computed on demand for the owner office (renders nothing
    useful for anyone else: the permission is checked here too)."""
    user = context["request"].user
    if not user.has_perm("matching.read_drafting_help", scenario):
        return {"similar": [], "reference_cases": [], "hidden": True}
    return {
        "similar": selectors.similar_scenarios(user=user, scenario=scenario),
        "reference_cases": selectors.reference_cases_for(scenario),
        "replications": selectors.replication_recommendations_for(scenario=scenario),
        "request": context["request"],
    }


@register.filter
def reason_texts(reasons):
    """A suggestion's reasons (stored as data) in the active language."""
    return match_reasons.reason_texts(reasons)
