"""Ranking metrics exactly as defined in the dev set's README.

* nDCG@k: gain ``2**rel - 1``, discount ``1 / log2(rank + 1)`` (rank 1-based); the ideal DCG is
  computed from the scenario's labelled pairs (all unlisted pairs are 0).
* recall@k: share of the scenario's relevance >= 1 solutions found in the top k.
* MRR: ``1 / rank`` of the first relevance-2 solution in the full ranking (0 if none appears).
* cross-lingual top-k hit: over the scenarios that have a relevant (>= 1) solution in the other
  language, the share with at least one such solution in their top k.

Confidence intervals (:func:`bootstrap_ci`) are percentile bootstrap intervals over scenarios:
scenarios are resampled with replacement (numpy ``default_rng(seed)``, 2,000 resamples, seed 0 by
default), the mean is taken per resample, and the 2.5th and 97.5th percentiles are reported. With
20-40 scenarios per set they are wide; read them before reading a difference of a few hundredths.

Each function takes one ranking (a list of solution ids, best first) and the scenario's labels
``{solution_id: relevance}``; :func:`evaluate` averages over scenarios.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


def dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(r + 2) for r, g in enumerate(gains))


def ndcg_at_k(ranking: Sequence[str], labels: Mapping[str, int], k: int = 5) -> float:
    """nDCG@k in [0, 1]; 0 when the scenario has no positive label."""
    ideal = dcg(sorted((2.0**r - 1 for r in labels.values() if r > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([2.0 ** labels.get(pid, 0) - 1 for pid in ranking[:k]]) / ideal


def recall_at_k(ranking: Sequence[str], labels: Mapping[str, int], k: int = 5) -> float:
    """Share of relevance >= 1 solutions in the top k; 0 when there are none."""
    relevant = {pid for pid, r in labels.items() if r >= 1}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], labels: Mapping[str, int], grade: int = 2) -> float:
    """1 / rank of the first solution with relevance >= ``grade``; 0 if none is ranked."""
    for rank, pid in enumerate(ranking, start=1):
        if labels.get(pid, 0) >= grade:
            return 1.0 / rank
    return 0.0


@dataclass(frozen=True, slots=True)
class Metrics:
    """Averages over ``n`` scenarios."""

    ndcg5: float
    recall5: float
    mrr: float
    n: int


def evaluate(
    rankings: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, int]],
    scenario_ids: Sequence[str] | None = None,
    k: int = 5,
) -> Metrics:
    """Average the three metrics over ``scenario_ids`` (default: every labelled scenario). A scenario
    missing from ``rankings`` counts as an empty ranking."""
    ids = list(scenario_ids) if scenario_ids is not None else sorted(labels)
    if not ids:
        return Metrics(0.0, 0.0, 0.0, 0)
    rows = [_scenario_metrics(rankings.get(sid, ()), labels.get(sid, {}), k) for sid in ids]
    n = len(ids)
    return Metrics(sum(r[0] for r in rows) / n, sum(r[1] for r in rows) / n, sum(r[2] for r in rows) / n, n)


def _scenario_metrics(ranking: Sequence[str], labels: Mapping[str, int], k: int) -> tuple[float, float, float]:
    """One scenario's ``(nDCG@k, recall@k, reciprocal rank)``."""
    return (ndcg_at_k(ranking, labels, k), recall_at_k(ranking, labels, k), reciprocal_rank(ranking, labels))


def cross_lingual_failures(
    rankings: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, int]],
    scenario_language: Mapping[str, str],
    solution_language: Mapping[str, str],
    k: int = 5,
) -> list[str]:
    """Scenarios that miss the cross-lingual targets, as readable messages (empty = all met).

    * an English scenario must have a relevant (>= 1) Chinese solution in its top k;
    * a Chinese scenario with an English relevance-2 solution must have an English relevant
      solution in its top k.
    """
    failures: list[str] = []
    for sid, lab in sorted(labels.items()):
        top = list(rankings.get(sid, ()))[:k]
        lang = scenario_language.get(sid)
        if lang == "en":
            if not any(lab.get(p, 0) >= 1 and solution_language.get(p) == "zh" for p in top):
                failures.append(f"{sid}: no relevant Chinese solution in top {k}")
        elif (
            lang == "zh"
            and any(r == 2 and solution_language.get(p) == "en" for p, r in lab.items())
            and not any(lab.get(p, 0) >= 1 and solution_language.get(p) == "en" for p in top)
        ):
            failures.append(f"{sid}: no relevant English solution in top {k}")
    return failures


def two_fold_splits(ids: Sequence[str], seed: int = 0) -> list[tuple[list[str], list[str]]]:
    """Two (tune, report) halves of ``ids`` and the swapped pair, reproducible by ``seed``."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a reproducible split, not security
    half = len(shuffled) // 2
    a, b = sorted(shuffled[:half]), sorted(shuffled[half:])
    return [(a, b), (b, a)]


def cross_validate(
    candidates: Sequence[object],
    rank_with: Callable[[object], Mapping[str, Sequence[str]]],
    labels: Mapping[str, Mapping[str, int]],
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
) -> tuple[Metrics, list[tuple[int, int]]]:
    """Choose a candidate on one half, report it on the other, for each split of each seed.

    Returns the average held-out metrics and, per fold, ``(seed, index of the chosen candidate)``.
    Rankings of each candidate are computed once (the engine ranks every scenario independently).
    """
    per_candidate = [rank_with(c) for c in candidates]
    ids = sorted(labels)
    held: list[Metrics] = []
    chosen: list[tuple[int, int]] = []
    for seed in seeds:
        for tune, report in two_fold_splits(ids, seed):
            scores = [evaluate(r, labels, tune).ndcg5 for r in per_candidate]
            best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
            chosen.append((seed, best))
            held.append(evaluate(per_candidate[best], labels, report))
    n = len(held)
    return (
        Metrics(
            sum(m.ndcg5 for m in held) / n,
            sum(m.recall5 for m in held) / n,
            sum(m.mrr for m in held) / n,
            sum(m.n for m in held) // n,
        ),
        chosen,
    )


def per_scenario(
    rankings: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, int]],
    k: int = 5,
) -> dict[str, tuple[float, float, float]]:
    """``{scenario_id: (nDCG@k, recall@k, reciprocal rank)}`` for every labelled scenario."""
    return {sid: _scenario_metrics(rankings.get(sid, ()), labels[sid], k) for sid in sorted(labels)}


def cross_lingual_hits(
    rankings: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, int]],
    scenario_language: Mapping[str, str],
    solution_language: Mapping[str, str],
    k: int = 5,
) -> dict[str, bool]:
    """For each scenario with a relevant (>= 1) solution in another language than its own: whether
    one such solution is in its top k. Scenarios without one are left out (nothing to find)."""
    hits: dict[str, bool] = {}
    for sid, lab in sorted(labels.items()):
        lang = scenario_language.get(sid)
        other = {p for p, r in lab.items() if r >= 1 and solution_language.get(p, lang) != lang}
        if other:
            hits[sid] = bool(other.intersection(list(rankings.get(sid, ()))[:k]))
    return hits


def bootstrap_ci(
    values: Sequence[float], n_resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values`` (resampled with replacement)."""
    if not values:
        return (0.0, 0.0)
    data = np.asarray(values, dtype=np.float64)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(data), size=(n_resamples, len(data)))
    means = data[idx].mean(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(means, [tail, 100.0 - tail])
    return (float(lo), float(hi))


@dataclass(frozen=True, slots=True)
class SetReport:
    """Everything ``evaluate_matching`` prints for one labelled set."""

    metrics: Metrics
    ndcg5_ci: tuple[float, float]
    recall5_ci: tuple[float, float]
    mrr_ci: tuple[float, float]
    cross_lingual_hit: float
    cross_lingual_hit_ci: tuple[float, float]
    cross_lingual_eligible: int
    cross_lingual_failures: list[str]
    by_language: dict[str, Metrics]


def report(
    rankings: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, int]],
    scenario_language: Mapping[str, str],
    solution_language: Mapping[str, str],
    k: int = 5,
    seed: int = 0,
) -> SetReport:
    """Metrics, their bootstrap intervals, the cross-lingual hit rate and per-language averages."""
    rows = per_scenario(rankings, labels, k)
    hits = cross_lingual_hits(rankings, labels, scenario_language, solution_language, k)
    hit_values = [1.0 if h else 0.0 for h in hits.values()]
    by_language: dict[str, Metrics] = {}
    for lang in sorted({scenario_language.get(s, "") for s in labels}):
        ids = [s for s in sorted(labels) if scenario_language.get(s, "") == lang]
        by_language[lang] = evaluate(rankings, labels, ids, k)
    return SetReport(
        metrics=evaluate(rankings, labels, None, k),
        ndcg5_ci=bootstrap_ci([r[0] for r in rows.values()], seed=seed),
        recall5_ci=bootstrap_ci([r[1] for r in rows.values()], seed=seed),
        mrr_ci=bootstrap_ci([r[2] for r in rows.values()], seed=seed),
        cross_lingual_hit=sum(hit_values) / len(hit_values) if hit_values else 0.0,
        cross_lingual_hit_ci=bootstrap_ci(hit_values, seed=seed),
        cross_lingual_eligible=len(hit_values),
        cross_lingual_failures=cross_lingual_failures(rankings, labels, scenario_language, solution_language, k),
        by_language=by_language,
    )
