"""Who may see and act on matching data. Views and the API ask these same ``rules`` permissions.

- Suggestions of a scenario: members of the owner county office only (viewers read, admins/editors act).
- Suggestions of a solution and the feed: members of the firm only (viewers read, admins/editors act).
- Region pairs: read by everyone, changed by the provincial office.
- Weights learnt from use and the curation of unmatched tags: the provincial office.
- Subscriptions: each person manages their own.
"""

from __future__ import annotations

import rules

from catalog.models import Scenario
from catalog.permissions import (
    can_act_for_scenario,
    can_act_for_solution,
    is_scenario_member,
    is_solution_member,
    solution_is_published,
)
from directory.permissions import (
    is_authenticated,
    is_member_of_verified_firm,
    is_overseer,
    is_superuser,
    is_verified_firm_member,
)


@rules.predicate
def scenario_is_public(user, scenario) -> bool:
    return scenario is not None and scenario.published_at is not None and scenario.status != Scenario.Status.CANCELLED


@rules.predicate
def owns_subscription(user, subscription) -> bool:
    return subscription is not None and is_authenticated(user) and subscription.user_id == user.pk


rules.add_perm("matching.read_scenario_suggestions", scenario_is_public & (is_scenario_member | is_superuser))
rules.add_perm("matching.act_on_scenario_suggestions", scenario_is_public & can_act_for_scenario)
rules.add_perm("matching.read_solution_suggestions", solution_is_published & (is_solution_member | is_superuser))
rules.add_perm("matching.act_on_solution_suggestions", solution_is_published & can_act_for_solution)
# Drafting help (similar scenarios, reference cases): the owner office, whatever the state.
rules.add_perm("matching.read_drafting_help", is_scenario_member | is_superuser)
rules.add_perm("matching.manage_region_pairs", is_overseer)
# Learning from use and the tuning page (curation asks catalog.curate_vocabulary): the provincial office.
rules.add_perm("matching.tune_weights", is_overseer)
rules.add_perm("matching.subscribe", is_verified_firm_member)
rules.add_perm("matching.subscribe_for", is_member_of_verified_firm)
rules.add_perm("matching.edit_subscription", owns_subscription)
