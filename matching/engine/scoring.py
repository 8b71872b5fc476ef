"""Dense, per-pair score terms: domain fit, maturity prior, track record and the budget factor.

Everything here is vectorised over a block of scenarios x a block of solutions on ``float32``
arrays of shape ``(n_scenarios_in_block, n_solutions_in_block)``. Like the sparse part, each term
of a pair depends only on the two documents and the region table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from matching.engine.types import RegionInfo
from matching.engine.weights import Weights


class RegionTable:
    """County -> city -> zone lookup used to decide how similar two counties are.

    Similarity levels (weights from :class:`Weights`): same county > same prefecture-level city >
    same zone (苏南/苏中/苏北) > elsewhere. A county code missing from the table is attached to
    the city ``code[:4] + "00"`` when that city is known (GB/T 2260 codes nest that way).
    """

    def __init__(self, regions: Sequence[RegionInfo] = ()) -> None:
        self.regions: dict[str, RegionInfo] = {r.code: r for r in regions}
        counties = sorted(r.code for r in regions)
        cities = sorted({r.city_code for r in regions if r.city_code} | {r.code for r in regions if not r.city_code})
        zones = sorted({r.zone for r in regions if r.zone})
        self.county_index = {c: i for i, c in enumerate(counties)}
        self.city_index = {c: i for i, c in enumerate(cities)}
        self.zone_index = {z: i for i, z in enumerate(zones)}
        self._zone_of_city = {r.code: r.zone for r in regions if r.zone}

    @property
    def sizes(self) -> tuple[int, int, int]:
        return len(self.county_index), len(self.city_index), len(self.zone_index)

    def locate(self, code: str | None) -> tuple[int, int, int]:
        """(county, city, zone) indices of ``code``; -1 where unknown."""
        if not code:
            return -1, -1, -1
        info = self.regions.get(code)
        if info is not None:
            city = info.city_code or code
            zone = info.zone or self._zone_of_city.get(city)
        else:
            city = code[:4] + "00"
            zone = self._zone_of_city.get(city)
        return (
            self.county_index.get(code, -1),
            self.city_index.get(city, -1),
            self.zone_index.get(zone, -1) if zone else -1,
        )

    def similarity(self, a: str | None, b: str | None, weights: Weights) -> float:
        """Similarity weight between two county codes (same weights as the track-record term)."""
        la, lb = self.locate(a), self.locate(b)
        if a and a == b:
            return weights.same_county
        if la[1] >= 0 and la[1] == lb[1]:
            return weights.same_city
        if la[2] >= 0 and la[2] == lb[2]:
            return weights.same_zone
        return weights.other_county


def _grow(arr: NDArray[np.float32], rows: int) -> NDArray[np.float32]:
    if rows <= arr.shape[0]:
        return arr
    extra = np.zeros((max(rows, 2 * arr.shape[0]) - arr.shape[0], *arr.shape[1:]), dtype=arr.dtype)
    return np.concatenate([arr, extra])


class ScenarioArrays:
    """Dense per-scenario data, indexed by the scenario's row number. Capacity grows geometrically.

    ``log_budget`` is log2(budget_max), +inf when the budget is missing (so nothing is "over" it).
    """

    def __init__(self) -> None:
        self.n = 0
        self.log_budget = np.zeros(0, dtype=np.float64)
        self.loc = np.zeros((0, 3), dtype=np.int64)

    def set(self, row: int, budget_max: int | None, loc: tuple[int, int, int]) -> None:
        if row >= self.log_budget.shape[0]:
            size = max(row + 1, 2 * self.log_budget.shape[0], 16)
            self.log_budget = np.concatenate([self.log_budget, np.full(size - self.log_budget.shape[0], np.inf)])
            self.loc = np.concatenate([self.loc, np.full((size - self.loc.shape[0], 3), -1, np.int64)])
        self.n = max(self.n, row + 1)
        self.log_budget[row] = math.log2(budget_max) if budget_max and budget_max > 0 else np.inf
        self.loc[row] = loc


class SolutionArrays:
    """Dense per-solution data, indexed by the solution's row number.

    ``log_price`` is log2(price_min), -inf when the price is missing. Deployment counts keep one
    extra all-zero column at the end so that an unknown location (index -1) gathers zeros.
    """

    def __init__(self, regions: RegionTable) -> None:
        self.n = 0
        self.regions = regions
        nc, nci, nz = regions.sizes
        self.log_price = np.zeros(0, dtype=np.float64)
        self.maturity = np.zeros(0, dtype=np.float32)
        self.by_county = np.zeros((0, nc + 1), dtype=np.float32)
        self.by_city = np.zeros((0, nci + 1), dtype=np.float32)
        self.by_zone = np.zeros((0, nz + 1), dtype=np.float32)
        self.total = np.zeros(0, dtype=np.float32)

    def set(self, row: int, price_min: int | None, maturity: float, deployed_in: Sequence[str]) -> None:
        if row >= self.log_price.shape[0]:
            size = max(row + 1, 2 * self.log_price.shape[0], 16)
            pad = size - self.log_price.shape[0]
            self.log_price = np.concatenate([self.log_price, np.full(pad, -np.inf)])
            self.maturity = np.concatenate([self.maturity, np.zeros(pad, np.float32)])
            self.total = np.concatenate([self.total, np.zeros(pad, np.float32)])
            self.by_county = _grow(self.by_county, size)
            self.by_city = _grow(self.by_city, size)
            self.by_zone = _grow(self.by_zone, size)
        self.n = max(self.n, row + 1)
        self.log_price[row] = math.log2(price_min) if price_min and price_min > 0 else -np.inf
        self.maturity[row] = maturity
        self.by_county[row] = 0.0
        self.by_city[row] = 0.0
        self.by_zone[row] = 0.0
        unique = list(dict.fromkeys(deployed_in))
        self.total[row] = len(unique)
        for code in unique:
            county, city, zone = self.regions.locate(code)
            if county >= 0:
                self.by_county[row, county] += 1
            if city >= 0:
                self.by_city[row, city] += 1
            if zone >= 0:
                self.by_zone[row, zone] += 1


def prior_matrix(
    locs: NDArray[np.int64], sol: SolutionArrays, pj: NDArray[np.intp] | slice, weights: Weights
) -> NDArray[np.float32]:
    """``w_maturity * maturity + w_track * track`` for scenario locations ``locs`` (u x 3 rows of
    county, city, zone indices) x solutions ``pj``; float32 of shape (u, len(pj)).

    The track term depends on a scenario only through its location, so callers compute this once
    per distinct location and gather rows.
    """
    w = weights
    out = np.repeat((w.maturity * sol.maturity[pj])[None, :], locs.shape[0], axis=0)
    if w.track_record > 0:
        # Nested counts turn "best similarity level per deployment" into a linear combination.
        weighted = (w.same_county - w.same_city) * sol.by_county[pj][:, locs[:, 0]].T
        weighted += (w.same_city - w.same_zone) * sol.by_city[pj][:, locs[:, 1]].T
        weighted += (w.same_zone - w.other_county) * sol.by_zone[pj][:, locs[:, 2]].T
        weighted += w.other_county * sol.total[pj][None, :]
        out += w.track_record * (1.0 - np.exp(-weighted / w.track_saturation))
    return out.astype(np.float32, copy=False)


def apply_budget(
    scores: NDArray[np.float32],
    log_budget: NDArray[np.float64],
    log_price: NDArray[np.float64],
    weights: Weights,
) -> None:
    """Multiply ``scores`` (b x m, in place) by the budget factor of each pair.

    factor = 1 when price_min <= budget_max or either is missing; otherwise
    1 - penalty * (soft_start + (1 - soft_start) * min(1, log2(price_min / budget_max))), so the
    factor lies in [1 - budget_penalty, 1].
    """
    if weights.budget_penalty <= 0:
        return
    excess = (log_price[None, :] - log_budget[:, None]).astype(np.float32)
    over = excess > 0  # missing sides give -inf, never over
    if not over.any():
        return
    np.clip(excess, 0.0, 1.0, out=excess)
    excess *= weights.budget_penalty * (1.0 - weights.budget_soft_start)
    excess += (weights.budget_penalty * weights.budget_soft_start) * over
    np.subtract(1.0, excess, out=excess)
    scores *= excess


def budget_ratio(budget_max: int | None, price_min: int | None) -> float | None:
    """price_min / budget_max, or None when either is missing or zero."""
    if not budget_max or not price_min or budget_max <= 0 or price_min <= 0:
        return None
    return price_min / budget_max


def track_count(
    regions: RegionTable, county: str | None, deployed_in: Sequence[str], weights: Weights
) -> tuple[int, int]:
    """(deployments in the same county, deployments in similar counties: same city or same zone)."""
    same = 0
    similar = 0
    for code in dict.fromkeys(deployed_in):
        if county and code == county:
            same += 1
        elif regions.similarity(county, code, weights) >= weights.same_zone:
            similar += 1
    return same, similar
