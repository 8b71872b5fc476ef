"""Fit the component weights from what people did with suggestions (pairwise logistic regression).

Input: *preferences* — pairs of pairs where people preferred one (scenario, solution) pair over another in the
same list: a county confirmed, invited or awarded solution A and dismissed (or left alone) solution B for the
same scenario; a firm confirmed or bid on scenario A and dismissed (or left alone) scenario B. Each side of a
preference carries the score's parts (:meth:`MatchIndex.components`).

Model: the engine's score is ``(w · parts) × budget_factor``, so the score difference of a preference is linear in
the weights ``w``: ``Δ = w · (x_better − x_worse)`` with ``x = parts × budget_factor``. The fit minimises

    Σ ω · log(1 + exp(−β Δ)) / Σ ω  +  strength · ‖w − w₀‖²

over weights on the simplex with a floor (``w = floor + (1 − 6·floor) · softmax(z)``: every component keeps some
weight, so its part stays readable from the index and a later fit can raise it again) and a scale ``β > 0``. ``w₀``
are the weights in use: the penalty pulls the fit towards them, so a handful of signals moves the weights a
little and many consistent signals move them further. Held-out pairwise accuracy is measured by group k-fold
(a scenario's or a solution's preferences never straddle training and test), for the weights in use and for the
fitted ones on the same held-out pairs. Pure numpy/scipy; deterministic for a given input and seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from matching.engine.weights import Weights

COMPONENTS: tuple[str, ...] = ("text", "gloss", "concept", "domain", "maturity", "track_record")
"""The component weights a fit may change (their names in :class:`Weights`)."""


@dataclass(frozen=True, slots=True)
class Preference:
    """People preferred the pair with parts ``better`` to the pair with parts ``worse`` (both from
    :meth:`MatchIndex.components`), with confidence ``weight``; ``group`` is the list it came from."""

    better: Mapping[str, float]
    worse: Mapping[str, float]
    weight: float = 1.0
    group: str = ""


@dataclass(frozen=True, slots=True)
class FitResult:
    weights: dict[str, float]
    """Fitted component weights (sum 1, each at least the floor)."""
    scale: float
    n_preferences: int
    n_groups: int
    accuracy_before: float
    """Held-out (group k-fold) weighted share of preferences the weights in use order right (ties count half)."""
    accuracy_after: float
    """The same for weights fitted without the held-out fold."""
    folds: int


def _design(prefs: Sequence[Preference]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Rows ``x_better − x_worse`` (parts times budget factor) and the preference weights."""
    rows = np.zeros((len(prefs), len(COMPONENTS)), dtype=np.float64)
    for r, pref in enumerate(prefs):
        fb, fw = pref.better.get("budget_factor", 1.0), pref.worse.get("budget_factor", 1.0)
        for c, name in enumerate(COMPONENTS):
            rows[r, c] = pref.better.get(name, 0.0) * fb - pref.worse.get(name, 0.0) * fw
    return rows, np.array([max(0.0, p.weight) for p in prefs], dtype=np.float64)


def current_vector(weights: Weights) -> NDArray[np.float64]:
    return np.array([float(getattr(weights, name)) for name in COMPONENTS], dtype=np.float64)


def _weights_of(z: NDArray[np.float64], floor: float) -> NDArray[np.float64]:
    e = np.exp(z - z.max())
    out: NDArray[np.float64] = floor + (1.0 - len(COMPONENTS) * floor) * e / e.sum()
    return out


def accuracy(rows: NDArray[np.float64], omega: NDArray[np.float64], w: NDArray[np.float64]) -> float:
    """Weighted share of preferences ordered right by ``w`` (ties count half); 0 without preferences."""
    total = float(omega.sum())
    if total <= 0:
        return 0.0
    delta = rows @ w
    right = (delta > 1e-12).astype(np.float64) + 0.5 * (np.abs(delta) <= 1e-12)
    return float((omega * right).sum() / total)


def _fit(
    rows: NDArray[np.float64], omega: NDArray[np.float64], w0: NDArray[np.float64], strength: float, floor: float
) -> tuple[NDArray[np.float64], float]:
    start = np.log(np.maximum(w0 - floor, 1e-6) / max(1e-9, 1.0 - len(COMPONENTS) * floor))
    total = max(float(omega.sum()), 1e-12)

    def loss(theta: NDArray[np.float64]) -> float:
        w = _weights_of(theta[:-1], floor)
        margin = np.exp(theta[-1]) * (rows @ w)
        data = float((omega * np.logaddexp(0.0, -margin)).sum() / total)
        return data + strength * float(((w - w0) ** 2).sum())

    theta0 = np.concatenate([start, [np.log(10.0)]])
    result = minimize(loss, theta0, method="L-BFGS-B", bounds=[(-20, 20)] * len(COMPONENTS) + [(-5, 8)])
    return _weights_of(result.x[:-1], floor), float(np.exp(result.x[-1]))


def fit_weights(
    prefs: Sequence[Preference],
    current: Weights,
    *,
    strength: float = 1.0,
    floor: float = 0.02,
    folds: int = 5,
    seed: int = 0,
) -> FitResult:
    """Fit the component weights to ``prefs`` (see the module docstring). Raises ``ValueError`` without any
    preference or with a floor that leaves no room (``6 · floor ≥ 1``)."""
    if not prefs:
        raise ValueError("no preferences to fit")
    if not 0.0 <= floor < 1.0 / len(COMPONENTS):
        raise ValueError("floor must lie in [0, 1/6)")
    rows, omega = _design(prefs)
    w0 = current_vector(current)
    fitted, scale = _fit(rows, omega, w0, strength, floor)

    groups = sorted({p.group for p in prefs})
    order = np.random.default_rng(seed).permutation(len(groups))
    fold_of_group = {groups[g]: int(i % max(1, folds)) for i, g in enumerate(order)}
    fold = np.array([fold_of_group[p.group] for p in prefs])
    n_folds = min(max(1, folds), len(groups))
    before_hits = after_hits = weight_seen = 0.0
    for k in range(n_folds):
        test = fold == k
        if not test.any() or test.all():
            continue
        w_k, _ = _fit(rows[~test], omega[~test], w0, strength, floor)
        seen = float(omega[test].sum())
        before_hits += accuracy(rows[test], omega[test], w0) * seen
        after_hits += accuracy(rows[test], omega[test], w_k) * seen
        weight_seen += seen
    return FitResult(
        weights={name: round(float(v), 4) for name, v in zip(COMPONENTS, fitted, strict=True)},
        scale=scale,
        n_preferences=len(prefs),
        n_groups=len(groups),
        accuracy_before=before_hits / weight_seen if weight_seen else accuracy(rows, omega, w0),
        accuracy_after=after_hits / weight_seen if weight_seen else accuracy(rows, omega, fitted),
        folds=n_folds,
    )


def with_components(current: Weights, values: Mapping[str, float]) -> Weights:
    """``current`` with the component weights in ``values`` (renormalised to sum 1 after rounding)."""
    parts = {name: float(values.get(name, getattr(current, name))) for name in COMPONENTS}
    total = sum(parts.values())
    if total <= 0:
        raise ValueError("component weights must not all be 0")
    parts = {name: v / total for name, v in parts.items()}
    # Put the rounding remainder on the largest part so that the sum is exactly 1 for Weights' check.
    largest = max(parts, key=lambda n: parts[n])
    parts[largest] += 1.0 - sum(parts.values())
    return replace(current, **parts)  # type: ignore[arg-type]
