"""Award decisions, the standstill period and objections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import services as catalog_services
from catalog.models import Scenario
from core.exceptions import StateConflict
from directory.models import User
from proposals import notifications
from proposals.models import (
    Award,
    Engagement,
    Objection,
    Proposal,
)
from proposals.services.common import P, _firm_users, _owner_users, _require, _text, audited, standstill_days
from proposals.services.evaluation import _competing, evaluation_state
from proposals.services.money import state_contracts


@audited
def award_decide(
    *,
    scenario: Scenario,
    actor: User,
    proposals: Sequence[Proposal],
    reason: str,
    standstill: int | None = None,
    contract_values: Mapping[int, int | str] | None = None,
) -> Award:
    """Award one or more ranked proposals (parallel pilots) with a published reason, once the evaluation is
    complete. Starts the standstill period; every bidder is told the outcome for their own proposal. Each
    winning proposal gets its contract value: ``contract_values[proposal pk]`` or else its price."""
    _require(actor, "proposals.award", scenario)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if Award.objects.filter(scenario=scenario).exists():
        raise StateConflict(_("This scenario has already been awarded."))
    state = evaluation_state(scenario)
    if not state["complete"]:
        raise StateConflict(
            _("The evaluation is not complete (%(done)d of %(total)d evaluators done); award after it.")
            % {"done": state["done"], "total": state["total"]}
        )
    reason = _text(reason, 5000)
    if not reason:
        raise ValidationError({"reason": [_("Publish the reason for the award.")]})
    competing = {p.pk: p for p in _competing(scenario)}
    chosen_ids = []
    for item in proposals or []:
        try:
            chosen_ids.append(int(item.pk if isinstance(item, Proposal) else item))
        except (TypeError, ValueError):
            raise ValidationError({"proposals": [_("Choose ranked proposals of this scenario.")]}) from None
    if not chosen_ids or any(pk not in competing for pk in chosen_ids):
        raise ValidationError({"proposals": [_("Choose ranked proposals of this scenario.")]})
    days = standstill if standstill is not None else standstill_days(scenario)
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 60:
        raise ValidationError({"standstill": [_("The standstill period is 0 to 60 days.")]})
    now = timezone.now()
    catalog_services.scenario_award(scenario=scenario, actor=actor, reason=reason)
    award = Award.objects.create(
        scenario=scenario,
        reason=reason,
        decided_by=actor,
        decided_at=now,
        standstill_until=now + dt.timedelta(days=days),
    )
    award.proposals.set([competing[pk] for pk in dict.fromkeys(chosen_ids)])
    state_contracts(award, actor=actor, values=contract_values)
    _notify_award(scenario, award, set(chosen_ids))
    return award


def _notify_award(scenario: Scenario, award: Award, winner_ids: set[int]) -> None:
    url = reverse("proposals:award-notice", args=[scenario.pk])
    for proposal in Proposal.objects.filter(scenario=scenario, status=P.SUBMITTED).select_related("firm"):
        won = proposal.pk in winner_ids
        notifications.send(
            users=_firm_users([proposal.firm_id]),
            kind="award_decision",
            message=notifications.AWARD_WON if won else notifications.AWARD_LOST,
            params={"title": scenario.title, "until": award.standstill_until, "scenario": scenario.pk},
            url=url,
        )


@audited
def objection_submit(*, award: Award, actor: User, proposal: Proposal, text: str) -> Objection:
    """A bidder objects during the standstill period."""
    _require(actor, "proposals.edit_proposal", proposal)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if proposal.scenario_id != award.scenario_id or proposal.status != P.SUBMITTED:
        raise Proposal.DoesNotExist
    if award.status != Award.Status.STANDSTILL or timezone.now() >= award.standstill_until:
        raise StateConflict(_("The standstill period has ended; objections are no longer taken."))
    if award.proposals.filter(pk=proposal.pk).exists():
        raise StateConflict(_("A selected proposal does not object to its own award."))
    text = _text(text, 5000)
    if not text:
        raise ValidationError({"text": [_("Write your objection.")]})
    objection = Objection.objects.create(award=award, proposal=proposal, text=text, submitted_by=actor)
    notifications.send(
        users=_owner_users(award.scenario),
        kind="objection",
        message=notifications.OBJECTION_RAISED,
        params={"title": award.scenario.title, "scenario": award.scenario_id},
        url=reverse("proposals:award-manage", args=[award.scenario_id]),
    )
    return objection


@audited
def objection_respond(*, objection: Objection, actor: User, response: str) -> Objection:
    _require(actor, "proposals.award", objection.award.scenario)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.award.status != Award.Status.STANDSTILL:
        raise StateConflict(_("The award is final; objections are closed."))
    if objection.responded_at is not None:
        raise StateConflict(_("This objection has already been answered."))
    response = _text(response, 5000)
    if not response:
        raise ValidationError({"response": [_("Write the response.")]})
    objection.response = response
    objection.responded_by = actor
    objection.responded_at = timezone.now()
    objection.save()
    notifications.send(
        users=_firm_users([objection.proposal.firm_id]),
        kind="objection",
        message=notifications.OBJECTION_ANSWERED,
        params={"title": objection.award.scenario.title, "scenario": objection.award.scenario_id},
        body=response[:500],
        url=reverse("proposals:award-notice", args=[objection.award.scenario_id]),
    )
    return objection


@audited
def award_finalise(*, award: Award, actor: User | None) -> Award:
    """After the standstill period, with every objection answered: the award is final and one engagement per
    winning proposal is contracted. ``actor=None`` is the system (the ``finalise_awards`` command)."""
    if actor is not None:
        _require(actor, "proposals.award", award.scenario)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.status != Award.Status.STANDSTILL:
        raise StateConflict(_("This award is already final."))
    if timezone.now() < award.standstill_until:
        raise StateConflict(_("The standstill period has not ended yet."))
    if award.objections.filter(responded_at__isnull=True).exists():
        raise StateConflict(_("Answer every objection before the award becomes final."))
    award.status = Award.Status.FINAL
    award.finalised_at = timezone.now()
    award.save()
    for proposal in award.proposals.select_related("firm").order_by("pk"):
        Engagement.objects.create(
            award=award,
            proposal=proposal,
            scenario_id=award.scenario_id,
            firm=proposal.firm,
            solution=proposal.solutions.order_by("pk").first(),
        )
    return award


def awards_finalise_due(*, now: dt.datetime | None = None) -> int:
    """Finalise every award whose standstill has passed and whose objections are answered. Idempotent."""
    now = now or timezone.now()
    finalised = 0
    for award in Award.objects.filter(status=Award.Status.STANDSTILL, standstill_until__lte=now):
        if award.objections.filter(responded_at__isnull=True).exists():
            continue
        award_finalise(award=award, actor=None)
        finalised += 1
    return finalised
