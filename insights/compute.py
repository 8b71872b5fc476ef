"""From facts to monthly figures: plain Python over lists, no database, so the arithmetic is tested by hand and
benchmarked on its own. ``insights.facts`` reads the facts; ``insights.services.refresh_insights`` stores what
this module returns.

Every figure is *as of the end of a month* (Asia/Shanghai): it counts the facts dated before the first instant
of the next month, from the beginning of the history (cumulative). Areas are the four levels of
``insights.indicators.LEVELS``: a fact dated in a county counts in that county, its city, its zone and the
province; a fact located in a city but in no county (a development zone such as 苏州工业园区, which is not a
county-level division and is recorded at its city) counts in the city, the zone and the province only.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from insights.indicators import ADDITIVE, COUNT, DISTINCT, LATEST, MEDIAN, RATIO, SUM, Indicator

PROVINCE_CODE = "320000"
ZONES = ("south", "centre", "north")


@dataclass(frozen=True)
class Fact:
    """One dated fact: ``area`` is a county code or, for a development zone, a city code."""

    area: str
    at: dt.datetime
    amount: float = 1.0
    key: int | str | None = None


@dataclass(frozen=True)
class Geography:
    """The regions the figures are computed for: county → (city, zone), city → zone, county populations."""

    county_city: Mapping[str, str]
    zone_of: Mapping[str, str]  # county and city codes → zone
    population: Mapping[str, int]  # county codes → 2020 census residents

    def areas_of(self, code: str) -> list[tuple[str, str]]:
        """The (level, area) pairs a fact located at ``code`` counts in; empty for an unknown code."""
        zone = self.zone_of.get(code)
        if zone is None:
            return []
        if code in self.county_city:
            return [("county", code), ("city", self.county_city[code]), ("zone", zone), ("province", PROVINCE_CODE)]
        return [("city", code), ("zone", zone), ("province", PROVINCE_CODE)]

    def all_areas(self) -> list[tuple[str, str]]:
        cities = sorted(set(self.county_city.values()))
        return (
            [("county", code) for code in sorted(self.county_city)]
            + [("city", code) for code in cities]
            + [("zone", zone) for zone in ZONES]
            + [("province", PROVINCE_CODE)]
        )

    def population_of(self, level: str, area: str) -> int:
        """Residents of an area: a county's census figure; above it the sum of its counties' figures (the
        census tabulates development-zone residents apart, so they are in no county and in no sum)."""
        if level == "county":
            return self.population.get(area, 0)
        if level == "city":
            return sum(p for c, p in self.population.items() if self.county_city.get(c) == area)
        if level == "zone":
            return sum(p for c, p in self.population.items() if self.zone_of.get(c) == area)
        return sum(self.population.values())


@dataclass(frozen=True)
class Cell:
    """One stored figure: an indicator's value for an area as of a month's end."""

    month: dt.date
    indicator: str
    level: str
    area: str
    value: float | None
    per_10k: float | None
    n: int


@dataclass(frozen=True)
class Gap:
    """The gap index of one additive indicator at one month (see docs/insights.md)."""

    month: dt.date
    indicator: str
    north_south_ratio: float | None
    centre_south_ratio: float | None
    theil: float | None


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from ``first``'s month to ``last``'s month, inclusive."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_end(month: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The first instant after the month, in ``tz``."""
    year, number = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
    return dt.datetime(year, number, 1, tzinfo=tz)


def _per_10k(value: float | None, population: int) -> float | None:
    if value is None or population <= 0:
        return None
    return value * 10_000 / population


def _accumulate(kind: str, buckets: Sequence[list[Fact]]) -> list[tuple[float | None, int]]:
    """Cumulative (value, n) per month from facts already bucketed by month index."""
    out: list[tuple[float | None, int]] = []
    total = 0.0
    count = 0
    keys: set = set()
    amounts: list[float] = []
    latest: Fact | None = None
    for bucket in buckets:
        for fact in bucket:
            count += 1
            total += fact.amount
            if kind == DISTINCT:
                keys.add(fact.key)
            elif kind == MEDIAN:
                bisect.insort(amounts, fact.amount)
            elif kind == LATEST and (latest is None or fact.at >= latest.at):
                latest = fact
        if kind == COUNT:
            out.append((float(count), count))
        elif kind == SUM:
            out.append((total, count))
        elif kind == DISTINCT:
            out.append((float(len(keys)), len(keys)))
        elif kind == MEDIAN:
            out.append((statistics.median(amounts) if amounts else None, count))
        else:  # LATEST at county level
            out.append((latest.amount if latest else None, 1 if latest else 0))
    return out


def compute(
    *,
    indicators: Iterable[Indicator],
    facts: Mapping[str, Sequence[Fact]],
    geography: Geography,
    months: Sequence[dt.date],
    tz: dt.tzinfo,
) -> list[Cell]:
    """Every (indicator, month, area) figure, zeros included, for every area of ``geography``.

    ``facts`` maps each non-ratio indicator code to its facts; a missing code has none. Facts dated after the
    last month's end are ignored; facts before the first month count from the first month on (cumulative).
    """
    if not months:
        return []
    ends = [month_end(month, tz) for month in months]
    areas = geography.all_areas()
    indicators = list(indicators)
    series: dict[str, dict[tuple[str, str], list[tuple[float | None, int]]]] = {}
    for indicator in indicators:
        if indicator.kind == RATIO:
            continue
        by_area: dict[tuple[str, str], list[list[Fact]]] = defaultdict(lambda: [[] for _ in months])
        for fact in facts.get(indicator.code, ()):
            index = bisect.bisect_right(ends, fact.at)
            if index >= len(months):
                continue
            for pair in geography.areas_of(fact.area):
                by_area[pair][index].append(fact)
        empty: list[list[Fact]] = [[] for _ in months]
        if indicator.kind == LATEST:
            county_values = {
                area: _accumulate(LATEST, by_area.get(("county", area), empty))
                for level, area in areas
                if level == "county"
            }
            result = {("county", area): values for area, values in county_values.items()}
            for level, area in areas:
                if level == "county":
                    continue
                members = [c for c in county_values if level == "province" or _contains(geography, level, area, c)]
                column = []
                for i in range(len(months)):
                    present = [v for c in members if (v := county_values[c][i][0]) is not None]
                    column.append((statistics.median(present) if present else None, len(present)))
                result[(level, area)] = column
            series[indicator.code] = result
        else:
            series[indicator.code] = {pair: _accumulate(indicator.kind, by_area.get(pair, empty)) for pair in areas}

    cells: list[Cell] = []
    for indicator in indicators:
        for level, area in areas:
            population = geography.population_of(level, area)
            if indicator.kind == RATIO:
                numerators = series[indicator.numerator][(level, area)]
                denominators = series[indicator.denominator][(level, area)]
                for month, (num, _n), (den, den_n) in zip(months, numerators, denominators, strict=True):
                    value = (num or 0.0) / den * indicator.scale if den else None
                    cells.append(Cell(month, indicator.code, level, area, value, None, den_n))
                continue
            for month, (value, n) in zip(months, series[indicator.code][(level, area)], strict=True):
                per_10k = _per_10k(value, population) if indicator.kind in ADDITIVE else None
                cells.append(Cell(month, indicator.code, level, area, value, per_10k, n))
    return cells


def _contains(geography: Geography, level: str, area: str, county: str) -> bool:
    if level == "city":
        return geography.county_city.get(county) == area
    if level == "zone":
        return geography.zone_of.get(county) == area
    return True


def theil(values: Mapping[str, float], population: Mapping[str, int]) -> float | None:
    """Population-weighted Theil T index of per-capita values across areas:

        T = Σᵢ sᵢ · ln(sᵢ / pᵢ),  sᵢ = yᵢ / Σy (share of the indicator),  pᵢ = Nᵢ / ΣN (share of residents)

    0 when every area has the same per-capita figure, larger the more unequal (at most ln(ΣN / N_min)).
    Areas with no residents are left out; ``None`` when the indicator totals 0 (no inequality to measure).
    """
    pairs = [(values.get(code, 0.0), people) for code, people in population.items() if people > 0]
    total = sum(value for value, _ in pairs)
    residents = sum(people for _, people in pairs)
    if total <= 0 or residents <= 0:
        return None
    index = 0.0
    for value, people in pairs:
        if value > 0:
            share = value / total
            index += share * math.log(share / (people / residents))
    return index


def gaps(cells: Iterable[Cell], *, indicators: Iterable[Indicator], geography: Geography) -> list[Gap]:
    """The gap index per additive indicator and month: per-capita ratios 苏北/苏南 and 苏中/苏南 and the Theil
    index across counties (county facts only: development-zone facts have no county and no census residents)."""
    additive = {indicator.code for indicator in indicators if indicator.additive}
    zone_values: dict[tuple[dt.date, str], dict[str, float | None]] = defaultdict(dict)
    county_values: dict[tuple[dt.date, str], dict[str, float]] = defaultdict(dict)
    for cell in cells:
        if cell.indicator not in additive:
            continue
        if cell.level == "zone":
            zone_values[(cell.month, cell.indicator)][cell.area] = cell.per_10k
        elif cell.level == "county" and cell.value is not None:
            county_values[(cell.month, cell.indicator)][cell.area] = cell.value
    out = []
    for (month, code), zones in sorted(zone_values.items()):
        south = zones.get("south")
        out.append(
            Gap(
                month=month,
                indicator=code,
                north_south_ratio=_ratio(zones.get("north"), south),
                centre_south_ratio=_ratio(zones.get("centre"), south),
                theil=theil(county_values.get((month, code), {}), geography.population),
            )
        )
    return out


def _ratio(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole
