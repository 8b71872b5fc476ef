"""Staff exchanges between organisations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.notifications import bilingual_params, notify
from core.text import clean_typed_text
from directory.models import Organization, User
from directory.permissions import is_org_admin
from directory.selectors import admins_of, is_member_of_any
from talent import notifications as messages
from talent.models import (
    Exchange,
    Skill,
    new_certificate_code,
)


@transaction.atomic
def exchange_propose(
    *,
    actor: User,
    person: User,
    home_organization: Organization,
    host_organization: Organization,
    start_date: dt.date,
    end_date: dt.date,
    role: str,
    kind: str = Exchange.Kind.EXCHANGE,
    goals: str = "",
    skills: list[Skill] = (),
    related_scenario_url: str = "",
) -> Exchange:
    """Proposed by an admin of the home or host organisation, both verified; the person must belong to the home
    one."""
    proposed = Exchange(home_organization=home_organization, host_organization=host_organization)
    if not actor.has_perm("talent.propose_exchange", proposed):
        raise PermissionDenied(_("Only an administrator of the home or host organisation can propose an exchange."))
    errors = {}
    # What the exchange form offers: an approved exchange is listed publicly with both organisations' names.
    for field, organization in (("home_organization", home_organization), ("host_organization", host_organization)):
        if not organization.is_verified:
            errors[field] = _("Choose a verified organisation.")
    if home_organization.pk == host_organization.pk:
        errors["host_organization"] = _("The host organisation must differ from the home organisation.")
    if not is_member_of_any(user_id=person.pk, organization_ids=[home_organization.pk]):
        errors["person"] = _("The person must be a member of the home organisation.")
    if start_date is None or end_date is None:
        errors["end_date"] = _("Give the start and end dates.")
    elif end_date < start_date:
        errors["end_date"] = _("The exchange must end on or after its start date.")
    role = clean_typed_text(role or "")
    if not role:
        errors["role"] = _("Describe the role during the exchange.")
    if kind not in Exchange.Kind.values:
        errors["kind"] = _("Choose exchange or secondment.")
    if errors:
        raise ValidationError(errors)
    exchange = Exchange.objects.create(
        kind=kind,
        person=person,
        home_organization=home_organization,
        home_region=home_organization.region,
        host_organization=host_organization,
        host_region=host_organization.region,
        start_date=start_date,
        end_date=end_date,
        role=role,
        goals=clean_typed_text(goals or ""),
        related_scenario_url=related_scenario_url,
        created_by=actor,
    )
    if skills:
        exchange.skills.set(skills)
    return exchange


def _notify_exchange(exchange: Exchange) -> None:
    """Tell the person and both organisations' admins (they are parties; nobody else is told)."""
    users = {exchange.person, *admins_of(exchange.home_organization), *admins_of(exchange.host_organization)}
    notify(
        users=users,
        kind="talent_exchange",
        message=messages.EXCHANGE_APPROVED,
        params={"role": exchange.role, "exchange": exchange.pk},
        url=reverse("talent:exchange-detail", args=[exchange.pk]),
    )


def _tell_parties(exchange: Exchange, *, actor: User, kind: str, message, url: str, params=None, body="") -> None:
    """Tell the person and both organisations' admins, except ``actor`` (who knows). Every one of them may read
    the exchange (``talent.read_exchange``), so what the message carries is theirs to see."""
    users = {exchange.person, *admins_of(exchange.home_organization), *admins_of(exchange.host_organization)}
    users.discard(actor)
    notify(
        users=users,
        kind=kind,
        message=message,
        params={"role": exchange.role, "exchange": exchange.pk, **bilingual_params("host", exchange.host_organization)}
        | (params or {}),
        body=body,
        url=url,
    )


def _locked_exchange(exchange: Exchange) -> Exchange:
    return (
        Exchange.objects.select_for_update(of=("self",))
        .select_related("home_organization", "host_organization")
        .get(pk=exchange.pk)
    )


@transaction.atomic
def exchange_approve(*, actor: User, exchange: Exchange) -> Exchange:
    """An admin approves for their side (home or host, or both if they administer both); once both sides have
    approved the exchange is ``approved``."""
    exchange = _locked_exchange(exchange)
    if exchange.status != Exchange.Status.PROPOSED:
        raise StateConflict(_("Only a proposed exchange can be approved."))
    now = timezone.now()
    acted = False
    if is_org_admin(actor, exchange.home_organization) and exchange.home_approved_at is None:
        exchange.home_approved_by, exchange.home_approved_at, acted = actor, now, True
    if is_org_admin(actor, exchange.host_organization) and exchange.host_approved_at is None:
        exchange.host_approved_by, exchange.host_approved_at, acted = actor, now, True
    if not acted:
        if actor.has_perm("talent.approve_exchange", exchange):
            raise StateConflict(_("Your organisation has already approved this exchange."))
        raise PermissionDenied(_("Only administrators of the home and host organisations approve an exchange."))
    if exchange.home_approved_at and exchange.host_approved_at:
        exchange.status = Exchange.Status.APPROVED
        _notify_exchange(exchange)
    exchange.save()
    return exchange


@transaction.atomic
def exchange_start(*, actor: User, exchange: Exchange) -> Exchange:
    exchange = _locked_exchange(exchange)
    if not actor.has_perm("talent.run_exchange", exchange):
        raise PermissionDenied(_("Only administrators of the home and host organisations run an exchange."))
    if exchange.status != Exchange.Status.APPROVED:
        raise StateConflict(_("Only an approved exchange can start."))
    exchange.status = Exchange.Status.IN_PROGRESS
    exchange.save(update_fields=["status", "updated_at"])
    return exchange


HOURS_PER_WORKING_DAY = 8


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday to Friday from ``start`` to ``end`` inclusive (public holidays are not known here, so counted)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full_weeks, rest = divmod(days, 7)
    extra = sum(1 for offset in range(rest) if (start + dt.timedelta(days=offset)).weekday() < 5)
    return full_weeks * 5 + extra


@transaction.atomic
def exchange_complete(
    *, actor: User, exchange: Exchange, report: str, hours: int | None, early_end_reason: str = ""
) -> Exchange:
    """Close a running exchange with a report and the hours it credits to the person's training record; the
    exchange's skills enter their skills profile and the exchange certificate code is issued.

    Guarantees: not before the planned end date unless a reason for ending early is recorded (the exchange then
    ends today); the hours are at least 1 and at most 8 for each working day served (start to end date)."""
    exchange = _locked_exchange(exchange)
    if not actor.has_perm("talent.run_exchange", exchange):
        raise PermissionDenied(_("Only administrators of the home and host organisations run an exchange."))
    if exchange.status != Exchange.Status.IN_PROGRESS:
        raise StateConflict(_("Only an exchange in progress can be completed."))
    today = timezone.localdate()
    early_end_reason = clean_typed_text(early_end_reason or "")[:500]
    errors: dict[str, str] = {}
    report = clean_typed_text(report or "")
    if not report:
        errors["report"] = _("Write a closing report.")
    ended_on = exchange.end_date
    if today < exchange.end_date:
        if not early_end_reason:
            errors["early_end_reason"] = _(
                "This exchange runs until %(end)s. To complete it before then, say why it ended early."
            ) % {"end": exchange.end_date.isoformat()}
        ended_on = today
    served = working_days(exchange.start_date, ended_on)
    ceiling = served * HOURS_PER_WORKING_DAY
    if hours is None or hours < 1:
        errors["hours"] = _("Give the hours the exchange credits (at least 1).")
    elif hours > ceiling:
        errors["hours"] = _("At most %(max)d hours: %(per_day)d for each of the %(days)d working days served.") % {
            "max": ceiling,
            "per_day": HOURS_PER_WORKING_DAY,
            "days": served,
        }
    if errors:
        raise ValidationError(errors)
    exchange.status = Exchange.Status.COMPLETED
    exchange.report = report
    exchange.ended_on = ended_on
    exchange.early_end_reason = early_end_reason if today < exchange.end_date else ""
    exchange.credited_hours = hours
    exchange.certificate_code = new_certificate_code()
    exchange.save(
        update_fields=[
            "status",
            "report",
            "ended_on",
            "early_end_reason",
            "credited_hours",
            "certificate_code",
            "updated_at",
        ]
    )
    _tell_parties(
        exchange,
        actor=actor,
        kind="talent_exchange_completed",
        message=messages.EXCHANGE_COMPLETED,
        params={"hours": hours},
        url=reverse("talent:exchange-certificate", args=[exchange.pk]),
    )
    return exchange


# What the record keeps; the page's form and the API's body allow no more, so nothing is cut silently.
CANCEL_REASON_MAX_LENGTH = Exchange._meta.get_field("cancel_reason").max_length or 500


@transaction.atomic
def exchange_cancel(*, actor: User, exchange: Exchange, reason: str = "") -> Exchange:
    """Cancel an exchange that is not completed or cancelled yet; the reason is optional, at most
    ``CANCEL_REASON_MAX_LENGTH`` characters once cleaned (a longer one is refused, not cut)."""
    exchange = _locked_exchange(exchange)
    if not actor.has_perm("talent.run_exchange", exchange):
        raise PermissionDenied(_("Only administrators of the home and host organisations run an exchange."))
    if exchange.status in (Exchange.Status.COMPLETED, Exchange.Status.CANCELLED):
        raise StateConflict(_("A completed or cancelled exchange cannot be cancelled."))
    reason = clean_typed_text(reason or "")
    if len(reason) > CANCEL_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Keep the reason to %(max)d characters (this one has %(n)d).")
                % {"max": CANCEL_REASON_MAX_LENGTH, "n": len(reason)}
            }
        )
    exchange.status = Exchange.Status.CANCELLED
    exchange.cancel_reason = reason
    exchange.save(update_fields=["status", "cancel_reason", "updated_at"])
    _tell_parties(
        exchange,
        actor=actor,
        kind="talent_exchange_cancelled",
        message=messages.EXCHANGE_CANCELLED,
        body=exchange.cancel_reason,
        url=reverse("talent:exchange-detail", args=[exchange.pk]),
    )
    return exchange
