"""Template helpers for the catalog: money in yuan, state badges, and lists other apps' pages may include."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from catalog import selectors
from catalog.models import Solution

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
    """500000 → "50万元"; 1234 → "1,234元"; None → "—"."""
    if value in (None, ""):
        return "—"
    value = int(value)
    if value >= 10_000 and value % 1_000 == 0:
        return _("%(n)s万元") % {"n": f"{value / 10_000:,.1f}".rstrip("0").rstrip(".")}
    return _("%(n)s元") % {"n": f"{value:,}"}


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
