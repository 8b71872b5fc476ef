from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.matching import generate
from matching.engine import MatchIndex, ScenarioDoc, SolutionDoc


def _assert_same_lists(got, want):
    assert [round(i.score, 5) for i in got] == pytest.approx([round(i.score, 5) for i in want], abs=2e-5)
    # Ids must agree wherever the order is not decided by a float-level near tie (the refresh path
    # sums the same products in another order than the blocked product).
    for pos, (a, b) in enumerate(zip(got, want, strict=True)):
        above = want[pos - 1].score if pos > 0 else float("inf")
        below = want[pos + 1].score if pos + 1 < len(want) else float("-inf")
        if above - b.score > 1e-5 and b.score - below > 1e-5:
            assert a.id == b.id


def _assert_index_equals_fresh_fit(index, scenarios, solutions, vocabulary, regions):
    fresh = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=index.k)
    for s in scenarios:
        _assert_same_lists(index.top_solutions(s.id, reasons=False), fresh.top_solutions(s.id, reasons=False))
    for p in solutions:
        _assert_same_lists(index.top_scenarios(p.id, reasons=False), fresh.top_scenarios(p.id, reasons=False))


@pytest.mark.parametrize("margin", [0, 1, 8])
def test_refresh_sequence_matches_full_recompute(vocabulary, regions, margin):
    scenarios, solutions = generate(40, 120, vocabulary, regions, seed=3)
    # A small margin forces the exact-repair path to run.
    index = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=5, margin=margin)
    rng = random.Random(margin)
    scenarios, solutions = list(scenarios), list(solutions)
    for step in range(30):
        if step % 2 == 0:
            i = rng.randrange(len(scenarios))
            donor = scenarios[rng.randrange(len(scenarios))]
            scenarios[i] = replace(
                scenarios[i], title=donor.title, tags=donor.tags, budget_max=rng.choice([None, 10**6])
            )
            index.refresh_scenario(scenarios[i])
        else:
            j = rng.randrange(len(solutions))
            donor = solutions[rng.randrange(len(solutions))]
            solutions[j] = replace(
                solutions[j], description=donor.description, price_min=rng.choice([None, 10**5, 10**8])
            )
            index.refresh_solution(solutions[j])
    _assert_index_equals_fresh_fit(index, scenarios, solutions, vocabulary, regions)


def test_refresh_adds_new_documents_in_both_directions(vocabulary, regions):
    scenarios, solutions = generate(20, 60, vocabulary, regions, seed=5)
    index = MatchIndex.fit(scenarios[:15], solutions[:50], vocabulary, regions, k=4)
    for s in scenarios[15:]:
        index.refresh_scenario(s)
    for p in solutions[50:]:
        index.refresh_solution(p)
    _assert_index_equals_fresh_fit(index, scenarios, solutions, vocabulary, regions)


def test_refresh_returns_the_edited_documents_list(vocabulary, regions):
    scenarios, solutions = generate(10, 30, vocabulary, regions, seed=9)
    index = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=3)
    edited = replace(scenarios[0], title=solutions[7].title, description=solutions[7].description)
    top = index.refresh_scenario(edited)
    assert top == index.top_solutions(edited.id)
    assert top[0].id == solutions[7].id


words = st.sampled_from(
    ["远程影像诊断", "智慧停车", "teleradiology", "parking guidance", "森林防火", "双师课堂", "大棚"]
)
texts = st.lists(st.one_of(words, st.text(max_size=20)), max_size=6).map(" ".join)
money = st.one_of(st.none(), st.integers(min_value=0, max_value=10**8))


@st.composite
def catalogues(draw):
    n_s = draw(st.integers(1, 5))
    n_p = draw(st.integers(1, 8))
    scenarios = [
        ScenarioDoc(
            id=f"S{i}",
            title=draw(texts),
            description=draw(texts),
            budget_max=draw(money),
            language=draw(st.sampled_from(["zh", "en"])),
            county_code=draw(st.sampled_from([None, "320102", "320826"])),
        )
        for i in range(n_s)
    ]
    solutions = [
        SolutionDoc(
            id=f"P{j}",
            title=draw(texts),
            description=draw(texts),
            price_min=draw(money),
            maturity=draw(st.sampled_from([None, "concept", "scaled", "unknown-level"])),
            deployed_in=tuple(draw(st.lists(st.sampled_from(["320104", "320281", "999999"]), max_size=3))),
        )
        for j in range(n_p)
    ]
    return scenarios, solutions


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalogues())
def test_scores_lie_in_unit_interval_and_lists_are_sorted(vocabulary, regions, catalogue):
    scenarios, solutions = catalogue
    index = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=4)
    for s in scenarios:
        top = index.top_solutions(s.id)
        scores = [item.score for item in top]
        assert all(0.0 <= x <= 1.0 for x in scores)
        assert scores == sorted(scores, reverse=True)
        assert len(top) == min(4, len(solutions))
        all_scores = index.scores_for_scenario(s.id)
        assert np.all((all_scores >= 0) & (all_scores <= 1))
    for p in solutions:
        scores = [item.score for item in index.top_scenarios(p.id)]
        assert scores == sorted(scores, reverse=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalogues(), texts)
def test_adding_a_solution_never_changes_other_pairs_scores(vocabulary, regions, catalogue, extra_text):
    scenarios, solutions = catalogue
    before = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=8)
    extra = SolutionDoc(id="PX", title=extra_text, description=extra_text * 3, price_min=1)
    after = MatchIndex.fit(scenarios, [*solutions, extra], vocabulary, regions, k=9)
    for s in scenarios:
        for p in solutions:
            assert after.score(s.id, p.id) == before.score(s.id, p.id)
        old = {i.id: i.score for i in before.top_solutions(s.id)}
        new = {i.id: i.score for i in after.top_solutions(s.id)}
        assert {pid: new[pid] for pid in old} == old


@pytest.mark.parametrize(
    ("n_s", "n_p", "block_size", "k", "margin"),
    [(30, 90, 3, 3, 0), (30, 90, 4, 2, 1), (30, 90, 7, 5, 3), (90, 30, 4, 3, 0), (90, 30, 16, 2, 2)],
)
def test_blocked_recompute_matches_brute_force(vocabulary, regions, n_s, n_p, block_size, k, margin):
    # Both sweep orientations: blocks over solutions (n_p >= n_s) and over scenarios.
    scenarios, solutions = generate(n_s, n_p, vocabulary, regions, seed=11)
    index = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=k, block_size=block_size, margin=margin)
    full = np.vstack([index.scores_for_scenario(s.id) for s in scenarios])
    for i, s in enumerate(scenarios):
        want = sorted(range(len(solutions)), key=lambda j: (-full[i, j], solutions[j].id))[:k]
        got = index.top_solutions(s.id, reasons=False)
        assert [g.score for g in got] == pytest.approx([float(full[i, j]) for j in want], abs=1e-5)
    for j, p in enumerate(solutions):
        want = sorted(range(len(scenarios)), key=lambda i: (-full[i, j], scenarios[i].id))[:k]
        got = index.top_scenarios(p.id, reasons=False)
        assert [g.score for g in got] == pytest.approx([float(full[i, j]) for i in want], abs=1e-5)


def test_parallel_featurisation_gives_identical_results(vocabulary, regions):
    scenarios, solutions = generate(2100, 40, vocabulary, regions, seed=2)
    serial = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=3)
    parallel = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=3, n_jobs=2)
    assert (serial._S != parallel._S).nnz == 0
    for p in solutions[:10]:
        assert serial.top_scenarios(p.id) == parallel.top_scenarios(p.id)
