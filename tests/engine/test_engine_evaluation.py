from __future__ import annotations

import math

import pytest

from matching.engine.evaluation import (
    cross_lingual_failures,
    evaluate,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
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
