"""The evaluation arithmetic, exact and free of the database.

* Each evaluator scores each proposal on each criterion with a whole number from 0 to ``max_score`` (10).
* An evaluator's weighted total for a proposal is Σ weightᵢ × scoreᵢ / max_score, on a 0–100 scale
  (weights sum to 100).
* A proposal's score is the mean of the weighted totals of the evaluators who did not recuse.
* Disqualified proposals are not ranked.
* Ranking: higher score first; ties go to the lower price, then the earlier first submission, then the lower id.

Arithmetic is done with ``Fraction`` (no rounding at all), and reported as ``Decimal`` rounded half-up to two
places for display; ranks always come from the exact values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")


def to_decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Entry:
    proposal_id: int
    price: int
    submitted_at: dt.datetime


@dataclass
class Ranked:
    proposal_id: int
    rank: int
    score: Fraction
    per_evaluator: dict[int, Fraction] = field(default_factory=dict)

    @property
    def score_display(self) -> Decimal:
        return to_decimal(self.score)


def weighted_total(scores: dict[int, int], weights: dict[int, int], *, max_score: int) -> Fraction:
    """Σ weight × score / max_score over the criteria in ``weights`` (criterion id → weight); 0–100."""
    return sum((Fraction(weights[c] * scores[c], max_score) for c in weights), Fraction(0))


def rank(
    entries: list[Entry],
    weights: dict[int, int],
    scores: dict[int, dict[int, dict[int, int]]],
    *,
    max_score: int,
) -> list[Ranked]:
    """``scores[evaluator_id][proposal_id][criterion_id] = value`` for the non-recused evaluators. Every
    entry must be scored by every evaluator on every criterion (the caller checks completeness)."""
    rows: list[tuple[Entry, Ranked]] = []
    for entry in entries:
        per_evaluator = {
            evaluator: weighted_total(by_proposal[entry.proposal_id], weights, max_score=max_score)
            for evaluator, by_proposal in scores.items()
        }
        mean = sum(per_evaluator.values(), Fraction(0)) / len(per_evaluator) if per_evaluator else Fraction(0)
        rows.append((entry, Ranked(proposal_id=entry.proposal_id, rank=0, score=mean, per_evaluator=per_evaluator)))
    rows.sort(key=lambda r: (-r[1].score, r[0].price, r[0].submitted_at, r[0].proposal_id))
    for position, (_entry, ranked) in enumerate(rows, start=1):
        ranked.rank = position
    return [ranked for _entry, ranked in rows]
