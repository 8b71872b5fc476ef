"""Who may do what in the catalog. The HTML views and the API ask these same ``rules`` permissions.

Objects: ``catalog.*_scenario`` take a Scenario, ``catalog.*_solution`` a Solution, ``catalog.create_scenario_for``
and ``catalog.create_solution_for`` an Organization.
"""

from __future__ import annotations

import rules

from catalog.models import Solution
from directory.models import Organization
from directory.permissions import (
    can_publish_for,
    is_org_admin,
    is_org_member,
    is_overseer,
    is_verified_county_editor,
    is_verified_firm_member,
    of_organization,
)
from directory.selectors import affiliations_of

SCENARIO_OWNER_KINDS = (Organization.Kind.COUNTY_OFFICE, Organization.Kind.PROVINCIAL_OFFICE)


@rules.predicate
def scenario_is_public(user, scenario) -> bool:
    return scenario is not None and scenario.published_at is not None


is_scenario_member = of_organization(is_org_member, "owner", name="is_scenario_member")
can_act_for_scenario = of_organization(can_publish_for, "owner", name="can_act_for_scenario")


@rules.predicate
def is_scenario_admin(user, scenario) -> bool:
    return scenario is not None and scenario.owner.can_publish and is_org_admin(user, scenario.owner)


def _may_publish_for(kinds, *, name: str) -> rules.Predicate:
    """The organisation is of one of ``kinds`` and the user may publish for it."""

    def asked(user, organization) -> bool:
        return organization is not None and organization.kind in kinds and bool(can_publish_for(user, organization))

    return rules.Predicate(asked, name=name)


may_publish_scenarios_for = _may_publish_for(SCENARIO_OWNER_KINDS, name="may_publish_scenarios_for")
may_publish_solutions_for = _may_publish_for([Organization.Kind.FIRM], name="may_publish_solutions_for")


@rules.predicate
def solution_is_published(user, solution) -> bool:
    return solution is not None and solution.status == Solution.Status.PUBLISHED


is_solution_member = of_organization(is_org_member, "owner", name="is_solution_member")
can_act_for_solution = of_organization(can_publish_for, "owner", name="can_act_for_solution")


def _city_offices(user, *, editors: bool) -> list[Organization]:
    """The verified city offices (市数据局) the user acts for: they review their counties' scenarios where the
    province reviews before publication."""
    return affiliations_of(user).organizations(kinds=[Organization.Kind.CITY_OFFICE], editors=editors, verified=True)


def _city_of(scenario) -> str | None:
    return scenario.county.city_code if scenario is not None and scenario.county_id else None


@rules.predicate
def is_city_reviewer(user, scenario) -> bool:
    """An admin or editor of the city office over the scenario's county."""
    city = _city_of(scenario)
    return city is not None and any(o.region_id == city for o in _city_offices(user, editors=True))


@rules.predicate
def is_city_member(user, scenario) -> bool:
    city = _city_of(scenario)
    return city is not None and any(o.region_id == city for o in _city_offices(user, editors=False))


@rules.predicate
def scenario_in_review_or_later(user, scenario) -> bool:
    """Submitted for review at least once: anything but a draft (a returned draft goes back to its owner)."""
    return scenario is not None and scenario.status != scenario.Status.DRAFT


can_view_scenario = (
    scenario_is_public | is_scenario_member | is_overseer | (is_city_member & scenario_in_review_or_later)
)

rules.add_perm("catalog.read_scenario", can_view_scenario)
rules.add_perm("catalog.create_scenario_for", may_publish_scenarios_for)
rules.add_perm("catalog.edit_scenario", can_act_for_scenario)
rules.add_perm("catalog.transition_scenario", can_act_for_scenario)
rules.add_perm("catalog.remove_scenario", is_scenario_admin)
rules.add_perm("catalog.adopt_scenario", scenario_is_public & is_verified_county_editor)
rules.add_perm("catalog.ask_question", scenario_is_public & is_verified_firm_member)
rules.add_perm("catalog.answer_question", can_act_for_scenario)
rules.add_perm("catalog.see_asker", is_scenario_member | is_overseer)
rules.add_perm(
    "catalog.read_history", is_scenario_member | is_overseer | (is_city_member & scenario_in_review_or_later)
)
# Review before publication (where the province's ReviewPolicy asks for it): the county submits, the city
# office over the county approves or returns, the province returns, grades and publishes in numbered batches.
rules.add_perm("catalog.city_review_scenario", is_city_reviewer)
rules.add_perm("catalog.province_review_scenario", is_overseer)
rules.add_perm("catalog.grade_scenario", is_overseer)
rules.add_perm("catalog.manage_review", is_overseer)
# Opened resources: a verified firm's admin or editor asks (object: the firm); the owner office decides
# (object: the scenario). Who reads the requests is ``selectors.resource_requests_visible_to``.
rules.add_perm("catalog.request_resource", may_publish_solutions_for)
rules.add_perm("catalog.decide_resource_request", can_act_for_scenario)
# Mapping free-text tags nobody's vocabulary knew onto capabilities: the provincial office, and staff in the admin.
rules.add_perm("catalog.curate_vocabulary", is_overseer | rules.is_staff)

can_view_solution = solution_is_published | is_solution_member | is_overseer

rules.add_perm("catalog.read_solution", can_view_solution)
rules.add_perm("catalog.create_solution_for", may_publish_solutions_for)
rules.add_perm("catalog.edit_solution", can_act_for_solution)
rules.add_perm("catalog.remove_solution", can_act_for_solution)
# Bulk imports create entries (and, if asked, organisations) for any county or firm: the provincial office only.
rules.add_perm("catalog.import_entries", is_overseer)


def transition_perm(name: str, scenario) -> str:
    """The permission a named lifecycle step needs (``catalog.services.TRANSITIONS``): the owner moves its own
    scenario; the city office approves or returns a submitted one; the province returns a reviewed one."""
    if name == "approve":
        return "catalog.city_review_scenario"
    if name == "return":
        reviewed = scenario is not None and scenario.status == scenario.Status.REVIEWED
        return "catalog.province_review_scenario" if reviewed else "catalog.city_review_scenario"
    return "catalog.transition_scenario"
