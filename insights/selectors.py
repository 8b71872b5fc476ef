"""Read-only figures across the apps, per zone (苏南 / 苏中 / 苏北). Only public facts are counted: published
scenarios, published solutions and sessions, verified organisations — never drafts or anything sealed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F
from django.utils import timezone

from catalog.models import Scenario, Solution
from directory.models import Organization, Region
from talent.models import Session

ZONE_ORDER = (Region.Zone.SOUTH, Region.Zone.CENTRE, Region.Zone.NORTH)


@dataclass(frozen=True)
class ZoneFigures:
    code: str
    label: str
    counties: int
    organizations: int
    open_scenarios: int
    solutions: int
    upcoming_sessions: int


def _count_by_zone(queryset, zone_field: str) -> dict[str, int]:
    rows = queryset.values(zone_code=F(zone_field)).annotate(n=Count("pk")).order_by()
    return {row["zone_code"]: row["n"] for row in rows}


def zone_figures() -> list[ZoneFigures]:
    """One row per zone, south first. Five grouped queries whatever the data size."""
    now = timezone.now()
    counties = _count_by_zone(Region.objects.counties(), "zone")
    organizations = _count_by_zone(Organization.objects.verified(), "region__zone")
    # Open means open now: a scenario past its deadline already reads as under evaluation.
    open_scenarios = _count_by_zone(
        Scenario.objects.public().filter(status=Scenario.Status.OPEN, deadline__gt=now), "county__zone"
    )
    solutions = _count_by_zone(Solution.objects.published(), "owner__region__zone")
    sessions = _count_by_zone(
        Session.objects.published().filter(start__gte=now, venue__isnull=False), "venue__region__zone"
    )
    labels = dict(Region.Zone.choices)
    return [
        ZoneFigures(
            code=zone,
            label=str(labels[zone]),
            counties=counties.get(zone, 0),
            organizations=organizations.get(zone, 0),
            open_scenarios=open_scenarios.get(zone, 0),
            solutions=solutions.get(zone, 0),
            upcoming_sessions=sessions.get(zone, 0),
        )
        for zone in ZONE_ORDER
    ]


def upcoming_online_sessions() -> int:
    return Session.objects.published().filter(start__gte=timezone.now(), venue__isnull=True).count()
