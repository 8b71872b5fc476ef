"""Who may see and do what with proposals, evaluations, awards and engagements — the one place that decides.

Pages, the API, exports and the admin ask these ``rules`` permissions (``user.has_perm``); the predicates
build on the directory's membership facts (``directory.selectors.affiliations_of``).

Sealing (the rule of the issue):

* Before the deadline a proposal is readable only by the members of the submitting firm. The owner county
  office and the provincial office learn only how many submitted proposals exist (``proposal_count_for``).
* A scenario is *unsealed* once its deadline has passed or the owner closed it early (it moved on to
  evaluating, awarded, piloting or completed). A scenario cancelled before its deadline stays sealed.
* After unsealing, the owner office's members and the provincial office read every *submitted* proposal
  (drafts and withdrawn proposals stay private to their firm). Other firms never read a competitor's proposal.
* Prices are readable only by the firm, the owner office and the provincial office — also after the award.
  Those are exactly the readers of a proposal, so the price is part of ``proposals.read_proposal`` and there
  is no separate price rule: whoever reads a proposal reads its price, and nobody else ever does. The public
  award notice (``selectors.award_notice``) is its own projection and never carries a bid price; it carries
  the contract value by the money rule below.
* A drawn panel's evaluators from outside the owner office (``is_drawn_evaluator``: seated on the call's panel,
  not declined, not found conflicted) read the call's submitted proposals, prices included, after unsealing and
  only then — what the owner office's evaluators read of that call; never a count before the deadline, never
  another call, never the trail, the export or the award page.
* Superusers are treated like the provincial office on pages and in the API.

Money:

* A winning proposal's contract value (``Contract``) is public once the award is final
  (:func:`award_value_public`: the standstill is over, every objection answered). Before that only the owner
  office's members and the awarded firm's members read it — not the provincial office, not another bidder
  (``proposals.read_contract_value``). An award exists only after the proposals are unsealed and a contract
  value is stated only for a winning proposal, so it never tells a sealed or losing price.
* Payments are read with the engagement (``proposals.read_engagement``) and recorded by the owner office
  (``proposals.record_payment``).
"""

from __future__ import annotations

import rules
from django.conf import settings
from django.utils import timezone

import catalog.permissions  # noqa: F401 - registers the catalog permissions this app's services ask
from catalog.models import Scenario
from directory.models import Organization
from directory.permissions import (
    can_publish_for,
    is_authenticated,
    is_overseer,
    is_verified_firm_editor,
    of_organization,
)
from directory.selectors import affiliations_of
from proposals.models import PanelSeat

S = Scenario.Status
UNSEALED_STATES = (S.EVALUATING, S.AWARDED, S.PILOTING, S.COMPLETED)


def is_unsealed(scenario: Scenario, *, now=None) -> bool:
    """True once the deadline has passed or the scenario moved past ``open`` (not by cancellation)."""
    now = now or timezone.now()
    if scenario.status in UNSEALED_STATES:
        return True
    if scenario.status == S.CANCELLED:
        return scenario.deadline is not None and scenario.deadline <= now and scenario.published_at is not None
    return scenario.status == S.OPEN and scenario.deadline is not None and scenario.deadline <= now


def award_value_public(award) -> bool:
    """The one rule for an awarded price or contract value: public once the award is final — the standstill is
    over, every objection is answered and the notice is published for good — unless ``OPEN_DATA_AWARD_VALUES``
    is false. Before that, and for every losing or sealed proposal, never."""
    return bool(settings.OPEN_DATA_AWARD_VALUES) and award.status == award.Status.FINAL


def _member_of(user, organization_id) -> bool:
    return affiliations_of(user).active_in(organization_id) is not None


@rules.predicate
def is_proposal_firm_member(user, proposal) -> bool:
    return proposal is not None and _member_of(user, proposal.firm_id)


@rules.predicate
def is_scenario_owner_member(user, scenario) -> bool:
    return scenario is not None and _member_of(user, scenario.owner_id)


@rules.predicate
def is_drawn_evaluator(user, scenario) -> bool:
    """Seated on the scenario's drawn panel (neither declined nor found conflicted). Says nothing about sealing:
    callers ask it only of unsealed scenarios."""
    if scenario is None or not is_authenticated(user):
        return False
    return PanelSeat.objects.filter(
        draw__scenario_id=scenario.pk, expert__user_id=user.pk, status=PanelSeat.Status.SEATED
    ).exists()


@rules.predicate
def can_read_proposal(user, proposal) -> bool:
    """The sealing rule for one proposal (see the module docstring)."""
    if proposal is None or not is_authenticated(user):
        return False
    if is_proposal_firm_member(user, proposal):
        return True
    if proposal.status != proposal.Status.SUBMITTED or not is_unsealed(proposal.scenario):
        return False
    return (
        is_scenario_owner_member(user, proposal.scenario)
        or is_overseer(user)
        or is_drawn_evaluator(user, proposal.scenario)
    )


@rules.predicate
def may_bid_for(user, firm) -> bool:
    """Acts for ``firm`` (a verified firm) as an admin or editor."""
    return firm is not None and firm.kind == Organization.Kind.FIRM and can_publish_for(user, firm)


@rules.predicate
def can_see_count(user, scenario) -> bool:
    """How many proposals a scenario has: the owner office and the provincial office, at any time."""
    return is_scenario_owner_member(user, scenario) or is_overseer(user)


@rules.predicate
def is_sealed_read(user, proposal) -> bool:
    """A read we log: anyone outside the submitting firm reading proposal content."""
    return not is_proposal_firm_member(user, proposal)


# ---------------------------------------------------------------- rules used by views and the API


acts_for_firm = of_organization(can_publish_for, "firm", name="acts_for_firm")
acts_for_scenario_owner = of_organization(can_publish_for, "owner", name="acts_for_scenario_owner")


@rules.predicate
def evaluation_is_mine(user, evaluation) -> bool:
    return evaluation is not None and is_authenticated(user) and evaluation.evaluator_id == user.pk


acts_for_engagement_owner = of_organization(can_publish_for, "scenario.owner", name="acts_for_engagement_owner")


@rules.predicate
def acts_for_engagement_firm(user, engagement) -> bool:
    return engagement is not None and can_publish_for(user, engagement.firm)


@rules.predicate
def is_engagement_party(user, engagement) -> bool:
    return engagement is not None and (
        _member_of(user, engagement.scenario.owner_id) or _member_of(user, engagement.firm_id)
    )


@rules.predicate
def sits_on_acceptance_committee(user, engagement) -> bool:
    """Named on the engagement's acceptance committee and still an active member of the owner office."""
    if engagement is None or not is_authenticated(user):
        return False
    return _member_of(user, engagement.scenario.owner_id) and engagement.committee.filter(member_id=user.pk).exists()


@rules.predicate
def keeps_expert_pool(user) -> bool:
    """An admin or editor of a verified provincial office, or a superuser: who keeps the expert pool."""
    if not is_authenticated(user):
        return False
    affiliations = affiliations_of(user)
    return affiliations.is_superuser or bool(
        affiliations.organization_ids(kinds=[Organization.Kind.PROVINCIAL_OFFICE], editors=True, verified=True)
    )


@rules.predicate
def may_draw_panel(user, scenario) -> bool:
    """The owner office's admins and editors, and whoever keeps the expert pool."""
    return scenario is not None and (acts_for_scenario_owner(user, scenario) or keeps_expert_pool(user))


@rules.predicate
def holds_panel_seat(user, seat) -> bool:
    return seat is not None and is_authenticated(user) and seat.expert.user_id == user.pk


@rules.predicate
def can_read_contract_value(user, contract) -> bool:
    """Public once the award is final; before, the owner office's and the awarded firm's members only."""
    if contract is None:
        return False
    if award_value_public(contract.award):
        return True
    if not is_authenticated(user):
        return False
    return _member_of(user, contract.award.scenario.owner_id) or _member_of(user, contract.proposal.firm_id)


@rules.predicate
def acts_for_case_owner(user, case) -> bool:
    return case is not None and acts_for_engagement_owner(user, case.engagement)


rules.add_perm("proposals.read_proposal", can_read_proposal)
rules.add_perm("proposals.count_proposals", can_see_count)
rules.add_perm("proposals.bid", is_verified_firm_editor)
rules.add_perm("proposals.bid_for", may_bid_for)
rules.add_perm("proposals.edit_proposal", acts_for_firm)
rules.add_perm("proposals.manage_evaluation", acts_for_scenario_owner)
rules.add_perm("proposals.score", evaluation_is_mine)
rules.add_perm("proposals.award", acts_for_scenario_owner)
rules.add_perm("proposals.read_engagement", is_engagement_party | is_overseer)
rules.add_perm("proposals.manage_engagement", acts_for_engagement_owner)
rules.add_perm("proposals.report_engagement", acts_for_engagement_owner | acts_for_engagement_firm)
rules.add_perm("proposals.read_trail", is_scenario_owner_member | is_overseer)
# Acceptance (验收): the owner office names the committee, waives milestones and files the report
# (``manage_engagement``); committee members sign off; replicable cases are public
# (``selectors.replicable_case``), their owner office edits them.
rules.add_perm("proposals.sign_acceptance", sits_on_acceptance_committee)
rules.add_perm("proposals.edit_case", acts_for_case_owner)
# Money: contract values (see the module docstring) and payments against done milestones.
rules.add_perm("proposals.read_contract_value", can_read_contract_value)
rules.add_perm("proposals.record_payment", acts_for_engagement_owner)
# Evaluation panels: the provincial office keeps the expert pool; the owner office (or the pool's keepers) draws
# a call's panel once it is unsealed and reports a seated expert as conflicted; the expert declines their own
# seat; the draw record (seed, pool, exclusions with bidder names, order) is read like the proposal count.
rules.add_perm("proposals.keep_expert_pool", keeps_expert_pool)
rules.add_perm("proposals.draw_panel", may_draw_panel)
rules.add_perm("proposals.read_panel", is_scenario_owner_member | is_overseer)
rules.add_perm("proposals.decline_seat", holds_panel_seat)
