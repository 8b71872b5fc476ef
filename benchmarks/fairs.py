"""The fair scheduler at the size of a large provincial fair.

    python -m benchmarks.fairs [--participants 300] [--requests 2000] [--slots 16] [--seed 7] [--time-limit 10]

A synthetic event (seeded, so every run builds the same one): a third of the participants are county offices,
the rest firms and training providers, spread over the three zones (苏南 40 %, 苏中 25 %, 苏北 35 %); each
states one or two availability windows covering 60–100 % of the day, 4–12 meetings at most, and every county
office presents once on stage; tables for a fifth of the participants per slot. Accepted requests join a
county office with a firm, with a match score in [0.2, 1] and a priority of 1–3.

Prints the exact solve time, its objective against the greedy and the bounds (branch-and-bound and the
linear-programming relaxation), the share of requests scheduled, then a re-run after late changes (5 % of the
participants cut their availability, 50 new requests): how many meetings moved. Ends with one line
``solve_s=… objective=… greedy=… bound=… scheduled_share=…``.
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import random

from fairs.scheduler import Participant, Problem, Request, solve, violations

ZONES = ("south", "centre", "north")


def build(*, participants: int, requests: int, slots: int, seed: int, time_limit: float) -> Problem:
    rng = random.Random(seed)
    people: list[Participant] = []
    counties: list[int] = []
    firms: list[int] = []
    for pid in range(participants):
        zone = rng.choices(ZONES, weights=(40, 25, 35))[0]
        is_county = pid % 3 == 0
        start = rng.randrange(0, max(slots // 3, 1))
        end = rng.randrange(max(start + int(slots * 0.6), start + 1), slots + 1)
        available = set(range(start, end))
        if rng.random() < 0.3:  # a second window: leaves for an hour in the middle
            gap = rng.randrange(start, end)
            available -= {gap, gap + 1}
        roadshow = frozenset({rng.randrange(slots)}) if is_county else frozenset()
        people.append(
            Participant(
                id=pid,
                zone=zone,
                available=frozenset(available),
                roadshow=roadshow,
                max_meetings=rng.randint(4, 12),
                attendees=frozenset({10_000 + pid}),
            )
        )
        (counties if is_county else firms).append(pid)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < requests:
        pairs.add((rng.choice(counties), rng.choice(firms)))
    reqs = [
        Request(id=i, a=a, b=b, score=round(rng.uniform(0.2, 1.0), 3), priority=rng.randint(1, 3))
        for i, (a, b) in enumerate(sorted(pairs))
    ]
    return Problem(
        slots=slots,
        tables_per_slot=max(participants // 5, 1),
        participants=people,
        requests=reqs,
        time_limit_s=time_limit,
    )


def late_changes(problem: Problem, slot_of: dict[int, int], *, seed: int) -> Problem:
    """The previous schedule carried over, 5 % of the participants leaving early, 50 new requests."""
    rng = random.Random(seed + 1)
    leaving = set(rng.sample([p.id for p in problem.participants], max(len(problem.participants) // 20, 1)))
    participants = [
        dataclasses.replace(p, available=frozenset(s for s in (p.available or ()) if s < problem.slots // 2))
        if p.id in leaving
        else p
        for p in problem.participants
    ]
    requests = [dataclasses.replace(r, previous_slot=slot_of.get(r.id)) for r in problem.requests]
    counties = [p.id for p in problem.participants if p.id % 3 == 0]
    firms = [p.id for p in problem.participants if p.id % 3 != 0]
    existing = {(r.a, r.b) for r in requests}
    next_id = max(r.id for r in requests) + 1
    while len(requests) < len(problem.requests) + 50:
        pair = (rng.choice(counties), rng.choice(firms))
        if pair not in existing:
            existing.add(pair)
            requests.append(Request(id=next_id, a=pair[0], b=pair[1], score=rng.uniform(0.2, 1.0), priority=3))
            next_id += 1
    return dataclasses.replace(problem, participants=participants, requests=requests)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--slots", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args(argv)
    problem = build(
        participants=args.participants,
        requests=args.requests,
        slots=args.slots,
        seed=args.seed,
        time_limit=args.time_limit,
    )
    print(f"machine: {platform.machine()} {platform.python_implementation()} {platform.python_version()}")
    print(
        f"event: {args.participants} participants, {len(problem.requests)} accepted requests, {args.slots} slots, "
        f"{problem.tables(0)} tables per slot, time limit {args.time_limit:g} s"
    )
    solution = solve(problem)
    slot_of = solution.slot_of()
    if violations(problem, slot_of):
        raise SystemExit(f"the schedule breaks a rule: {violations(problem, slot_of)[:3]}")
    share = len(slot_of) / len(problem.requests)
    print(
        f"exact ({solution.method}): {solution.solve_s:.2f} s, {int(solution.stats['variables'])} variables, "
        f"{int(solution.stats['constraints'])} constraints, {int(solution.stats.get('nodes', 0))} nodes"
    )
    gap = solution.gap or 0.0
    print(
        f"objective {solution.objective:.2f}  greedy {solution.greedy_value:.2f} "
        f"({100 * (solution.objective - solution.greedy_value) / solution.objective:+.1f} % for exact)  "
        f"bound {solution.bound:.2f} (gap {100 * gap:.3f} %)  LP bound {solution.lp_bound:.2f}"
    )
    print(f"scheduled: {len(slot_of)} of {len(problem.requests)} requests ({100 * share:.1f} %)")
    changed = late_changes(problem, slot_of, seed=args.seed)
    rerun = solve(changed)
    if violations(changed, rerun.slot_of()):
        raise SystemExit("the re-run breaks a rule")
    print(
        f"re-run after late changes (5 % leave at midday, 50 new requests): {rerun.solve_s:.2f} s, "
        f"{rerun.moved} moved, {rerun.dropped} dropped, {len(rerun.slot_of())} scheduled"
    )
    print(
        f"solve_s={solution.solve_s:.2f} objective={solution.objective:.2f} greedy={solution.greedy_value:.2f} "
        f"bound={solution.lp_bound:.2f} scheduled_share={share:.3f}"
    )


if __name__ == "__main__":
    main()
