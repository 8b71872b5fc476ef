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

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from catalog.models import Question, Scenario, Solution
from directory.models import Organization, Region
from directory.selectors import organization_ids_of
from insights import indicators
from insights.indicators import Indicator
from insights.models import GapSnapshot, IndicatorSnapshot, IndicatorTarget, MaturityAssessment
from matching.models import RegionPair
from proposals.models import Engagement, Proposal
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
    levels at which it is public), in the registry's order; formula and public rule in the active language."""
    return [
        {
            "code": i.code,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "unit_zh": i.unit_zh,
            "unit_en": i.unit_en,
            "kind": i.kind,
            "formula": str(i.formula),
            "source": i.source,
            "direction": i.direction,
            "public_rule": str(i.public_rule),
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
    fair_pairs: list[FairPairRow] = field(default_factory=list)
    money_pairs: list[MoneyPairRow] = field(default_factory=list)


@dataclass(frozen=True)
class MoneyPairRow:
    """Contract value, payments and rewards or vouchers of the firms of one zone in the counties of each zone
    (``ZONE_ORDER``), cumulative to the month's end, whole CNY; ``firm_zone`` is empty for the totals row (every
    firm; rewards and vouchers to county offices too). ``None`` where the figure is not public for the reader."""

    firm_zone: str
    contract_value: list[float | None]
    payments: list[float | None]
    grants: list[float | None]


@dataclass(frozen=True)
class FairPairRow:
    """Fair meetings held and intentions signed between the suppliers (firms, training providers) of one zone
    and the county offices of each zone (``ZONE_ORDER``), cumulative to the month's end; ``supplier_zone`` is
    empty for the totals row (every supplier, whatever its zone)."""

    supplier_zone: str
    meetings: list[float | None]
    intentions: list[float | None]


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
    overview.fair_pairs = fair_zone_pairs(table, user=user)
    overview.money_pairs = money_zone_pairs(table, user=user)
    return overview


def fair_zone_pairs(zone_table: dict[str, dict[str, dict]], *, user=None) -> list[FairPairRow]:
    """The fairs' zone-pair table from the zone figures of one month (``_zone_table``): one row per supplier
    zone, then the totals; empty when the fair figures are not public at zone level for ``user``."""
    if not (indicators.get("fair_meetings").is_public_at("zone") or _sees_everything(user)):
        return []

    def values(code: str) -> list[float | None]:
        return [zone_table.get(code, {}).get(zone, {}).get("value") for zone in ZONE_ORDER]

    rows = [
        FairPairRow(zone, values(f"fair_meetings_{zone}_suppliers"), values(f"fair_intentions_{zone}_suppliers"))
        for zone, _zh in indicators.SUPPLIER_ZONES
    ]
    rows.append(FairPairRow("", values("fair_meetings"), values("fair_intentions")))
    return rows


def money_zone_pairs(zone_table: dict[str, dict[str, dict]], *, user=None) -> list[MoneyPairRow]:
    """The money table by zone pair (firm's zone → county's zone) from the zone figures of one month: one row per
    firm zone, then the totals. The south→north flow is the 苏南 row under the 苏中 and 苏北 columns."""
    sees_all = _sees_everything(user)

    def values(code: str) -> list[float | None]:
        if not (indicators.get(code).is_public_at("zone") or sees_all):
            return [None for _zone in ZONE_ORDER]
        return [zone_table.get(code, {}).get(zone, {}).get("value") for zone in ZONE_ORDER]

    rows = [
        MoneyPairRow(
            zone,
            values(f"contract_value_{zone}_firms"),
            values(f"payments_{zone}_firms"),
            values(f"grants_{zone}_firms"),
        )
        for zone, _zh in indicators.SUPPLIER_ZONES
    ]
    rows.append(MoneyPairRow("", values("contract_value"), values("payments_made"), values("grants_granted")))
    return rows


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
    # Share (%) of the zone's / the province's counties with a lower figure: a scale-free picture of the row.
    zone_rank: float | None = None
    province_rank: float | None = None


@dataclass
class CountyOverview:
    county: Region
    month: dt.date | None
    figures: list[CountyFigure] = field(default_factory=list)
    paired_regions: list[Region] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    assessment: MaturityAssessment | None = None
    proposals: list = field(default_factory=list)


def _rank(value: float | None, values: list[float]) -> float | None:
    """Share (%) of ``values`` strictly below ``value``."""
    if value is None or not values:
        return None
    return 100 * sum(1 for other in values if other < value) / len(values)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def county_overview(*, code: str, user=None) -> CountyOverview:
    """A county's figures at the latest month against the median of its zone's counties and of all counties
    (per 10,000 residents where the indicator has it), its paired cities and counties, its public scenarios, its
    engagements, its latest submitted self-assessment and replicable scenarios proven elsewhere (see
    ``replication_proposals``). Raises ``Region.DoesNotExist`` for anything but a county code. Nine queries."""
    county = Region.objects.select_related("parent").get(code=code, level=Region.Level.COUNTY)
    counties = {r.code: r for r in Region.objects.counties().only("code", "zone", "kind", "population", "level")}
    rows = list(
        IndicatorSnapshot.objects.filter(
            level="county",
            month=Subquery(IndicatorSnapshot.objects.order_by("-month").values("month")[:1]),
        ).values("month", "indicator", "area", "value", "per_10k")
    )
    month = rows[0]["month"] if rows else None
    overview = CountyOverview(county=county, month=month)
    if month is not None:
        by_indicator: dict[str, dict[str, float | None]] = {}
        for row in rows:
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
            zone_values = [
                v for c, v in values.items() if v is not None and c in counties and counties[c].zone == county.zone
            ]
            overview.figures.append(
                CountyFigure(
                    indicator=item,
                    value=values.get(code) if public else None,
                    zone_median=_median(zone_values) if public else None,
                    province_median=_median(present) if public else None,
                    public=public,
                    zone_rank=_rank(values.get(code), zone_values) if public else None,
                    province_rank=_rank(values.get(code), present) if public else None,
                )
            )
    own = {county.code, county.parent_id}  # pairs of the county itself and of its city
    overview.paired_regions = [
        pair.north_city if pair.south_city_id in own else pair.south_city
        for pair in RegionPair.objects.filter(active=True)
        .filter(Q(south_city_id__in=own) | Q(north_city_id__in=own))
        .select_related("south_city", "north_city")
        .order_by("south_city_id", "north_city_id")
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
    overview.proposals = replication_proposals(county=county, counties=counties, pool=_replication_pool(county))
    return overview


# ---------------------------------------------------------------- digital-maturity self-assessments


def submitted_assessments() -> list[MaturityAssessment]:
    """Every submitted self-assessment, newest year first, with its county (one query)."""
    return list(
        MaturityAssessment.objects.submitted().select_related("county", "organization").order_by("-year", "county")
    )


def drafts_of(*, user) -> list[MaturityAssessment]:
    """Draft self-assessments of the organisations the user belongs to (none for anonymous users)."""
    ids = organization_ids_of(user)
    return list(
        MaturityAssessment.objects.filter(status=MaturityAssessment.Status.DRAFT, organization_id__in=ids)
        .select_related("county", "organization")
        .order_by("-year")
    )


def assessment_detail(*, user, pk: int) -> MaturityAssessment:
    """The assessment with its answers; ``DoesNotExist`` when the user may not read it (a 404)."""
    assessment = (
        MaturityAssessment.objects.select_related("county", "organization__region", "commented_by")
        .prefetch_related("answers")
        .get(pk=pk)
    )
    if not user.has_perm("insights.read_assessment", assessment):
        raise MaturityAssessment.DoesNotExist
    return assessment


# ---------------------------------------------------------------- acting on the gap

PROVEN_STATUSES = (Scenario.Status.PILOTING, Scenario.Status.COMPLETED, Scenario.Status.AWARDED)


@dataclass
class ReplicationProposal:
    """A replicable scenario (and the reference cases behind it) proposed to a county."""

    scenario: Scenario
    reference_cases: list[Engagement]
    similar: bool  # from a county of the same kind and a similar population


@dataclass
class AttentionRow:
    county: Region
    flags: list[str]
    last_published: dt.datetime | None
    per_10k: float | None
    zone_median: float | None
    unanswered: int
    calls_without_proposal: int
    proposals: list[ReplicationProposal] = field(default_factory=list)


def _similar(a: Region, b: Region) -> bool:
    """Same kind of county-level unit and a census population within ±50 %."""
    if a.kind != b.kind or not a.population or not b.population:
        return False
    return 2 / 3 <= a.population / b.population <= 1.5


def replication_proposals(
    *, county: Region, counties: dict[str, Region], limit: int = 3, pool=None
) -> list[ReplicationProposal]:
    """Replicable scenarios of other counties that reached award or a pilot, those of similar counties first,
    then those with more accepted reference cases; never one the county already adopted."""
    scenarios, cases, adopted = pool if pool is not None else _replication_pool()
    taken = adopted.get(county.code, set())
    ranked = []
    for scenario in scenarios:
        if scenario.county_id == county.code or scenario.pk in taken:
            continue
        source = counties.get(scenario.county_id)
        similar = source is not None and _similar(county, source)
        proven = cases.get(scenario.pk, [])
        ranked.append((not similar, -len(proven), -scenario.pk, ReplicationProposal(scenario, proven, similar)))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked[:limit]]


def _replication_pool(county: Region | None = None):
    """(proven replicable scenarios, accepted engagements per scenario, adopted source ids per county): three
    queries, or two for one ``county`` (whose adopted sources its scenario query leaves out)."""
    queryset = Scenario.objects.public().filter(replicable=True, status__in=PROVEN_STATUSES)
    if county is not None:
        queryset = queryset.exclude(
            pk__in=Scenario.objects.filter(county=county, replicated_from__isnull=False).values("replicated_from")
        )
    scenarios = list(queryset.select_related("county", "domain").order_by("-published_at")[:300])
    cases: dict[int, list[Engagement]] = {}
    for engagement in (
        Engagement.objects.reference_cases().filter(scenario__in=scenarios).select_related("firm", "solution")
    ):
        cases.setdefault(engagement.scenario_id, []).append(engagement)
    adopted: dict[str, set[int]] = {}
    if county is None:
        for code, source in Scenario.objects.filter(replicated_from__isnull=False).values_list(
            "county_id", "replicated_from_id"
        ):
            adopted.setdefault(code, set()).add(source)
    return scenarios, cases, adopted


def needs_attention(*, months: int, now: dt.datetime | None = None) -> list[AttentionRow]:
    """Counties the provincial office should look at, most flags first: no scenario published for ``months``
    months, scenarios opened per 10,000 residents below the zone's median (latest snapshot), questions left
    unanswered, calls past their deadline that got no proposal. Each comes with up to three replicable
    scenarios proven elsewhere (similar counties first). Nine queries whatever the number of counties."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=round(months * 30.44))
    counties = {r.code: r for r in Region.objects.counties().select_related("parent")}
    last_published = dict(
        Scenario.objects.public()
        .values("county_id")
        .annotate(last=Max("published_at"))
        .values_list("county_id", "last")
    )
    unanswered = dict(
        Question.objects.filter(answered_at__isnull=True, scenario__published_at__isnull=False)
        .values("scenario__county_id")
        .annotate(n=Count("pk"))
        .values_list("scenario__county_id", "n")
    )
    received = Proposal.objects.filter(scenario=OuterRef("pk"), status=Proposal.Status.SUBMITTED)
    no_proposal = dict(
        Scenario.objects.public()
        .filter(deadline__lte=now)
        .exclude(status=Scenario.Status.CANCELLED)
        .filter(~Exists(received))
        .values("county_id")
        .annotate(n=Count("pk"))
        .values_list("county_id", "n")
    )
    month = latest_month()
    per_10k: dict[str, float | None] = {}
    if month is not None:
        per_10k = dict(
            IndicatorSnapshot.objects.filter(indicator="scenarios_opened", level="county", month=month).values_list(
                "area", "per_10k"
            )
        )
    medians = {
        zone: _median([v for c, v in per_10k.items() if v is not None and counties[c].zone == zone])
        for zone in ZONE_ORDER
    }
    rows = []
    for code, county in counties.items():
        flags = []
        last = last_published.get(code)
        if last is None or last < since:
            flags.append("no_recent_scenario")
        value, median = per_10k.get(code), medians.get(county.zone)
        if value is not None and median is not None and value < median:
            flags.append("below_zone_median")
        if unanswered.get(code):
            flags.append("unanswered_questions")
        if no_proposal.get(code):
            flags.append("calls_without_proposal")
        if flags:
            rows.append(
                AttentionRow(county, flags, last, value, median, unanswered.get(code, 0), no_proposal.get(code, 0))
            )
    rows.sort(key=lambda row: (-len(row.flags), row.per_10k or 0.0, row.county.code))
    pool = _replication_pool()
    for row in rows:
        row.proposals = replication_proposals(county=row.county, counties=counties, pool=pool)
    return rows


def county_lag() -> dict[str, float]:
    """The replication push's reading of the gap (registered in ``matching.hooks.county_lag_providers``): per
    county, the province's median of scenarios opened per 10,000 residents minus the county's own, at the latest
    snapshot — positive for a county behind the median, the larger the further behind. Empty without snapshots.
    One query."""
    values = dict(
        IndicatorSnapshot.objects.filter(
            indicator="scenarios_opened",
            level="county",
            month=Subquery(IndicatorSnapshot.objects.order_by("-month").values("month")[:1]),
        ).values_list("area", "per_10k")
    )
    present = [v for v in values.values() if v is not None]
    median = _median(present)
    if median is None:
        return {}
    return {code: median - value for code, value in values.items() if value is not None}
