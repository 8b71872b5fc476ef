"""Dev-set quality report: metrics, ablations and cross-validated weight choice.

    python -m benchmarks.dev_quality [--data DIR]

Prints the default weights' metrics, a few ablations (each removes one ingredient and renormalises
the component weights), and a two-fold cross-validation: for 5 random halvings of the 40 scenarios,
a small grid of weight settings is scored on one half (by nDCG@5) and the winner is reported on the
other half. The held-out average is the honest estimate of what tuning on this set is worth.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import replace
from pathlib import Path

from matching.engine.cli import DEFAULT_REGIONS, DEFAULT_VOCABULARY, rank_dataset, rankings_of
from matching.engine.evaluation import cross_lingual_failures, cross_validate, evaluate, two_fold_splits
from matching.engine.loaders import load_labels, load_regions, load_scenarios, load_solutions
from matching.engine.weights import DEFAULT_WEIGHTS, Weights
from vocabulary import load_concepts

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "matching-dev"


def _renormalised(w: Weights, **zeroed: float) -> Weights:
    parts = {
        "text": w.text,
        "gloss": w.gloss,
        "concept": w.concept,
        "domain": w.domain,
        "maturity": w.maturity,
        "track_record": w.track_record,
    }
    parts.update(zeroed)
    total = sum(parts.values())
    return replace(w, **{k: v / total for k, v in parts.items()})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    args = parser.parse_args(argv)
    d = Path(args.data)
    scenarios = load_scenarios(d / "scenarios.jsonl")
    solutions = load_solutions(d / "solutions.jsonl")
    labels = load_labels(d / "labels.jsonl")
    concepts = load_concepts(DEFAULT_VOCABULARY)
    regions = load_regions(DEFAULT_REGIONS) if DEFAULT_REGIONS.exists() else []
    lang_s = {s.id: s.language for s in scenarios}
    lang_p = {p.id: p.language for p in solutions}

    def rank_with(weights: object) -> dict[str, list[str]]:
        if not isinstance(weights, Weights):
            raise TypeError("candidates must be Weights")
        return rankings_of(rank_dataset(scenarios, solutions, concepts, regions, top=10, weights=weights), 10)

    def show(name: str, weights: Weights) -> None:
        r = rank_with(weights)
        m = evaluate(r, labels)
        zh = evaluate(r, labels, [s for s in labels if lang_s[s] == "zh"])
        en = evaluate(r, labels, [s for s in labels if lang_s[s] == "en"])
        fails = len(cross_lingual_failures(r, labels, lang_s, lang_p))
        print(
            f"{name:<34} nDCG@5 {m.ndcg5:.4f}  recall@5 {m.recall5:.4f}  MRR {m.mrr:.4f}  "
            f"(zh nDCG {zh.ndcg5:.3f}, en nDCG {en.ndcg5:.3f}, cross-lingual misses {fails})"
        )

    w = DEFAULT_WEIGHTS
    print("== default weights and ablations ==")
    show("default", w)
    show("no concepts (text only + priors)", _renormalised(w, concept=0.0))
    show("no text", _renormalised(w, text=0.0))
    show("no gloss space (CC-CEDICT)", _renormalised(w, gloss=0.0))
    show("no domain fit", _renormalised(w, domain=0.0))
    show("no maturity / track record", _renormalised(w, maturity=0.0, track_record=0.0))
    show("no budget penalty", replace(w, budget_penalty=0.0))
    show("platform damping 0.5", replace(w, platform_damping=0.5))
    show("budget penalty 0.35", replace(w, budget_penalty=0.35))
    show("no concept domain damping", replace(w, concept_domain_damping=0.0))

    grid: list[Weights] = []
    for text, penalty, damping in itertools.product((0.15, 0.25, 0.35), (0.2, 0.35, 0.5), (0.0, 0.5)):
        concept = 0.80 - w.gloss - text
        grid.append(replace(w, text=text, concept=concept, budget_penalty=penalty, platform_damping=damping))
    held, chosen = cross_validate(grid, rank_with, labels)
    print("\n== two-fold cross-validation over", len(grid), "weight settings, 5 seeds ==")
    print(f"held-out average: nDCG@5 {held.ndcg5:.4f}  recall@5 {held.recall5:.4f}  MRR {held.mrr:.4f}")
    for seed, idx in chosen:
        g = grid[idx]
        print(
            f"  seed {seed}: chose text={g.text:.2f} concept={g.concept:.2f} "
            f"budget_penalty={g.budget_penalty} platform_damping={g.platform_damping}"
        )
    fixed = [evaluate(rank_with(w), labels, half) for seed in range(5) for half in _halves(sorted(labels), seed)]
    print(f"default weights on the same held-out halves: nDCG@5 {sum(m.ndcg5 for m in fixed) / len(fixed):.4f}")


def _halves(ids: list[str], seed: int) -> list[list[str]]:
    return [report for _, report in two_fold_splits(ids, seed)]


if __name__ == "__main__":
    main()
