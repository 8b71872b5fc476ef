"""Fitting the component weights from preferences (pairwise logistic regression towards the weights in use)."""

from __future__ import annotations

import random

import pytest

from matching.engine.learn import COMPONENTS, Preference, fit_weights, with_components
from matching.engine.weights import DEFAULT_WEIGHTS, Weights


def _parts(rng: random.Random, **fixed: float) -> dict[str, float]:
    parts = {name: rng.random() for name in COMPONENTS}
    parts.update(fixed)
    parts["budget_factor"] = 1.0
    return parts


def _world(n_groups: int = 40, per_group: int = 6, seed: int = 1) -> list[Preference]:
    """People prefer the pair sharing more *domain*, whatever the text says (a taste the defaults under-weight)."""
    rng = random.Random(seed)
    prefs = []
    for g in range(n_groups):
        for _ in range(per_group):
            better = _parts(rng, domain=1.0, text=rng.random() * 0.3)
            worse = _parts(rng, domain=0.0, text=0.7 + rng.random() * 0.3)
            prefs.append(Preference(better, worse, 1.0, group=f"s{g}"))
    return prefs


def test_consistent_preferences_move_the_weights_their_way_and_order_held_out_pairs_better():
    result = fit_weights(_world(), DEFAULT_WEIGHTS, strength=0.1)
    assert result.weights["domain"] > DEFAULT_WEIGHTS.domain
    assert result.weights["text"] < DEFAULT_WEIGHTS.text
    assert sum(result.weights.values()) == pytest.approx(1.0, abs=1e-3)
    assert min(result.weights.values()) >= 0.02 - 1e-9  # the floor keeps every part readable
    assert result.accuracy_after > result.accuracy_before
    assert result.folds == 5 and result.n_groups == 40


def test_the_penalty_keeps_weights_near_those_in_use_and_few_signals_move_them_little():
    strong = fit_weights(_world(), DEFAULT_WEIGHTS, strength=100.0)
    free = fit_weights(_world(), DEFAULT_WEIGHTS, strength=0.01)
    assert abs(strong.weights["domain"] - DEFAULT_WEIGHTS.domain) < abs(free.weights["domain"] - DEFAULT_WEIGHTS.domain)
    assert abs(strong.weights["domain"] - DEFAULT_WEIGHTS.domain) < 0.02


def test_the_fit_is_deterministic_and_refuses_nothing_to_fit():
    assert fit_weights(_world(), DEFAULT_WEIGHTS) == fit_weights(_world(), DEFAULT_WEIGHTS)
    with pytest.raises(ValueError, match="no preferences"):
        fit_weights([], DEFAULT_WEIGHTS)


def test_fitted_values_make_valid_weights():
    weights = with_components(DEFAULT_WEIGHTS, {"text": 0.3333, "gloss": 0.3333, "concept": 0.3333})
    assert isinstance(weights, Weights)
    assert (
        weights.concept + weights.text + weights.gloss + weights.domain + weights.maturity + weights.track_record
        == (pytest.approx(1.0))
    )
    assert weights.budget_penalty == DEFAULT_WEIGHTS.budget_penalty  # only the component weights change


def test_components_recompose_the_score(vocabulary, regions):
    from matching.engine import MatchIndex, ScenarioDoc, SolutionDoc

    scenario = ScenarioDoc(
        id="S",
        title="乡镇卫生院远程阅片",
        description="基层拍片、县医院阅片",
        county_code="320830",
        budget_max=1_000_000,
    )
    solutions = [
        SolutionDoc(
            id="P",
            title="Teleradiology reading service",
            language="en",
            price_min=1_500_000,
            deployed_in=("320826", "320104"),
            maturity="deployed",
        ),
        SolutionDoc(id="Q", title="县域影像云平台", description="远程阅片、云胶片", price_min=200_000),
    ]
    index = MatchIndex.fit([scenario], solutions, vocabulary, regions, k=2)
    for pid in ("P", "Q"):
        parts = index.components("S", pid)
        base = sum(getattr(index.weights, name) * parts[name] for name in COMPONENTS)
        assert all(0.0 <= parts[name] <= 1.0 for name in (*COMPONENTS, "budget_factor"))
        assert min(1.0, base) * parts["budget_factor"] == pytest.approx(index.score("S", pid), abs=1e-5)
