"""Writes for rewards and vouchers. Views, the API, admin and the demo call these; nothing else saves a grant.

Rules (each refusal with a message per field):

* granted by a verified provincial or city office, acting through its admin or editor; to a verified county
  office or firm; a city office only to counties of its city, to firms of its city, or for a scenario in it;
* an amount in whole CNY above zero (``core.money.parse_money`` reads typed text), the conditions stated, a
  granted date not in the future;
* an optional link to a published scenario or an engagement (which sets the scenario) that concerns the grantee:
  the county office's own scenario, or the firm's own engagement;
* granted → paid (a paid date on or after the granted date, not in the future) or granted → withdrawn (with a
  reason); a paid grant is not withdrawn, a withdrawn one not paid.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Scenario
from core.exceptions import StateConflict
from core.text import clean_typed_text
from directory.models import Organization, Region, User
from funding.models import Grant
from funding.permissions import GRANTEE_KINDS
from proposals.models import Engagement
from proposals.services import audited, clean_amount

K = Organization.Kind


def _require(user, perm: str, obj) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _text(value, limit: int) -> str:
    return clean_typed_text(str(value or ""))[:limit]


def _city_of(region: Region | None) -> str | None:
    """The prefecture-level city code of a region (itself for a city)."""
    if region is None:
        return None
    if region.level == Region.Level.CITY:
        return region.code
    if region.level == Region.Level.COUNTY:
        return region.parent_id
    return None


def _date(value, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: [_("Enter a date.")]})
    if value > timezone.localdate():
        raise ValidationError({field: [_("The date cannot be in the future.")]})
    return value


@audited
def grant_create(
    *,
    actor: User,
    grantor: Organization,
    grantee: Organization,
    kind: str,
    amount,
    conditions: str,
    granted_on: dt.date,
    scenario: Scenario | None = None,
    engagement: Engagement | None = None,
) -> Grant:
    """A reward or voucher granted by ``grantor`` (the actor's provincial or city office) to ``grantee``."""
    _require(actor, "funding.grant_for", grantor)
    errors: dict[str, list[str]] = {}
    if grantee is None or grantee.kind not in GRANTEE_KINDS or not grantee.can_publish:
        errors["grantee"] = [_("A reward or voucher goes to a verified county office or firm.")]
    if kind not in Grant.Kind.values:
        errors["kind"] = [_("Choose a reward or a voucher.")]
    conditions = _text(conditions, 5000)
    if not conditions:
        errors["conditions"] = [_("State the conditions of the reward or voucher.")]
    try:
        amount = clean_amount(amount)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        granted_on = _date(granted_on, "granted_on")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if engagement is not None:
        if scenario is not None and scenario.pk != engagement.scenario_id:
            errors["engagement"] = [_("The engagement is not one of that scenario.")]
        scenario = engagement.scenario
        if grantee is not None and grantee.kind == K.FIRM and engagement.firm_id != grantee.pk:
            errors["engagement"] = [_("The engagement is another firm's.")]
    if scenario is not None:
        if scenario.published_at is None:
            errors["scenario"] = [_("Link a published scenario.")]
        elif grantee is not None and grantee.kind == K.COUNTY_OFFICE and scenario.owner_id != grantee.pk:
            errors["scenario"] = [_("The scenario is another county office's.")]
    if not errors and grantor.kind == K.CITY_OFFICE:
        city = _city_of(grantor.region)
        in_city = _city_of(grantee.region) == city or (
            grantee.kind == K.FIRM and scenario is not None and _city_of(scenario.county) == city
        )
        if city is None or not in_city:
            errors["grantee"] = [
                _("A city office grants to county offices and firms of its city, or for a scenario in its city.")
            ]
    if errors:
        raise ValidationError(errors)
    return Grant.objects.create(
        grantor=grantor,
        grantee=grantee,
        kind=kind,
        amount=amount,
        conditions=conditions,
        granted_on=granted_on,
        scenario=scenario,
        engagement=engagement,
        created_by=actor,
    )


@audited
def grant_mark_paid(*, grant: Grant, actor: User, paid_on: dt.date) -> Grant:
    _require(actor, "funding.manage_grant", grant)
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != Grant.Status.GRANTED:
        raise StateConflict(
            _("A grant that is %(state)s cannot be marked paid.") % {"state": grant.get_status_display()}
        )
    paid_on = _date(paid_on, "paid_on")
    if paid_on < grant.granted_on:
        raise ValidationError(
            {"paid_on": [_("The paid date is on or after the granted date (%(date)s).") % {"date": grant.granted_on}]}
        )
    grant.status = Grant.Status.PAID
    grant.paid_on = paid_on
    grant.save()
    return grant


@audited
def grant_withdraw(*, grant: Grant, actor: User, reason: str) -> Grant:
    _require(actor, "funding.manage_grant", grant)
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.status == Grant.Status.PAID:
        raise StateConflict(_("A paid grant cannot be withdrawn."))
    if grant.status == Grant.Status.WITHDRAWN:
        raise StateConflict(_("This grant has already been withdrawn."))
    reason = _text(reason, 2000)
    if not reason:
        raise ValidationError({"reason": [_("Say why the grant is withdrawn.")]})
    grant.status = Grant.Status.WITHDRAWN
    grant.withdrawn_at = timezone.now()
    grant.withdrawn_reason = reason
    grant.save()
    return grant
