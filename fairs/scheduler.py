"""The meeting scheduler of a matchmaking fair: pure Python + numpy/scipy, no Django, no project apps.

Given slots, participants and accepted meeting requests, choose at most one slot per request so that the total
value of the meetings held is as large as possible, subject to:

* one meeting per participant per slot, and one per attendee (a person) per slot — a person named for two
  organisations is never in two meetings at once;
* no more meetings in a slot than tables (``tables_per_slot``);
* both participants available in the slot and neither presenting on stage (its roadshow slots);
* at most ``max_meetings`` meetings per participant;
* pinned meetings stay where they are.

A request's value is ``priority × score × (1 + cross_zone_bonus)`` when the two sides lie in different zones
(a 苏南 firm with a 苏北 county), else ``priority × score``. After late changes the previous schedule is passed
back (``Request.previous_slot``): keeping a meeting in its slot earns ``keep_bonus`` × its value on top, so a
re-run moves or drops an existing meeting only when that buys more than it costs.

:func:`solve` is exact (``scipy.optimize.milp``, HiGHS branch and bound, with a time limit) and falls back to
:func:`greedy` when HiGHS finds nothing in time; it never returns less than the greedy value (it keeps the
better of the two) and reports the optimality gap against the branch-and-bound bound.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

EXACT = "exact"
TIME_LIMIT = "time_limit"
GREEDY = "greedy"


class InfeasiblePins(ValueError):
    """The pinned meetings cannot all be held together (a pin outside availability, two pins clashing …)."""


@dataclass(frozen=True)
class Participant:
    id: int
    zone: str = ""
    # Slot indices the participant can meet in; ``None`` means every slot.
    available: frozenset[int] | None = None
    # Slots in which it presents on stage (scenario release or pitch): never a meeting then.
    roadshow: frozenset[int] = frozenset()
    max_meetings: int = 8
    # People who attend for it (stable ids: a person registered for two organisations has one id).
    attendees: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Request:
    id: int
    a: int  # participant ids of the two sides
    b: int
    score: float = 1.0  # match score in [0, 1]
    priority: int = 1  # 1 (normal) … 3 (high)
    # People who attend this meeting; empty means every attendee of both participants.
    attendees: frozenset[int] | None = None
    previous_slot: int | None = None
    pinned: bool = False


@dataclass(frozen=True)
class Problem:
    slots: int
    tables_per_slot: Sequence[int] | int
    participants: Sequence[Participant]
    requests: Sequence[Request]
    cross_zone_bonus: float = 0.25
    keep_bonus: float = 0.5
    time_limit_s: float = 10.0

    def tables(self, slot: int) -> int:
        if isinstance(self.tables_per_slot, int):
            return self.tables_per_slot
        return self.tables_per_slot[slot]


@dataclass(frozen=True)
class Assignment:
    request_id: int
    slot: int


@dataclass(frozen=True)
class Solution:
    assignments: tuple[Assignment, ...]
    value: float  # total value of the meetings held (without the keep bonus)
    objective: float  # value + keep bonus: what was maximised
    method: str  # EXACT, TIME_LIMIT (best found within the limit) or GREEDY (fallback or better)
    greedy_value: float
    bound: float | None  # upper bound on the objective from branch and bound (None for greedy only)
    lp_bound: float | None = None
    solve_s: float = 0.0
    moved: int = 0  # meetings of the previous schedule now in another slot
    dropped: int = 0  # meetings of the previous schedule no longer held
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        """Relative optimality gap (bound - objective) / bound; 0.0 when proven optimal."""
        if self.bound is None:
            return None
        if self.bound <= 0:
            return 0.0
        return max(self.bound - self.objective, 0.0) / self.bound

    def slot_of(self) -> dict[int, int]:
        return {a.request_id: a.slot for a in self.assignments}


def request_value(problem: Problem, request: Request, zones: dict[int, str] | None = None) -> float:
    """``priority × score``, raised by the cross-zone bonus when the two sides' zones differ."""
    if zones is None:
        zones = {p.id: p.zone for p in problem.participants}
    value = max(request.priority, 0) * max(request.score, 0.0)
    za, zb = zones.get(request.a, ""), zones.get(request.b, "")
    if za and zb and za != zb:
        value *= 1.0 + problem.cross_zone_bonus
    return value


def _people(request: Request, by_id: dict[int, Participant]) -> frozenset[int]:
    if request.attendees is not None:
        return request.attendees
    return by_id[request.a].attendees | by_id[request.b].attendees


def allowed_slots(request: Request, by_id: dict[int, Participant], slots: int) -> list[int]:
    """Slots in which both sides are available and neither is on stage (a pinned meeting keeps its slot)."""
    if request.pinned and request.previous_slot is not None:
        return [request.previous_slot]
    out = []
    a, b = by_id[request.a], by_id[request.b]
    for s in range(slots):
        if a.available is not None and s not in a.available:
            continue
        if b.available is not None and s not in b.available:
            continue
        if s in a.roadshow or s in b.roadshow:
            continue
        out.append(s)
    return out


def _check_input(problem: Problem) -> dict[int, Participant]:
    by_id = {p.id: p for p in problem.participants}
    if len(by_id) != len(problem.participants):
        raise ValueError("participant ids must be unique")
    seen: set[int] = set()
    for r in problem.requests:
        if r.id in seen:
            raise ValueError("request ids must be unique")
        seen.add(r.id)
        if r.a not in by_id or r.b not in by_id or r.a == r.b:
            raise ValueError(f"request {r.id} must join two different known participants")
        if r.pinned and (r.previous_slot is None or not 0 <= r.previous_slot < problem.slots):
            raise InfeasiblePins(f"pinned request {r.id} has no slot")
    return by_id


def _keep(problem: Problem, r: Request, slot: int, value: float) -> float:
    return problem.keep_bonus * value if r.previous_slot == slot else 0.0


def _summarise(
    problem: Problem, by_id: dict[int, Participant], slot_of: dict[int, int], values: dict[int, float]
) -> tuple[float, float, int, int]:
    value = sum(values[rid] for rid in slot_of)
    objective = value
    moved = dropped = 0
    for r in problem.requests:
        if r.id in slot_of:
            objective += _keep(problem, r, slot_of[r.id], values[r.id])
        if r.previous_slot is not None:
            if r.id not in slot_of:
                dropped += 1
            elif slot_of[r.id] != r.previous_slot:
                moved += 1
    return value, objective, moved, dropped


def greedy(problem: Problem) -> dict[int, int]:
    """Pinned meetings first, then requests by value (+ keep bonus) best first, each in its previous slot if
    still free, else the first feasible slot with the most free tables. Request id → slot. Deterministic."""
    by_id = _check_input(problem)
    values = {r.id: request_value(problem, r) for r in problem.requests}
    busy: set[tuple[str, int, int]] = set()
    used_tables: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    slot_of: dict[int, int] = {}

    def fits(r: Request, s: int, people: frozenset[int]) -> bool:
        if used_tables[s] >= problem.tables(s):
            return False
        if ("p", r.a, s) in busy or ("p", r.b, s) in busy:
            return False
        return not any(("h", h, s) in busy for h in people)

    order = sorted(
        problem.requests,
        key=lambda r: (
            not r.pinned,
            -(values[r.id] * (1 + (problem.keep_bonus if r.previous_slot is not None else 0))),
        ),
    )
    for r in order:
        if values[r.id] <= 0 and not r.pinned:
            continue
        if count[r.a] >= by_id[r.a].max_meetings or count[r.b] >= by_id[r.b].max_meetings:
            continue
        people = _people(r, by_id)
        candidates = allowed_slots(r, by_id, problem.slots)
        if r.previous_slot in candidates:
            candidates = [r.previous_slot, *[s for s in candidates if s != r.previous_slot]]
            head = candidates[:1]
            rest = sorted(candidates[1:], key=lambda s: (used_tables[s] - problem.tables(s), s))
            candidates = head + rest
        else:
            candidates = sorted(candidates, key=lambda s: (used_tables[s] - problem.tables(s), s))
        for s in candidates:
            if fits(r, s, people):
                slot_of[r.id] = s
                used_tables[s] += 1
                count[r.a] += 1
                count[r.b] += 1
                busy.update({("p", r.a, s), ("p", r.b, s)})
                busy.update(("h", h, s) for h in people)
                break
    return slot_of


def _model(problem: Problem, by_id: dict[int, Participant], values: dict[int, float]):
    """Variables x[r, s] for each allowed (request, slot); rows of A with their upper bounds; pinned lower
    bounds."""
    columns: list[tuple[Request, int]] = []
    for r in problem.requests:
        if values[r.id] <= 0 and not r.pinned:
            continue
        for s in allowed_slots(r, by_id, problem.slots):
            columns.append((r, s))
    n = len(columns)
    cost = np.empty(n)
    lower = np.zeros(n)
    rows: list[int] = []
    cols: list[int] = []
    upper: list[float] = []
    groups: dict[tuple, list[int]] = defaultdict(list)
    for j, (r, s) in enumerate(columns):
        cost[j] = -(values[r.id] + _keep(problem, r, s, values[r.id]))
        if r.pinned:
            lower[j] = 1.0
        groups[("request", r.id)].append(j)
        groups[("table", s)].append(j)
        groups[("participant", r.a, s)].append(j)
        groups[("participant", r.b, s)].append(j)
        groups[("quota", r.a)].append(j)
        groups[("quota", r.b)].append(j)
        for h in _people(r, by_id):
            groups[("person", h, s)].append(j)
    for key, members in groups.items():
        kind = key[0]
        if kind == "table":
            cap = problem.tables(key[1])
        elif kind == "quota":
            cap = by_id[key[1]].max_meetings
        else:
            cap = 1
        if kind in ("participant", "person", "request") and len(members) <= 1:
            continue  # a single variable already lies in [0, 1]
        if kind in ("table", "quota") and len(members) <= cap:
            continue
        i = len(upper)
        upper.append(float(cap))
        rows.extend([i] * len(members))
        cols.extend(members)
    matrix = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(upper), n)).tocsr()
    return columns, cost, lower, matrix, np.asarray(upper)


def _run(cost, lower, matrix, upper, *, integral: bool, time_limit: float, columns: np.ndarray | None = None):
    """HiGHS on the model, or on the sub-model of ``columns`` only (the others fixed at 0)."""
    if columns is not None:
        cost, lower, matrix = cost[columns], lower[columns], matrix[:, columns]
    n = len(cost)
    constraints = [LinearConstraint(matrix, -np.inf, upper)] if matrix.shape[0] else []
    return milp(
        cost,
        constraints=constraints,
        bounds=Bounds(lower, np.ones(n)),
        integrality=np.ones(n) if integral else None,
        options={"time_limit": max(time_limit, 0.1), "disp": False, "mip_rel_gap": 1e-6},
    )


def lp_bound(problem: Problem) -> float:
    """The linear-programming relaxation's optimum: an upper bound on any schedule's objective."""
    by_id = _check_input(problem)
    values = {r.id: request_value(problem, r) for r in problem.requests}
    columns, cost, lower, matrix, upper = _model(problem, by_id, values)
    if not columns:
        return 0.0
    result = _run(cost, lower, matrix, upper, integral=False, time_limit=problem.time_limit_s)
    return float(-result.fun) if result.status == 0 and result.fun is not None else float("nan")


def solve(problem: Problem) -> Solution:
    """The best schedule found within ``problem.time_limit_s`` (proven optimal when ``method`` is EXACT), never
    worse than :func:`greedy`. Raises :class:`InfeasiblePins` when the pinned meetings clash.

    Three steps, each with what is left of the time limit: the LP relaxation (its optimum bounds every
    schedule); the integer problem restricted to the columns the LP uses plus the greedy's (small, and it
    contains the greedy schedule) — when it reaches the LP bound it is optimal for the whole problem; otherwise
    the whole integer problem by branch and bound."""
    started = time.perf_counter()
    deadline = started + problem.time_limit_s
    by_id = _check_input(problem)
    values = {r.id: request_value(problem, r) for r in problem.requests}
    greedy_slots = greedy(problem)
    greedy_value, greedy_objective, *_ = _summarise(problem, by_id, greedy_slots, values)
    if any(r.pinned and r.id not in greedy_slots for r in problem.requests):
        # The greedy places pins first; a pin it could not place clashes with an earlier one or is unavailable.
        _verify_pins(problem, by_id)

    columns, cost, lower, matrix, upper = _model(problem, by_id, values)
    best, best_objective, method = greedy_slots, greedy_objective, GREEDY
    bound: float | None = None
    lp: float | None = None
    stats: dict[str, float] = {"variables": float(len(columns)), "constraints": float(matrix.shape[0])}

    def consider(result, subset: np.ndarray | None) -> float | None:
        nonlocal best, best_objective
        if result.x is None:
            return None
        picked = np.flatnonzero(result.x > 0.5)
        index = subset[picked] if subset is not None else picked
        chosen = {columns[j][0].id: columns[j][1] for j in index}
        objective = _summarise(problem, by_id, chosen, values)[1]
        if objective > best_objective + 1e-9 or (objective >= best_objective - 1e-9 and best is greedy_slots):
            best, best_objective = chosen, objective
        return objective

    if not columns:
        bound, lp, method = 0.0, 0.0, EXACT
    else:
        relaxed = _run(cost, lower, matrix, upper, integral=False, time_limit=deadline - time.perf_counter())
        if relaxed.status == 2:
            raise InfeasiblePins("the pinned meetings cannot all be held together")
        if relaxed.status == 0:
            lp = bound = float(-relaxed.fun)
            support = relaxed.x > 1e-6
            position = {(r.id, s): j for j, (r, s) in enumerate(columns)}
            for rid, s in greedy_slots.items():
                support[position[(rid, s)]] = True
            subset = np.flatnonzero(support)
            stats["restricted_variables"] = float(len(subset))
            if subset.size:
                restricted = _run(
                    cost, lower, matrix, upper, integral=True, time_limit=deadline - time.perf_counter(), columns=subset
                )
                found = consider(restricted, subset)
            else:
                found = 0.0  # the LP uses nothing and the greedy holds nothing
            if found is not None and found >= bound - 1e-6 * max(abs(bound), 1.0):
                method = EXACT
        if method != EXACT and time.perf_counter() < deadline:
            full = _run(cost, lower, matrix, upper, integral=True, time_limit=deadline - time.perf_counter())
            if full.status == 2:
                raise InfeasiblePins("the pinned meetings cannot all be held together")
            stats["nodes"] = float(getattr(full, "mip_node_count", 0) or 0)
            dual = getattr(full, "mip_dual_bound", None)
            if dual is not None and np.isfinite(dual):
                bound = min(bound, float(-dual)) if bound is not None else float(-dual)
            if consider(full, None) is not None and best is not greedy_slots:
                method = EXACT if full.status == 0 else TIME_LIMIT
            if full.status == 0:
                bound = best_objective
        elif method != EXACT:
            method = TIME_LIMIT if best is not greedy_slots else GREEDY
    value, objective, moved, dropped = _summarise(problem, by_id, best, values)
    if bound is not None:
        bound = max(bound, objective)
    return Solution(
        assignments=tuple(Assignment(rid, s) for rid, s in sorted(best.items())),
        value=value,
        objective=objective,
        method=method,
        greedy_value=greedy_value,
        bound=bound,
        lp_bound=lp,
        solve_s=time.perf_counter() - started,
        moved=moved,
        dropped=dropped,
        stats=stats,
    )


def _verify_pins(problem: Problem, by_id: dict[int, Participant]) -> None:
    pins = [r for r in problem.requests if r.pinned]
    busy: set[tuple[str, int, int]] = set()
    tables: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    for r in pins:
        s = r.previous_slot
        if s is None:  # _check_input refuses a pin without a slot
            continue
        keys = {("p", r.a, s), ("p", r.b, s)} | {("h", h, s) for h in _people(r, by_id)}
        tables[s] += 1
        count[r.a] += 1
        count[r.b] += 1
        if (
            keys & busy
            or tables[s] > problem.tables(s)
            or count[r.a] > by_id[r.a].max_meetings
            or count[r.b] > by_id[r.b].max_meetings
        ):
            raise InfeasiblePins(f"pinned request {r.id} clashes with another pinned meeting")
        busy |= keys


def violations(problem: Problem, slot_of: dict[int, int]) -> list[str]:
    """Every broken rule of a schedule (empty when it is valid); used by tests and as a guard."""
    by_id = {p.id: p for p in problem.participants}
    requests = {r.id: r for r in problem.requests}
    out: list[str] = []
    seen: dict[tuple[str, int, int], int] = {}
    tables: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    for rid, s in sorted(slot_of.items()):
        r = requests[rid]
        if not 0 <= s < problem.slots:
            out.append(f"request {rid} in unknown slot {s}")
            continue
        if r.pinned and s != r.previous_slot:
            out.append(f"pinned request {rid} moved")
        if not r.pinned and s not in allowed_slots(r, by_id, problem.slots):
            out.append(f"request {rid} outside availability in slot {s}")
        tables[s] += 1
        count[r.a] += 1
        count[r.b] += 1
        for key in [("participant", r.a, s), ("participant", r.b, s)] + [("person", h, s) for h in _people(r, by_id)]:
            if key in seen:
                out.append(f"{key[0]} {key[1]} double-booked in slot {s} (requests {seen[key]} and {rid})")
            seen[key] = rid
    out += [
        f"slot {s}: {n} meetings for {problem.tables(s)} tables" for s, n in tables.items() if n > problem.tables(s)
    ]
    out += [f"participant {p}: {n} meetings" for p, n in count.items() if n > by_id[p].max_meetings]
    return out
