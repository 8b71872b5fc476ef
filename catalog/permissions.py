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


can_view_scenario = scenario_is_public | is_scenario_member | is_overseer

rules.add_perm("catalog.read_scenario", can_view_scenario)
rules.add_perm("catalog.create_scenario_for", may_publish_scenarios_for)
rules.add_perm("catalog.edit_scenario", can_act_for_scenario)
rules.add_perm("catalog.transition_scenario", can_act_for_scenario)
rules.add_perm("catalog.remove_scenario", is_scenario_admin)
rules.add_perm("catalog.adopt_scenario", scenario_is_public & is_verified_county_editor)
rules.add_perm("catalog.ask_question", scenario_is_public & is_verified_firm_member)
rules.add_perm("catalog.answer_question", can_act_for_scenario)
rules.add_perm("catalog.see_asker", is_scenario_member | is_overseer)
rules.add_perm("catalog.read_history", is_scenario_member | is_overseer)
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
