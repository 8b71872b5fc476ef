"""The choices of issue 14, replayed on the independent test sets (matching/data/eval), never on the dev set.

    python -m benchmarks.independent_sets [--dev]

Prints nDCG@5 / recall@5 / MRR / cross-lingual hit@5 per set for each step and candidate that
docs/matching.md reports: the baseline weights without the gloss space, the (text, gloss, concept) weight
grid, and the cap on gloss stems per document. ``--dev`` adds the dev set as a last column, for reporting
only: nothing was chosen on it.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from matching.engine.cli import DEFAULT_REGIONS, DEV_SET, INDEPENDENT_SETS, report_dir
from matching.engine.loaders import load_regions
from matching.engine.weights import DEFAULT_WEIGHTS, Weights
from vocabulary import load_concepts

# (text, gloss, concept); domain, maturity and track record keep their defaults (0.10, 0.05, 0.05).
WEIGHT_GRID = (
    (0.25, 0.00, 0.55),
    (0.15, 0.10, 0.55),
    (0.25, 0.10, 0.45),
    (0.20, 0.15, 0.45),
    (0.15, 0.15, 0.50),
    (0.10, 0.20, 0.50),
    (0.20, 0.20, 0.40),
    (0.15, 0.25, 0.40),
    (0.10, 0.25, 0.45),
    (0.15, 0.30, 0.35),
    (0.05, 0.30, 0.45),
)
GLOSS_CAPS = (96, 64, 48, 32)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", action="store_true", help="also report the dev set (not used to choose)")
    args = parser.parse_args(argv)
    concepts = load_concepts()
    regions = load_regions(DEFAULT_REGIONS)
    sets: list[Path] = [*INDEPENDENT_SETS, *([DEV_SET] if args.dev and DEV_SET.is_dir() else [])]

    def line(name: str, weights: Weights) -> None:
        cells = []
        for d in sets:
            r = report_dir(d, concepts, regions, weights)
            m = r.metrics
            cells.append(f"{d.name}: {m.ndcg5:.3f} / {m.recall5:.3f} / {m.mrr:.3f} / {r.cross_lingual_hit:.3f}")
        print(f"{name:<34} " + " | ".join(cells), flush=True)

    print("columns per set: nDCG@5 / recall@5 / MRR / cross-lingual hit@5")
    print("== (text, gloss, concept) weights ==")
    for text, gloss, concept in WEIGHT_GRID:
        line(
            f"text {text:.2f} gloss {gloss:.2f} concept {concept:.2f}",
            replace(DEFAULT_WEIGHTS, text=text, gloss=gloss, concept=concept),
        )
    print("== gloss stems kept per document (default weights) ==")
    for cap in GLOSS_CAPS:
        line(f"max_gloss_terms {cap}", replace(DEFAULT_WEIGHTS, max_gloss_terms=cap))


if __name__ == "__main__":
    main()
