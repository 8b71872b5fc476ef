from __future__ import annotations

import math

import pytest

from matching.engine.evaluation import (
    bootstrap_ci,
    cross_lingual_failures,
    cross_lingual_hits,
    evaluate,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    report,
    two_fold_splits,
)

LABELS = {"A": 2, "B": 1, "C": 2}


def test_ndcg_at_5_uses_exponential_gain_and_labelled_ideal():
    ranking = ["B", "X", "A", "Y", "Z"]
    dcg = 1 / math.log2(2) + 3 / math.log2(4)
    ideal = 3 / math.log2(2) + 3 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(ranking, LABELS) == pytest.approx(dcg / ideal)


def test_ndcg_is_one_for_the_ideal_order():
    assert ndcg_at_k(["A", "C", "B"], LABELS) == pytest.approx(1.0)


def test_ndcg_is_zero_without_positive_labels():
    assert ndcg_at_k(["A"], {}) == 0.0


def test_recall_at_5_counts_all_relevant_grades():
    assert recall_at_k(["X", "B", "Y", "Z", "W", "A"], LABELS) == pytest.approx(1 / 3)


def test_reciprocal_rank_looks_for_the_first_grade_two():
    assert reciprocal_rank(["B", "X", "C"], LABELS) == pytest.approx(1 / 3)
    assert reciprocal_rank(["B", "X"], LABELS) == 0.0


def test_evaluate_averages_over_labelled_scenarios_and_counts_missing_rankings_as_empty():
    metrics = evaluate({"S1": ["A", "C", "B"]}, {"S1": LABELS, "S2": {"A": 2}})
    assert metrics.n == 2
    assert metrics.ndcg5 == pytest.approx(0.5)
    assert metrics.mrr == pytest.approx(0.5)


def test_cross_lingual_failures_name_the_scenario():
    labels = {"E1": {"Z1": 2}, "C1": {"E9": 2, "Z2": 1}}
    langs_s = {"E1": "en", "C1": "zh"}
    langs_p = {"Z1": "zh", "Z2": "zh", "E9": "en"}
    ok = cross_lingual_failures({"E1": ["Z1"], "C1": ["E9"]}, labels, langs_s, langs_p)
    bad = cross_lingual_failures({"E1": ["Q"], "C1": ["Z2"]}, labels, langs_s, langs_p)
    assert ok == []
    assert bad == ["C1: no relevant English solution in top 5", "E1: no relevant Chinese solution in top 5"]


def test_two_fold_splits_partition_the_ids():
    ids = [f"S{i}" for i in range(11)]
    (a, b), (c, d) = two_fold_splits(ids, seed=4)
    assert sorted(a + b) == sorted(ids)
    assert (a, b) == (d, c)
    assert not set(a) & set(b)


def test_bootstrap_interval_is_seeded_and_brackets_the_mean():
    values = [1.0, 0.0, 1.0, 1.0, 0.5, 0.75, 1.0, 0.0]
    lo, hi = bootstrap_ci(values, seed=3)
    assert lo <= sum(values) / len(values) <= hi
    assert bootstrap_ci(values, seed=3) == (lo, hi)
    assert bootstrap_ci([0.7] * 5) == pytest.approx((0.7, 0.7))
    assert bootstrap_ci([]) == (0.0, 0.0)


def test_cross_lingual_hit_counts_only_scenarios_with_a_relevant_other_language_solution():
    labels = {"S1": {"zh1": 2, "en1": 1}, "S2": {"zh2": 2}, "S3": {"en3": 2}}
    scen = {"S1": "zh", "S2": "zh", "S3": "zh"}
    sol = {"zh1": "zh", "en1": "en", "zh2": "zh", "en3": "en"}
    rankings = {"S1": ["zh1", "x", "y", "z", "w", "en1"], "S2": ["zh2"], "S3": ["en3"]}
    assert cross_lingual_hits(rankings, labels, scen, sol) == {"S1": False, "S3": True}
    rep = report(rankings, labels, scen, sol)
    assert rep.cross_lingual_hit == pytest.approx(0.5)
    assert rep.cross_lingual_eligible == 2
    assert rep.by_language["zh"].n == 3
