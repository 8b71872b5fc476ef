"""The pure scheduler (fairs/scheduler.py): property tests over random events, and the rules one by one.
No database, no Django."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairs.scheduler import (
    EXACT,
    InfeasiblePins,
    Participant,
    Problem,
    Request,
    allowed_slots,
    greedy,
    request_value,
    solve,
    violations,
)

ZONES = ("south", "centre", "north")


@st.composite
def events(draw) -> Problem:
    slots = draw(st.integers(1, 5))
    n = draw(st.integers(2, 7))
    people_pool = list(range(100, 106))  # a few people, some registered for two organisations
    participants = []
    for pid in range(n):
        window = draw(st.none() | st.frozensets(st.integers(0, slots - 1)))
        participants.append(
            Participant(
                id=pid,
                zone=draw(st.sampled_from(ZONES)),
                available=window,
                roadshow=draw(st.frozensets(st.integers(0, slots - 1), max_size=1)),
                max_meetings=draw(st.integers(0, 4)),
                attendees=draw(st.frozensets(st.sampled_from(people_pool), max_size=2)),
            )
        )
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda t: t[0] != t[1]),
            max_size=14,
        )
    )
    requests = [
        Request(
            id=i,
            a=a,
            b=b,
            score=draw(st.floats(0.0, 1.0)),
            priority=draw(st.integers(1, 3)),
            attendees=draw(st.none() | st.frozensets(st.sampled_from(people_pool), max_size=2)),
            previous_slot=draw(st.none() | st.integers(0, slots - 1)),
        )
        for i, (a, b) in enumerate(pairs)
    ]
    return Problem(
        slots=slots,
        tables_per_slot=draw(st.integers(0, 3)),
        participants=participants,
        requests=requests,
        time_limit_s=5.0,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_schedules_never_double_book_and_respect_availability(problem):
    solution = solve(problem)
    assert violations(problem, solution.slot_of()) == []
    assert violations(problem, greedy(problem)) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_the_greedy_never_beats_the_exact_solution(problem):
    solution = solve(problem)
    assert solution.method == EXACT
    assert solution.greedy_value <= solution.value + 1e-9 or solution.objective >= _objective(problem, greedy(problem))
    assert _objective(problem, greedy(problem)) <= solution.objective + 1e-9
    assert solution.gap == pytest.approx(0.0, abs=1e-6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_pinned_meetings_stay_put(problem):
    first = solve(problem).slot_of()
    requests = [
        dataclasses.replace(r, previous_slot=first.get(r.id), pinned=r.id in first and r.id % 2 == 0)
        for r in problem.requests
    ]
    again = dataclasses.replace(problem, requests=requests)
    second = solve(again).slot_of()
    pinned = {rid: s for rid, s in first.items() if rid % 2 == 0}
    # Every pinned meeting keeps its slot (other requests may be placed anew: keeping meetings changes the values).
    assert {rid: second.get(rid) for rid in pinned} == pinned
    assert violations(again, second) == []


def _objective(problem: Problem, slot_of: dict[int, int]) -> float:
    total = 0.0
    for r in problem.requests:
        if r.id in slot_of:
            value = request_value(problem, r)
            total += value * (1 + (problem.keep_bonus if r.previous_slot == slot_of[r.id] else 0))
    return total


def _two_sides(**kwargs) -> list[Participant]:
    return [Participant(id=1, zone="north", **kwargs), Participant(id=2, zone="south", **kwargs)]


def test_no_meeting_during_a_roadshow_slot_or_outside_availability():
    participants = [
        Participant(id=1, zone="north", roadshow=frozenset({0}), available=frozenset({0, 1, 2})),
        Participant(id=2, zone="north", available=frozenset({0, 1})),
    ]
    assert allowed_slots(Request(id=1, a=1, b=2), {p.id: p for p in participants}, 3) == [1]


def test_a_cross_zone_meeting_is_worth_more():
    problem = Problem(slots=1, tables_per_slot=1, participants=_two_sides(), requests=[], cross_zone_bonus=0.25)
    assert request_value(problem, Request(id=1, a=1, b=2, score=0.8, priority=2)) == pytest.approx(2.0)


def test_one_table_holds_the_best_meeting():
    participants = [Participant(id=i) for i in range(4)]
    requests = [Request(id=1, a=0, b=1, score=0.3), Request(id=2, a=2, b=3, score=0.9)]
    solution = solve(Problem(slots=1, tables_per_slot=1, participants=participants, requests=requests))
    assert solution.slot_of() == {2: 0}
    assert solution.method == EXACT


def test_a_person_for_two_organisations_is_in_one_meeting_at_a_time():
    participants = [Participant(id=i, attendees=frozenset({7}) if i in (0, 2) else frozenset()) for i in range(4)]
    requests = [Request(id=1, a=0, b=1), Request(id=2, a=2, b=3)]
    slot_of = solve(Problem(slots=2, tables_per_slot=5, participants=participants, requests=requests)).slot_of()
    assert sorted(slot_of.values()) == [0, 1]


def test_the_exact_solution_beats_the_greedy_where_greedy_is_short_sighted():
    # The greedy takes the best request (0–1 in slot 0), which blocks two others that together are worth more.
    participants = [Participant(id=i, available=frozenset({0})) for i in range(4)]
    requests = [
        Request(id=1, a=0, b=1, score=1.0),
        Request(id=2, a=0, b=2, score=0.6),
        Request(id=3, a=1, b=3, score=0.6),
    ]
    solution = solve(Problem(slots=1, tables_per_slot=2, participants=participants, requests=requests))
    assert solution.slot_of() == {2: 0, 3: 0}
    assert solution.greedy_value == pytest.approx(1.0)
    assert solution.value == pytest.approx(1.2)


def test_a_rerun_keeps_existing_meetings_where_it_can():
    participants = [Participant(id=i) for i in range(4)]
    requests = [Request(id=1, a=0, b=1, previous_slot=2), Request(id=2, a=2, b=3, previous_slot=0)]
    solution = solve(Problem(slots=3, tables_per_slot=1, participants=participants, requests=requests))
    assert solution.slot_of() == {1: 2, 2: 0}
    assert (solution.moved, solution.dropped) == (0, 0)


def test_clashing_pins_are_refused():
    participants = [Participant(id=i) for i in range(3)]
    requests = [
        Request(id=1, a=0, b=1, previous_slot=0, pinned=True),
        Request(id=2, a=0, b=2, previous_slot=0, pinned=True),
    ]
    with pytest.raises(InfeasiblePins):
        solve(Problem(slots=2, tables_per_slot=2, participants=participants, requests=requests))


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="two different known participants"):
        solve(Problem(slots=1, tables_per_slot=1, participants=_two_sides(), requests=[Request(id=1, a=1, b=9)]))
