"""Structured outcomes of a scenario: its KPI rows, the resources the county opens, and firms' requests for
access to those resources with the owner office's decisions.

KPI and resource rows are set with the scenario (``scenario_create`` / ``scenario_update`` take ``kpis=`` and
``resources=`` lists of dicts, like ``criteria=``); ``scenario_publish`` refuses a scenario without a KPI row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import notifications
from catalog.models import OpenResource, ResourceRequest, Scenario, ScenarioKpi
from catalog.services.common import S, _actor, _require
from core.exceptions import StateConflict
from core.text import normalize_text
from directory.models import Organization, User

MAX_KPIS = 20
MAX_RESOURCES = 20
KPI_FIELDS = ("indicator", "unit", "baseline", "target", "method", "due_date")
RESOURCE_FIELDS = ("kind", "name", "description", "available_from", "available_until", "access_terms")
# A firm may ask for a resource while the scenario is still in play; not once it is completed or cancelled.
REQUESTABLE_STATES = (S.OPEN, S.EVALUATING, S.AWARDED, S.PILOTING)


def _text(value, limit: int) -> str:
    return normalize_text(str(value or "")).strip()[:limit]


def _date(value, field: str, errors: dict, row: int) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(field, []).append(_("Row %(row)d: give a date as YYYY-MM-DD.") % {"row": row})
        return None


def clean_kpis(rows: Iterable[Mapping]) -> list[dict]:
    """Validate KPI rows (dicts with ``KPI_FIELDS``): an indicator and a target are required. Raises
    ``ValidationError({"kpis": [...]})`` naming the row."""
    cleaned: list[dict] = []
    errors: dict[str, list[str]] = {}
    for row, raw in enumerate(rows, start=1):
        if not isinstance(raw, Mapping):
            raise ValidationError({"kpis": [_("Each KPI is a record with an indicator and a target.")]})
        item: dict[str, Any] = {
            "indicator": _text(raw.get("indicator"), 200),
            "unit": _text(raw.get("unit"), 40),
            "baseline": _text(raw.get("baseline"), 100),
            "target": _text(raw.get("target"), 200),
            "method": _text(raw.get("method"), 500),
        }
        item["due_date"] = _date(raw.get("due_date"), "kpis", errors, row)
        if not item["indicator"] or not item["target"]:
            errors.setdefault("kpis", []).append(
                _("KPI %(row)d: name the indicator and give its target.") % {"row": row}
            )
        cleaned.append(item)
    return _valid_rows(cleaned, errors, "kpis", MAX_KPIS, _("At most %(n)d KPIs.") % {"n": MAX_KPIS})


def clean_resources(rows: Iterable[Mapping]) -> list[dict]:
    """Validate resource rows (dicts with ``RESOURCE_FIELDS``): kind, name and access terms are required; the
    window, when given, must not end before it starts."""
    cleaned: list[dict] = []
    errors: dict[str, list[str]] = {}
    kinds = set(OpenResource.Kind.values)
    for row, raw in enumerate(rows, start=1):
        if not isinstance(raw, Mapping):
            raise ValidationError({"resources": [_("Each resource is a record with a kind, a name and terms.")]})
        item: dict[str, Any] = {
            "kind": str(raw.get("kind") or ""),
            "name": _text(raw.get("name"), 200),
            "description": _text(raw.get("description"), 2000),
            "access_terms": _text(raw.get("access_terms"), 2000),
        }
        item["available_from"] = _date(raw.get("available_from"), "resources", errors, row)
        item["available_until"] = _date(raw.get("available_until"), "resources", errors, row)
        problems = []
        if item["kind"] not in kinds:
            problems.append(_("choose a kind (data set, API, site, device, sandbox)"))
        if not item["name"]:
            problems.append(_("name it"))
        if not item["access_terms"]:
            problems.append(_("state the access terms"))
        if item["available_from"] and item["available_until"] and item["available_until"] < item["available_from"]:
            problems.append(_("the window cannot end before it starts"))
        if problems:
            errors.setdefault("resources", []).append(
                _("Resource %(row)d: %(problems)s.") % {"row": row, "problems": "; ".join(problems)}
            )
        cleaned.append(item)
    too_many = _("At most %(n)d resources.") % {"n": MAX_RESOURCES}
    return _valid_rows(cleaned, errors, "resources", MAX_RESOURCES, too_many)


def _valid_rows(cleaned: list[dict], errors: dict[str, list[str]], field: str, most: int, too_many: str) -> list[dict]:
    """``cleaned`` if there are no ``errors`` and at most ``most`` rows; else the errors (with ``too_many`` under
    ``field`` when there are more rows) as a ValidationError."""
    if len(cleaned) > most:
        errors.setdefault(field, []).append(too_many)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _set_by_position(scenario: Scenario, related, model, rows: list[dict]) -> list:
    """Write ``rows`` over the scenario's ``related`` rows in order of position (updated in place, so their ids
    stay; new ones created as ``model``) and return the existing rows beyond them, for the caller to remove."""
    existing = list(related.order_by("position", "id"))
    for index, row in enumerate(rows):
        if index < len(existing):
            item = existing[index]
            for name, value in row.items():
                setattr(item, name, value)
            item.position = index
            item.save()
        else:
            model.objects.create(scenario=scenario, position=index, **row)
    return existing[len(rows) :]


def set_kpis(scenario: Scenario, rows: list[dict]) -> None:
    """Make the scenario's KPI rows ``rows`` (already cleaned): updated in place by position (so their ids stay),
    new ones added, extras deleted."""
    for kpi in _set_by_position(scenario, scenario.kpis, ScenarioKpi, rows):
        kpi.delete()


def set_resources(scenario: Scenario, rows: list[dict]) -> None:
    """Update the scenario's resources in place by position, add new ones, and delete unrequested extras (a
    resource someone has requested is never deleted: its requests are the log)."""
    for resource in _set_by_position(scenario, scenario.resources, OpenResource, rows):
        if resource.requests.exists():
            raise ValidationError(
                {
                    "resources": [
                        _("“%(name)s” has access requests and cannot be removed; change its window instead.")
                        % {"name": resource.name}
                    ]
                }
            )
        resource.delete()


def kpi_rows(scenario: Scenario) -> list[list]:
    """The KPI rows as a revision keeps them."""
    return [
        [k.indicator, k.unit, k.baseline, k.target, k.method, k.due_date.isoformat() if k.due_date else None]
        for k in scenario.kpis.order_by("position", "id")
    ]


def resource_rows(scenario: Scenario) -> list[list]:
    return [
        [
            r.kind,
            r.name,
            r.description,
            r.available_from.isoformat() if r.available_from else None,
            r.available_until.isoformat() if r.available_until else None,
            r.access_terms,
        ]
        for r in scenario.resources.order_by("position", "id")
    ]


def publish_refusals(scenario: Scenario) -> dict[str, list[str]]:
    """What structured outcomes a scenario still lacks to be published: at least one KPI row."""
    if not scenario.kpis.exists():
        return {"kpis": [_("Give at least one KPI (indicator and target) before publishing.")]}
    return {}


@transaction.atomic
def resource_request_create(
    *, resource: OpenResource, actor: User, firm: Organization, purpose: str
) -> ResourceRequest:
    """A firm asks for access to an opened resource. The firm must act through an admin or editor of a verified
    firm; the scenario must be public and not completed or cancelled; the window must not have closed; and the
    firm may have only one pending request per resource. The owner office's admins and editors are notified."""
    _require(actor, "catalog.request_resource", firm)
    resource = OpenResource.objects.select_for_update().select_related("scenario").get(pk=resource.pk)
    scenario = resource.scenario
    if scenario.published_at is None or scenario.effective_status not in REQUESTABLE_STATES:
        raise StateConflict(_("Access can be requested only while the scenario is open, evaluated or piloted."))
    if not resource.is_available():
        raise StateConflict(_("This resource was available until %(date)s.") % {"date": resource.available_until})
    purpose = _text(purpose, 2000)
    if not purpose:
        raise ValidationError({"purpose": [_("Say what you need the resource for.")]})
    if ResourceRequest.objects.filter(resource=resource, firm=firm, status=ResourceRequest.Status.PENDING).exists():
        raise StateConflict(_("Your firm already has a pending request for this resource."))
    created = ResourceRequest.objects.create(resource=resource, firm=firm, requested_by=_actor(actor), purpose=purpose)
    notifications.announce_resource_request(created)
    return created


@transaction.atomic
def resource_request_decide(*, request: ResourceRequest, actor: User, approve: bool, note: str = "") -> ResourceRequest:
    """The owner office approves or refuses a pending request; a refusal needs a reason. Who decided, when and
    why stay on the row; the firm's members are notified (a refusal with its reason)."""
    request = ResourceRequest.objects.select_for_update().select_related("resource__scenario").get(pk=request.pk)
    _require(actor, "catalog.decide_resource_request", request.resource.scenario)
    if request.status != ResourceRequest.Status.PENDING:
        raise StateConflict(
            _("This request has already been decided (%(state)s).") % {"state": request.get_status_display()}
        )
    note = _text(note, 2000)
    if not approve and not note:
        raise ValidationError({"note": [_("Say why the request is refused.")]})
    request.status = ResourceRequest.Status.APPROVED if approve else ResourceRequest.Status.REFUSED
    request.decided_by = _actor(actor)
    request.decided_at = timezone.now()
    request.decision_note = note
    request.save()
    notifications.announce_resource_decision(request)
    return request
