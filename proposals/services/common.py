"""Field lists, input cleaning, the audit wrapper and recipients shared by the proposal services."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from catalog.models import Scenario
from core.exceptions import StateConflict
from core.money import MoneyError, parse_money
from core.text import clean_typed_text
from directory.models import User
from directory.selectors import active_member_ids
from proposals.models import (
    MAX_SCORE,
    MIN_SCORE,
    Award,
    Engagement,
    KpiResult,
    Proposal,
)

S = Scenario.Status
P = Proposal.Status
E = Engagement.Status

# 1000 亿元: far above any county pilot, far below the column's limit.
MAX_PRICE = 100_000_000_000
PROPOSAL_FIELDS = (
    "approach",
    "deliverables",
    "price",
    "timeline",
    "team",
    "local_service",
    "declares_no_conflict",
    "declares_data_security",
)
TEXT_FIELDS = ("approach", "deliverables", "timeline", "team", "local_service")


def audited(func):
    """Run a service with its ``actor`` as the auditlog actor, in one transaction."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with set_actor(kwargs.get("actor")), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def _require(user, perm: str, obj) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _text(value, limit: int) -> str:
    """Stored as typed (Chinese punctuation kept), surrounding white space removed."""
    return clean_typed_text(str(value or ""))[:limit]


def standstill_days(scenario: Scenario | None = None) -> int:
    return settings.PROPOSALS_STANDSTILL_DAYS


def scenario_url(pk: int) -> str:
    """The catalog's page of a scenario (the award notice page until the catalog pages exist)."""
    try:
        return reverse("catalog:scenario-detail", args=[pk])
    except NoReverseMatch:
        return reverse("proposals:award-notice", args=[pk])


def clean_price(value) -> int:
    """A price in whole CNY. Accepts an int, or text read by :func:`core.money.parse_money` (the one parser of
    every money field: digits, full-width digits, separators, 万, 亿); rejects negative numbers, fractions of a
    yuan, exponents ("1e309"), floats and anything above ``MAX_PRICE``."""
    invalid = _("Enter the price as a whole number of yuan, e.g. 1200000.")
    if isinstance(value, bool):
        raise ValidationError({"price": [invalid]})
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        try:
            number = parse_money(value)
        except MoneyError as exc:
            if exc.kind == "negative":
                raise ValidationError({"price": [_("The price cannot be negative.")]}) from None
            raise ValidationError(
                {"price": [_("Enter the price in yuan, e.g. 1200000, 1,200,000 or 120万.")]}
            ) from None
    else:
        raise ValidationError({"price": [invalid]})
    if number < 0:
        raise ValidationError({"price": [_("The price cannot be negative.")]})
    if number > MAX_PRICE:
        raise ValidationError({"price": [_("The price cannot exceed %(max)s yuan.") % {"max": f"{MAX_PRICE:,}"}]})
    return number


def clean_score(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
        raise ValidationError(
            {
                "scores": [
                    _("Each score is a whole number from %(min)d to %(max)d.") % {"min": MIN_SCORE, "max": MAX_SCORE}
                ]
            }
        )
    return value


def _open_engagement(engagement: Engagement) -> None:
    """Refuse a change to an engagement that has ended (accepted or terminated)."""
    if engagement.status in (E.ACCEPTED, E.TERMINATED):
        raise StateConflict(_("This engagement has ended."))


def _require_open(user, perm: str, engagement: Engagement) -> None:
    """``user`` holds ``perm`` on the engagement (``PermissionDenied`` otherwise), which has not ended."""
    _require(user, perm, engagement)
    _open_engagement(engagement)


def _locked_engagement(engagement: Engagement) -> Engagement:
    """The engagement's row, locked for the transaction, with its scenario and solution."""
    return Engagement.objects.select_for_update().select_related("scenario", "solution").get(pk=engagement.pk)


def _save_kpi_result(engagement: Engagement, lookup: dict, **values) -> KpiResult:
    """The engagement's KPI result found by ``lookup`` (or a new one with it), saved with ``values``."""
    record = KpiResult.objects.filter(engagement=engagement, **lookup).first() or KpiResult(
        engagement=engagement, **lookup
    )
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return record


def _owner_users(scenario: Scenario) -> list[User]:
    return _firm_users([scenario.owner_id])


def _firm_users(firm_ids: Iterable[int]) -> list[User]:
    """The active members of the organisations (whom a notification concerns)."""
    return list(User.objects.filter(pk__in=active_member_ids(organization_ids=firm_ids)))


def _not_awarded(scenario: Scenario) -> None:
    """Evaluation and panels are closed once the scenario is awarded."""
    if Award.objects.filter(scenario=scenario).exists():
        raise StateConflict(_("This scenario has been awarded; the evaluation is closed."))
