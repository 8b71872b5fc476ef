"""Field lists, validation helpers, the command-line operator and transition records shared by the catalog services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import (
    Capability,
    Domain,
    EvaluationCriterion,
    ReviewPolicy,
    Scenario,
    ScenarioTransition,
)
from core.text import normalize_text
from directory.models import Organization, Region, User

S = Scenario.Status

SCENARIO_FIELDS = (
    "title",
    "summary",
    "problem_statement",
    "domain",
    "county",
    "tier",
    "expected_outcomes",
    "open_resources",
    "budget_min",
    "budget_max",
    "funding_model",
    "deadline",
    "pilot_start",
    "pilot_end",
    "contact_name",
    "contact_email",
    "contact_phone",
    "replicable",
    "language",
    "tags",
    "external_ref",
)
SOLUTION_FIELDS = (
    "title",
    "summary",
    "description",
    "maturity",
    "price_min",
    "price_max",
    "delivery_model",
    "certifications",
    "languages",
    "contact_name",
    "contact_email",
    "contact_phone",
    "language",
    "tags",
    "external_ref",
)
TEXT_FIELDS = (
    "title",
    "summary",
    "problem_statement",
    "description",
    "expected_outcomes",
    "open_resources",
    "contact_name",
    "contact_phone",
    "certifications",
)
EDITABLE_STATES = (S.DRAFT, S.OPEN)
# A scenario or solution keeps at most this many free keywords, each at most this long: the API and the page
# refuse more; the services keep the first ones of what other callers (imports) bring.
MAX_TAGS = 30
MAX_TAG_LENGTH = 100
# Answering a question inside this window before the deadline offers to extend it.
EXTENSION_WINDOW = dt.timedelta(days=3)


def _check_fields(fields: dict, allowed: Sequence[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def _clean_text_fields(obj) -> None:
    for name in TEXT_FIELDS:
        if hasattr(obj, name) and isinstance(getattr(obj, name), str):
            setattr(obj, name, getattr(obj, name).strip())


def _clean_tags(tags: Iterable[str] | None) -> list[str]:
    result: list[str] = []
    for tag in tags or []:
        text = normalize_text(str(tag))[:MAX_TAG_LENGTH]
        if text and text not in result:
            result.append(text)
    return result[:MAX_TAGS]


def _apply_fields(entry, fields: dict) -> None:
    """Set edited fields on a scenario or solution: tags cleaned (in ``fields`` too), texts stripped."""
    if "tags" in fields:
        fields["tags"] = _clean_tags(fields["tags"])
    for name, value in fields.items():
        setattr(entry, name, value)
    _clean_text_fields(entry)


def _money_errors(low, high, low_name: str, high_name: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, value in ((low_name, low), (high_name, high)):
        if value is not None and value < 0:
            errors[name] = [_("Amounts cannot be negative.")]
    if not errors and low is not None and high is not None and low > high:
        errors[high_name] = [_("The upper amount must not be below the lower amount.")]
    return errors


def _validate_criteria(criteria: list[tuple[str, int]] | None, *, required: bool) -> dict[str, list[str]]:
    if criteria is None or (not criteria and not required):
        return {}
    if not criteria:
        return {"criteria": [_("Give at least one evaluation criterion with a weight.")]}
    for name, weight in criteria:
        if not normalize_text(name or ""):
            return {"criteria": [_("Every evaluation criterion needs a name.")]}
        if not isinstance(weight, int) or not 1 <= weight <= 100:
            return {"criteria": [_("Each weight is a whole number from 1 to 100.")]}
    total = sum(weight for _name, weight in criteria)
    if total != 100:
        return {
            "criteria": [
                _("The weights of the evaluation criteria must sum to 100 (they sum to %(total)d).") % {"total": total}
            ]
        }
    return {}


def _validate_scenario(scenario: Scenario, criteria, *, publishing: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not scenario.title:
        errors["title"] = [_("Give the scenario a title.")]
    errors.update(_money_errors(scenario.budget_min, scenario.budget_max, "budget_min", "budget_max"))
    county = scenario.county
    if county is None or county.level != Region.Level.COUNTY:
        errors["county"] = [_("Choose a county-level region (district, county or county-level city).")]
    elif scenario.owner.kind == Organization.Kind.COUNTY_OFFICE and county.code != scenario.owner.region_id:
        errors["county"] = [
            _("A county office publishes scenarios only for its own county (%(name)s).")
            % {"name": scenario.owner.region.name}
        ]
    if scenario.pilot_start and scenario.pilot_end and scenario.pilot_end < scenario.pilot_start:
        errors["pilot_end"] = [_("The pilot cannot end before it starts.")]
    if publishing:
        if not scenario.problem_statement:
            errors["problem_statement"] = [_("Describe the problem before publishing.")]
        if scenario.deadline is None:
            errors["deadline"] = [_("Set a submission deadline before publishing.")]
        elif scenario.deadline <= timezone.now():
            errors["deadline"] = [_("The submission deadline must be in the future.")]
        if scenario.budget_max is None or scenario.budget_max == 0:
            errors.setdefault("budget_max", [_("Give the budget (an upper amount above zero) before publishing.")])
    errors.update(_validate_criteria(criteria, required=publishing))
    if errors:
        raise ValidationError(errors)
    scenario.full_clean(exclude=["owner", "county", "domain", "created_by", "replicated_from", "search_text", "tags"])


def objects_by_code(model, values, *, field: str, unknown: str) -> list:
    """Accept ``model`` objects or their codes; unknown codes are a validation error on ``field``, with the
    message ``unknown`` (``%(codes)s`` lists them)."""
    values = list(values or [])
    codes = [v for v in values if isinstance(v, str)]
    objects = [v for v in values if isinstance(v, model)]
    if codes:
        found = {o.code: o for o in model.objects.filter(code__in=codes)}
        missing = sorted(set(codes) - set(found))
        if missing:
            raise ValidationError({field: [unknown % {"codes": ", ".join(missing)}]})
        objects.extend(found.values())
    return objects


def _capability_objects(capabilities) -> list[Capability]:
    """Accept Capability objects or codes; unknown codes are a validation error."""
    return objects_by_code(
        Capability, capabilities, field="capabilities", unknown=_("Unknown capability codes: %(codes)s.")
    )


def _snapshot(scenario: Scenario) -> dict:
    data = {}
    for name in SCENARIO_FIELDS:
        value = getattr(scenario, name)
        if isinstance(value, Region | Domain):
            value = value.pk if isinstance(value, Region) else value.code
        elif isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        data[name] = value
    data["capabilities"] = sorted(scenario.capabilities.values_list("code", flat=True)) if scenario.pk else []
    data["criteria"] = [[c.name, c.weight] for c in scenario.criteria.order_by("position", "id")] if scenario.pk else []
    return data


def _set_criteria(scenario: Scenario, criteria: list[tuple[str, int]]) -> None:
    scenario.criteria.all().delete()
    EvaluationCriterion.objects.bulk_create(
        EvaluationCriterion(scenario=scenario, name=name.strip()[:200], weight=weight, position=index)
        for index, (name, weight) in enumerate(criteria)
    )


class Operator:
    """Stands in for a user when an operator acts from the command line (imports, demo data): such callers are
    trusted with shell access, so permission checks pass, but every business rule still applies."""

    pk = None
    is_authenticated = True
    is_staff = True

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def __str__(self) -> str:
        return "operator"


OPERATOR = Operator()


def _actor(user):
    return None if isinstance(user, Operator) else user


def _require(user: User | None, perm: str, obj) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _record(
    scenario: Scenario, *, actor: User | None, to_status: str, reason: str = "", from_status: str | None = None
):
    ScenarioTransition.objects.create(
        scenario=scenario,
        from_status=from_status or scenario.status,
        to_status=to_status,
        actor=_actor(actor),
        reason=reason,
    )


def _locked(scenario: Scenario) -> Scenario:
    """Re-read the scenario under a row lock and persist an expired deadline first, so a transition always
    starts from the state a reader would see."""
    fresh = (
        Scenario.objects.select_for_update()
        .select_related("owner", "owner__region", "county", "domain")
        .get(pk=scenario.pk)
    )
    if fresh.status == S.OPEN and fresh.deadline is not None and fresh.deadline <= timezone.now():
        _record(fresh, actor=None, to_status=S.EVALUATING, reason="deadline passed")
        fresh.status = S.EVALUATING
        fresh.save(update_fields=["status", "updated_at"])
    return fresh


def province_code_of(region: Region) -> str:
    """The GB/T 2260 code of the province a region lies in (the first two digits, then zeros)."""
    return region.code[:2] + "0000"


def review_required_for(scenario: Scenario) -> bool:
    """Does the province of the scenario's county review scenarios before publication?"""
    return ReviewPolicy.objects.filter(province_id=province_code_of(scenario.county), required=True).exists()
