"""Template helpers for the catalog: money in yuan, state badges, and lists other apps' pages may include."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from catalog import selectors
from catalog.models import Domain, Scenario, Solution
from core.money import format_money
from directory.models import Region

register = template.Library()

STATE_CLASSES = {
    "draft": "secondary",
    "open": "success",
    "evaluating": "warning",
    "awarded": "info",
    "piloting": "primary",
    "completed": "dark",
    "cancelled": "danger",
    "published": "success",
    "archived": "secondary",
}


@register.filter
def cny(value) -> str:
    """One formatter per language (core.money): 980000 → "98 万元" / "CNY 980,000"; None → "—"."""
    return format_money(value)


@register.simple_tag
def money_range(low, high) -> str:
    if low is None and high is None:
        return "—"
    if low is None:
        return _("up to %(high)s") % {"high": cny(high)}
    if high is None:
        return _("from %(low)s") % {"low": cny(low)}
    return f"{cny(low)} – {cny(high)}"


@register.filter
def state_class(state: str) -> str:
    return STATE_CLASSES.get(state, "secondary")


def _visible_entries(user):
    """The scenarios and the solutions ``user`` may see, newest first."""
    return (
        selectors.scenarios_visible_to(user=user).order_by("-published_at", "-id"),
        selectors.solutions_visible_to(user=user).order_by("-published_at", "-id"),
    )


@register.inclusion_tag("catalog/_org_items.html", takes_context=True)
def catalog_items_for_organization(context, organization):
    """Published scenarios and solutions of an organisation (for the directory's organisation page)."""
    scenarios, solutions = _visible_entries(context["request"].user)
    return {
        "organization": organization,
        "scenarios": scenarios.filter(owner=organization)[:20],
        "solutions": solutions.filter(owner=organization)[:20],
        "request": context["request"],
    }


@register.inclusion_tag("catalog/_region_items.html", takes_context=True)
def catalog_items_for_region(context, region):
    """Visible scenarios in a city or county and solutions deployed there (for the directory's region page)."""
    scenarios, solutions = _visible_entries(context["request"].user)
    prefix = region.code_prefix
    deployed = Solution.objects.filter(deployments__county__code__startswith=prefix).values("pk")
    return {
        "region": region,
        "scenarios": scenarios.filter(county__code__startswith=prefix)[:20],
        "solutions": solutions.filter(pk__in=deployed)[:20],
    }


# Fields whose values read well in one line; long texts only say that they changed.
_SHORT_FIELDS = {
    "title",
    "tier",
    "funding_model",
    "budget_min",
    "budget_max",
    "deadline",
    "pilot_start",
    "pilot_end",
    "county",
    "domain",
    "replicable",
    "contact_name",
    "contact_email",
    "contact_phone",
    "tags",
}


def _value_in_words(scenario_field, name: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if name in ("budget_min", "budget_max"):
        return format_money(value)
    if name == "county":
        region = Region.objects.filter(pk=value).first()
        return region.name if region else str(value)
    if name == "domain":
        domain = Domain.objects.filter(code=value).first()
        return domain.name if domain else str(value)
    if name == "deadline":
        return str(value)[:16].replace("T", " ")
    if name == "tags":
        return "、".join(value) if isinstance(value, list) else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if scenario_field is not None and scenario_field.choices:
        return str(dict(scenario_field.flatchoices).get(value, value))
    return str(value)


@register.filter
def revision_lines(changes: dict) -> list[str]:
    """A scenario revision's ``{field: [old, new]}`` as sentences with the fields' labels: "Budget up to: 50 万元 →
    80 万元", "Problem statement changed", "Evaluation criteria changed"."""
    lines = []
    for name, (old, new) in sorted(changes.items()):
        field: Any = None
        if name in ("kpis", "resources"):
            label = str(_("KPIs") if name == "kpis" else _("opened resources"))
            lines.append(_("%(field)s changed") % {"field": label[:1].upper() + label[1:]})
            continue
        try:
            field = Scenario._meta.get_field(name)
            label = str(getattr(field, "verbose_name", name))
        except FieldDoesNotExist:  # capabilities and criteria are not model fields of the snapshot
            label = {"capabilities": _("Capabilities sought"), "criteria": _("evaluation criteria")}.get(name, name)
        label = label[:1].upper() + label[1:]
        if name in _SHORT_FIELDS:
            lines.append(
                _("%(field)s: %(old)s → %(new)s")
                % {"field": label, "old": _value_in_words(field, name, old), "new": _value_in_words(field, name, new)}
            )
        else:
            lines.append(_("%(field)s changed") % {"field": label})
    return lines
