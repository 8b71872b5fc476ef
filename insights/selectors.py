"""Insights' reads. Two families:

* the front page's live per-zone summary (``zone_figures``), public facts only;
* the gap monitor, read from the stored monthly snapshots (never from live data, so a page costs a fixed
  number of queries): ``indicator_definitions``, ``snapshot_rows``, ``gap_rows``, ``latest_month`` — the small
  API other apps (open data) publish from, documented in docs/insights.md — and the page selectors
  ``province_overview`` and ``county_overview``.

Each indicator's ``public_levels`` decides which levels an anonymous reader gets; the provincial office
(``insights.read_restricted_figures``) gets every level.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from catalog.models import Scenario, Solution
from directory.models import Organization, Region
from insights import indicators
from insights.indicators import Indicator
from insights.models import GapSnapshot, IndicatorSnapshot, IndicatorTarget, MaturityAssessment
from matching.models import RegionPair
from proposals.models import Engagement
from talent.models import Session

ZONE_ORDER = (Region.Zone.SOUTH, Region.Zone.CENTRE, Region.Zone.NORTH)
PROVINCE_CODE = "320000"


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


# ---------------------------------------------------------------- the gap monitor: API for other apps


def indicator_definitions() -> list[dict]:
    """Every indicator as plain data (code, names, unit, kind, formula, source, direction, public rule and the
    levels at which it is public), in the registry's order."""
    return [
        {
            "code": i.code,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "unit_zh": i.unit_zh,
            "unit_en": i.unit_en,
            "kind": i.kind,
            "formula": i.formula,
            "source": i.source,
            "direction": i.direction,
            "public_rule": i.public_rule,
            "public_levels": list(i.public_levels),
            "per_capita": i.per_capita,
            "listed": i.listed,
        }
        for i in indicators.INDICATORS
    ]


def _sees_everything(user) -> bool:
    return user is not None and user.has_perm("insights.read_restricted_figures")


def _public_filter(queryset, user):
    """Drop the (indicator, level) pairs an indicator keeps from the public."""
    if _sees_everything(user):
        return queryset
    for indicator in indicators.INDICATORS:
        hidden = [level for level in indicators.LEVELS if not indicator.is_public_at(level)]
        if hidden:
            queryset = queryset.exclude(indicator=indicator.code, level__in=hidden)
    return queryset


def _filtered(queryset, **conditions):
    """``queryset`` filtered by the conditions that are given (not None, not empty)."""
    return queryset.filter(**{name: value for name, value in conditions.items() if value})


SNAPSHOT_FIELDS = ("month", "indicator", "level", "area", "value", "per_10k", "n", "computed_at")


def snapshot_rows(
    *,
    indicator: str | None = None,
    level: str | None = None,
    area: str | None = None,
    since: dt.date | None = None,
    changed_since: dt.datetime | None = None,
    user=None,
) -> list[dict]:
    """Stored monthly figures as dicts with ``SNAPSHOT_FIELDS`` (month = first day; value as of its end),
    ordered by month, indicator, level, area; one query. ``since`` keeps months from then on,
    ``changed_since`` rows recomputed from then on (a change feed). Without ``user`` (or for anyone but the
    provincial office) only public levels are returned."""
    queryset = _filtered(
        IndicatorSnapshot.objects.all(),
        indicator=indicator,
        level=level,
        area=area,
        month__gte=since,
        computed_at__gte=changed_since,
    )
    return list(_public_filter(queryset, user).order_by("month", "indicator", "level", "area").values(*SNAPSHOT_FIELDS))


GAP_FIELDS = ("month", "indicator", "north_south_ratio", "centre_south_ratio", "theil", "computed_at")


def gap_rows(
    *, indicator: str | None = None, since: dt.date | None = None, changed_since: dt.datetime | None = None
) -> list[dict]:
    """The gap index per month and additive indicator (all public: it is computed from public figures)."""
    queryset = _filtered(
        GapSnapshot.objects.all(), indicator=indicator, month__gte=since, computed_at__gte=changed_since
    )
    return list(queryset.order_by("month", "indicator").values(*GAP_FIELDS))


def latest_month() -> dt.date | None:
    return IndicatorSnapshot.objects.order_by("-month").values_list("month", flat=True).first()


# ---------------------------------------------------------------- pages


@dataclass
class AreaFigure:
    code: str
    name: str
    zone: str
    value: float | None
    per_10k: float | None
    shown: float | None = None


@dataclass
class TargetProgress:
    target: IndicatorTarget
    indicator: Indicator
    current: float | None
    percent: float | None


@dataclass
class ProvinceOverview:
    indicator: Indicator
    basis: str
    month: dt.date | None
    counties: list[AreaFigure] = field(default_factory=list)
    zones: list[dict] = field(default_factory=list)
    trend: list[dict] = field(default_factory=list)
    gaps: list[dict] = field(default_factory=list)
    targets: list[TargetProgress] = field(default_factory=list)
    restricted: bool = False


def _shown(value: float | None, per_10k: float | None, basis: str) -> float | None:
    return per_10k if basis == "per_10k" and per_10k is not None else value


def province_overview(*, indicator_code: str, basis: str, user=None) -> ProvinceOverview:
    """What the province page shows for one indicator, from the snapshots: every county at the latest month
    (the map and its table), every listed indicator per zone (the comparison), the zones' trend, the gap index
    and this year's targets. Six queries."""
    indicator = indicators.get(indicator_code)
    if not indicator.per_capita:
        basis = "absolute"
    month = latest_month()
    overview = ProvinceOverview(indicator=indicator, basis=basis, month=month)
    if month is None:
        return overview
    sees_all = _sees_everything(user)
    overview.restricted = not indicator.is_public_at("county") and not sees_all
    regions = {r.code: r for r in Region.objects.counties().only("code", "name_zh", "name_en", "zone", "level")}
    county_rows = {
        row["area"]: row
        for row in snapshot_rows(indicator=indicator.code, level="county", since=month, user=user)
        if row["month"] == month
    }
    for code, region in sorted(regions.items()):
        if region.level != Region.Level.COUNTY:
            continue
        row = county_rows.get(code, {})
        figure = AreaFigure(code, region.name, region.zone, row.get("value"), row.get("per_10k"))
        figure.shown = _shown(figure.value, figure.per_10k, basis)
        overview.counties.append(figure)
    table = _zone_table(month)
    for item in indicators.LISTED:
        if not item.is_public_at("zone") and not sees_all:
            continue
        cells = []
        for zone in ZONE_ORDER:
            cell = table.get(item.code, {}).get(zone, {})
            cells.append(_shown(cell.get("value"), cell.get("per_10k"), "per_10k" if item.per_capita else "absolute"))
        overview.zones.append({"indicator": item, "values": cells, "per_capita": item.per_capita})
    trend: dict[dt.date, dict[str, float | None]] = {}
    for point in IndicatorSnapshot.objects.filter(indicator=indicator.code, level="zone").values(
        "month", "area", "value", "per_10k"
    ):
        trend.setdefault(point["month"], {})[point["area"]] = _shown(point["value"], point["per_10k"], basis)
    overview.trend = [{"month": m, "values": [trend[m].get(zone) for zone in ZONE_ORDER]} for m in sorted(trend)]
    overview.gaps = gap_rows(indicator=indicator.code) if indicator.additive else []
    overview.targets = _target_progress(year=month.year, month=month, user=user, zone_table=table)
    return overview


def _target_progress(*, year: int, month: dt.date, user, zone_table: dict) -> list[TargetProgress]:
    progress = []
    for target in IndicatorTarget.objects.filter(year=year).order_by("indicator", "zone"):
        indicator = indicators.REGISTRY.get(target.indicator)
        if indicator is None:
            continue
        row = zone_table.get(target.indicator, {}).get(target.zone, {})
        current = row.get("per_10k") if target.basis == IndicatorTarget.Basis.PER_10K else row.get("value")
        percent = None
        if current is not None and target.value:
            if indicator.direction == indicators.UP:
                percent = current / target.value * 100
            elif current:
                percent = target.value / current * 100
        progress.append(TargetProgress(target=target, indicator=indicator, current=current, percent=percent))
    return progress


def target_progress(*, year: int, user=None) -> list[TargetProgress]:
    """This year's targets with the zones' latest figures (two queries)."""
    month = latest_month()
    if month is None:
        return []
    return _target_progress(year=year, month=month, user=user, zone_table=_zone_table(month))


def _zone_table(month: dt.date) -> dict[str, dict[str, dict]]:
    """{indicator: {zone: {"value": …, "per_10k": …}}} at ``month`` (one query)."""
    table: dict[str, dict[str, dict]] = {}
    for row in IndicatorSnapshot.objects.filter(level="zone", month=month).values(
        "indicator", "area", "value", "per_10k"
    ):
        table.setdefault(row["indicator"], {})[row["area"]] = dict(row)
    return table


@dataclass
class CountyFigure:
    indicator: Indicator
    value: float | None
    zone_median: float | None
    province_median: float | None
    public: bool = True


@dataclass
class CountyOverview:
    county: Region
    month: dt.date | None
    figures: list[CountyFigure] = field(default_factory=list)
    paired_cities: list[Region] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    assessment: MaturityAssessment | None = None


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def county_overview(*, code: str, user=None) -> CountyOverview:
    """A county's figures at the latest month against the median of its zone's counties and of all counties
    (per 10,000 residents where the indicator has it), its paired cities, its public scenarios, its
    engagements and its latest submitted self-assessment. Raises ``Region.DoesNotExist`` for anything but a
    county code. Seven queries."""
    county = Region.objects.select_related("parent").get(code=code, level=Region.Level.COUNTY)
    month = latest_month()
    overview = CountyOverview(county=county, month=month)
    if month is not None:
        zone_of = dict(Region.objects.counties().values_list("code", "zone"))
        by_indicator: dict[str, dict[str, float | None]] = {}
        for row in IndicatorSnapshot.objects.filter(level="county", month=month).values(
            "indicator", "area", "value", "per_10k"
        ):
            item = indicators.REGISTRY.get(row["indicator"])
            if item is not None:
                by_indicator.setdefault(item.code, {})[row["area"]] = _shown(
                    row["value"], row["per_10k"], "per_10k" if item.per_capita else "absolute"
                )
        sees_all = _sees_everything(user)
        for item in indicators.LISTED:
            values = by_indicator.get(item.code, {})
            public = item.is_public_at("county") or sees_all
            present = [v for v in values.values() if v is not None]
            zone_values = [v for c, v in values.items() if v is not None and zone_of.get(c) == county.zone]
            overview.figures.append(
                CountyFigure(
                    indicator=item,
                    value=values.get(code) if public else None,
                    zone_median=_median(zone_values) if public else None,
                    province_median=_median(present) if public else None,
                    public=public,
                )
            )
    city = county.parent_id
    overview.paired_cities = [
        pair.north_city if pair.south_city_id == city else pair.south_city
        for pair in RegionPair.objects.filter(active=True)
        .filter(Q(south_city_id=city) | Q(north_city_id=city))
        .select_related("south_city", "north_city")
    ]
    overview.scenarios = list(
        Scenario.objects.public()
        .with_state()
        .filter(county=county)
        .select_related("domain")
        .order_by("-published_at")[:20]
    )
    overview.engagements = list(
        Engagement.objects.filter(scenario__county=county, scenario__published_at__isnull=False)
        .select_related("scenario", "firm__region", "solution")
        .order_by("-contracted_at")[:20]
    )
    overview.assessment = MaturityAssessment.objects.submitted().filter(county=county).order_by("-year").first()
    return overview
