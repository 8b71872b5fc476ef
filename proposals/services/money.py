"""Money after an award: each winning proposal's contract value and the payments made against done milestones.

Rules (refused here, so pages, the API, admin and the demo cannot bypass them):

* A contract value is stated only for a winning proposal of an award, by the owner office, while the award is
  in its standstill period (it is fixed once the award is final; an award made final without one may still
  state it once). Without a stated value the winning price is the contract value.
* A payment is recorded by the owner office against a milestone of the engagement that is done (not merely
  waived), on or after the day it was done and not in the future, and never for more than what remains of the
  contract value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.money import MoneyError, format_money, parse_money
from directory.models import User
from proposals import permissions as perms
from proposals.models import Award, Contract, Engagement, Milestone, Payment, Proposal
from proposals.services.common import MAX_PRICE, _require, _text, audited


def clean_amount(value, field: str = "amount") -> int:
    """A positive amount in whole CNY: an int, or text read by :func:`core.money.parse_money` (the one parser of
    every money field). Errors are keyed by ``field``."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError({field: [_("Enter the amount as a whole number of yuan, e.g. 500000.")]})
    if isinstance(value, str):
        try:
            value = parse_money(value)
        except MoneyError as exc:
            if exc.kind == "negative":
                raise ValidationError({field: [_("The amount must be more than zero.")]}) from None
            raise ValidationError({field: [_("Enter the amount in yuan, e.g. 500000, 500,000 or 50万.")]}) from None
    if value <= 0:
        raise ValidationError({field: [_("The amount must be more than zero.")]})
    if value > MAX_PRICE:
        raise ValidationError({field: [_("The amount cannot exceed %(max)s yuan.") % {"max": f"{MAX_PRICE:,}"}]})
    return value


def state_contracts(award: Award, *, actor: User | None, values: Mapping[int, int | str] | None = None) -> None:
    """At the award decision: one contract per winning proposal, the stated value or else the winning price."""
    values = values or {}
    winners = {p.pk: p for p in award.proposals.all()}
    unknown = [pk for pk in values if pk not in winners]
    if unknown:
        raise ValidationError({"contract_values": [_("State contract values only for the winning proposals.")]})
    for pk, proposal in winners.items():
        value = values.get(pk)
        value = clean_amount(value, "contract_values") if value is not None else proposal.price
        if value is not None:
            Contract.objects.create(award=award, proposal=proposal, value=value, set_by=actor)


@audited
def contract_value_set(*, award: Award, proposal: Proposal, actor: User, value) -> Contract:
    """The owner office states or corrects a winning proposal's contract value during the standstill period."""
    _require(actor, "proposals.award", award.scenario)
    award = Award.objects.select_for_update().select_related("scenario").get(pk=award.pk)
    if not perms.is_unsealed(award.scenario):  # pragma: no cover - an award exists only after unsealing
        raise StateConflict(_("The proposals are still sealed."))
    if not award.proposals.filter(pk=proposal.pk).exists():
        raise ValidationError({"proposal": [_("A contract value is stated only for a winning proposal.")]})
    value = clean_amount(value, "value")
    contract = Contract.objects.filter(proposal=proposal).first()
    if award.status == Award.Status.FINAL and contract is not None:
        raise StateConflict(_("The award is final; its contract values are fixed."))
    if contract is None:
        return Contract.objects.create(award=award, proposal=proposal, value=value, set_by=actor)
    contract.value = value
    contract.set_by = actor
    contract.set_at = timezone.now()
    contract.save()
    return contract


def paid_total(engagement: Engagement) -> int:
    return engagement.payments.aggregate(total=Sum("amount"))["total"] or 0


@audited
def payment_record(
    *, engagement: Engagement, actor: User, milestone: Milestone | int, amount, paid_on: dt.date, note: str = ""
) -> Payment:
    """Record a payment against a done milestone; the engagement's payments never exceed its contract value."""
    _require(actor, "proposals.record_payment", engagement)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    milestone_id = milestone.pk if isinstance(milestone, Milestone) else milestone
    found = Milestone.objects.filter(pk=milestone_id, engagement=engagement).first()
    if found is None:
        raise ValidationError({"milestone": [_("Choose a milestone of this engagement.")]})
    if found.done_date is None:
        raise ValidationError(
            {
                "milestone": [
                    _("“%(title)s” is not done; a payment is recorded only against a done milestone.")
                    % {"title": found.title}
                ]
            }
        )
    amount = clean_amount(amount)
    if not isinstance(paid_on, dt.date) or isinstance(paid_on, dt.datetime):
        raise ValidationError({"paid_on": [_("Enter the date of the payment.")]})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
    if paid_on < found.done_date:
        raise ValidationError(
            {
                "paid_on": [
                    _("A milestone is paid on or after the day it was done (%(date)s).")
                    % {"date": found.done_date.isoformat()}
                ]
            }
        )
    value = engagement.contract_value
    if value is None:
        raise StateConflict(_("This engagement has no contract value; state it before recording payments."))
    remaining = value - paid_total(engagement)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": [
                    _("This payment (%(amount)s) exceeds what remains of the contract value (%(remaining)s).")
                    % {"amount": format_money(amount), "remaining": format_money(max(remaining, 0))}
                ]
            }
        )
    return Payment.objects.create(
        engagement=engagement,
        milestone=found,
        amount=amount,
        paid_on=paid_on,
        note=_text(note, 500),
        recorded_by=actor,
    )
