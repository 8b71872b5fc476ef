"""What the proposals app adds to a call's lifecycle in the catalog (through catalog hooks): no early close
once a proposal is in, and every bidder told when a call is cancelled."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Scenario, ScenarioTransition
from proposals import notifications
from proposals.models import Proposal
from proposals.services.common import _firm_users, scenario_url


def close_early_refusal(scenario_id: int) -> str:
    """Why an open call may not be closed before its deadline: a proposal has been submitted (even if withdrawn
    since — its firm may still resubmit until the published deadline)."""
    if Proposal.objects.filter(scenario_id=scenario_id, submitted_at__isnull=False).exists():
        return _(
            "A proposal has already been submitted, so the call stays open until its deadline. "
            "You may extend the deadline or cancel the call (every bidder is told)."
        )
    return ""


def announce_cancellation(*, scenario_id: int) -> int:
    """Tell every firm with a proposal on the scenario (draft, submitted or withdrawn) that the call was
    cancelled, with the published reason. Returns how many people were told."""
    scenario = Scenario.objects.filter(pk=scenario_id, status=Scenario.Status.CANCELLED).first()
    if scenario is None:
        return 0
    transition = (
        ScenarioTransition.objects.filter(scenario=scenario, to_status=Scenario.Status.CANCELLED)
        .order_by("-pk")
        .first()
    )
    firm_ids = set(Proposal.objects.filter(scenario=scenario).values_list("firm_id", flat=True))
    users = _firm_users(firm_ids)
    with transaction.atomic():
        notifications.send(
            users=users,
            kind="scenario_cancelled",
            message=notifications.SCENARIO_CANCELLED,
            params={"title": scenario.title, "scenario": scenario.pk},
            body=transition.reason if transition else "",
            url=scenario_url(scenario.pk),
        )
    return len(users)


def describe_effects(scenario_id: int, action: str) -> list[str]:
    """For the owner's confirmation pages: whom cancelling tells. Never a count: before the deadline the owner
    office knows only how many proposals were submitted (``selectors.proposal_count_for``), and how many firms
    hold a draft or withdrew is theirs alone (closing early says, in the catalog's words, that firms still
    preparing a proposal can no longer submit it)."""
    if action != "cancel":
        return []
    return [_("Every firm with a proposal, draft or submitted, is told at once, with your reason.")]
