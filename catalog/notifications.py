"""The catalog's notification messages (codes with parameters, worded in the reader's language): a firm's
request for a resource a county opened reaches the people of the owner office who decide it, and the decision
reaches the firm."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import message, notify, register_kind
from core.text import prefers_chinese
from directory.models import User
from directory.selectors import active_member_ids

KINDS = {
    "resource_request": _("A firm asked for a resource your county opened"),
    "resource_decision": _("Your firm's request for a county's resource was decided"),
}


def _firm_name(values: dict) -> dict:
    # The firm's name in the reader's language (both are stored), the other one when it has none.
    zh, en = values.get("firm_zh") or "", values.get("firm_en") or ""
    return {**values, "firm": (zh or en) if prefers_chinese() else (en or zh)}


RESOURCE_REQUESTED = message(
    "catalog.resource_requested",
    title=_("%(firm)s asks for access to “%(resource)s”"),
    body=_("Scenario “%(scenario)s”. Purpose: %(purpose)s"),
    prepare=_firm_name,
)
RESOURCE_APPROVED = message(
    "catalog.resource_approved", title=_("Access to “%(resource)s” (scenario “%(scenario)s”) was approved")
)
RESOURCE_REFUSED = message(
    "catalog.resource_refused", title=_("Access to “%(resource)s” (scenario “%(scenario)s”) was refused")
)


def register_kinds() -> None:
    for code, label in KINDS.items():
        register_kind(code, label)


def _members(organization_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(pk__in=active_member_ids(organization_ids=organization_ids), is_active=True))


def _url(request) -> str:
    return reverse("catalog:scenario-detail", args=[request.resource.scenario_id]) + "#resources-title"


def announce_resource_request(request) -> None:
    """Tell the members of the owner office who may decide a request (admins and editors) that it arrived."""
    scenario = request.resource.scenario
    deciders = [u for u in _members([scenario.owner_id]) if u.has_perm("catalog.decide_resource_request", scenario)]
    if deciders:
        notify(
            users=deciders,
            kind="resource_request",
            message=RESOURCE_REQUESTED,
            params={
                "firm_zh": request.firm.name_zh,
                "firm_en": request.firm.name_en,
                "resource": request.resource.name,
                "scenario": scenario.title,
                "purpose": request.purpose[:500],
            },
            url=_url(request),
        )


def announce_resource_decision(request) -> None:
    """Tell the firm's members the decision; a refusal carries the office's reason as the body."""
    users = _members([request.firm_id])
    if users:
        approved = request.status == request.Status.APPROVED
        notify(
            users=users,
            kind="resource_decision",
            message=RESOURCE_APPROVED if approved else RESOURCE_REFUSED,
            params={"resource": request.resource.name, "scenario": request.resource.scenario.title},
            body=request.decision_note[:500],
            url=_url(request),
        )
