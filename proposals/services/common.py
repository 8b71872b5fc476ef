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
from core.text import normalize_text
from directory.models import User
from directory.selectors import active_member_ids
from proposals.models import (
    MAX_SCORE,
    MIN_SCORE,
    Engagement,
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
    return normalize_text(str(value or ""))[:limit]


def standstill_days(scenario: Scenario | None = None) -> int:
    return settings.PROPOSALS_STANDSTILL_DAYS


def scenario_url(pk: int) -> str:
    """The catalog's page of a scenario (the award notice page until the catalog pages exist)."""
    try:
        return reverse("catalog:scenario-detail", args=[pk])
    except NoReverseMatch:
        return reverse("proposals:award-notice", args=[pk])


def clean_price(value) -> int:
    """A price in whole CNY. Accepts an int or a string of digits (full-width digits too); rejects negative
    numbers, decimals, exponents ("1e309"), separators ("1,000") and anything above ``MAX_PRICE``."""
    if isinstance(value, bool):
        raise ValidationError({"price": [_("Enter the price as a whole number of yuan, e.g. 1200000.")]})
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = normalize_text(value)
        if text.startswith("-"):
            raise ValidationError({"price": [_("The price cannot be negative.")]})
        if not text.isascii() or not text.isdigit():
            raise ValidationError(
                {
                    "price": [
                        _(
                            "Enter the price as a whole number of yuan with digits only "
                            "(no commas, decimals or units), e.g. 1200000."
                        )
                    ]
                }
            )
        number = int(text)
    else:
        raise ValidationError({"price": [_("Enter the price as a whole number of yuan, e.g. 1200000.")]})
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


def _owner_users(scenario: Scenario) -> list[User]:
    return _firm_users([scenario.owner_id])


def _firm_users(firm_ids: Iterable[int]) -> list[User]:
    """The active members of the organisations (whom a notification concerns)."""
    return list(User.objects.filter(pk__in=active_member_ids(organization_ids=firm_ids)))
