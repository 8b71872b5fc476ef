"""Command line front end: ``python -m matching.engine.cli {rank,evaluate} ...``.

The functions here (:func:`rank_dataset`, :func:`evaluate_dir`) are importable so that Django
management commands can wrap them without going through argv.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from matching.engine.evaluation import Metrics, cross_lingual_failures, evaluate
from matching.engine.loaders import (
    DataFormatError,
    load_labels,
    load_regions,
    load_scenarios,
    load_solutions,
)
from matching.engine.rank import MatchIndex
from matching.engine.types import RegionInfo, ScenarioDoc, SolutionDoc
from matching.engine.weights import DEFAULT_WEIGHTS, Weights
from vocabulary import DATA_FILE, Concept, VocabularyError, load_concepts

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VOCABULARY = DATA_FILE
# The Jiangsu divisions the site ships and loads into its Region table (a data file, read by path).
DEFAULT_REGIONS = REPO_ROOT / "directory" / "data" / "jiangsu_regions.csv"


def rank_dataset(
    scenarios: Sequence[ScenarioDoc],
    solutions: Sequence[SolutionDoc],
    concepts: Sequence[Concept],
    regions: Sequence[RegionInfo] = (),
    top: int = 10,
    weights: Weights = DEFAULT_WEIGHTS,
) -> MatchIndex:
    """Fit an index keeping the best ``top`` in both directions."""
    return MatchIndex.fit(scenarios, solutions, concepts, regions, weights=weights, k=max(1, top))


def rankings_of(index: MatchIndex, k: int) -> dict[str, list[str]]:
    return {sid: [item.id for item in index.top_solutions(sid, k, reasons=False)] for sid in index.scenario_ids}


def evaluate_dir(
    directory: str | Path,
    concepts: Sequence[Concept],
    regions: Sequence[RegionInfo] = (),
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[Metrics, list[str]]:
    """Metrics over a folder with ``scenarios.jsonl``, ``solutions.jsonl`` and ``labels.jsonl``, plus
    the list of unmet cross-lingual targets."""
    d = Path(directory)
    scenarios = load_scenarios(d / "scenarios.jsonl")
    solutions = load_solutions(d / "solutions.jsonl")
    labels = load_labels(d / "labels.jsonl")
    # Rank every solution so that MRR sees the first relevance-2 item wherever it is.
    depth = max(10, len(solutions))
    index = rank_dataset(scenarios, solutions, concepts, regions, top=depth, weights=weights)
    rankings = rankings_of(index, depth)
    metrics = evaluate(rankings, labels)
    failures = cross_lingual_failures(
        rankings,
        labels,
        {s.id: s.language for s in scenarios},
        {p.id: p.language for p in solutions},
    )
    return metrics, failures


def _regions_arg(path: str | None) -> list[RegionInfo]:
    if path:
        return load_regions(path)
    return load_regions(DEFAULT_REGIONS) if DEFAULT_REGIONS.exists() else []


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m matching.engine.cli", description=__doc__)
    parser.add_argument("--vocabulary", default=str(DEFAULT_VOCABULARY), help="capabilities.json path")
    parser.add_argument("--regions", default=None, help="regions CSV (default: directory/data/jiangsu_regions.csv)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_eval = sub.add_parser("evaluate", help="nDCG@5, recall@5, MRR over a labelled folder")
    p_eval.add_argument("directory")
    p_rank = sub.add_parser("rank", help="print one JSON line per scenario with its best solutions")
    p_rank.add_argument("--scenarios", required=True)
    p_rank.add_argument("--solutions", required=True)
    p_rank.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)

    try:
        concepts = load_concepts(args.vocabulary)
        regions = _regions_arg(args.regions)
        if args.command == "evaluate":
            metrics, failures = evaluate_dir(args.directory, concepts, regions)
            print(
                json.dumps(
                    {
                        "scenarios": metrics.n,
                        "ndcg@5": round(metrics.ndcg5, 4),
                        "recall@5": round(metrics.recall5, 4),
                        "mrr": round(metrics.mrr, 4),
                        "cross_lingual_failures": failures,
                    },
                    ensure_ascii=False,
                ),
                file=out,
            )
            return 0
        scenarios = load_scenarios(args.scenarios)
        solutions = load_solutions(args.solutions)
        index = rank_dataset(scenarios, solutions, concepts, regions, top=args.top)
        for sid in index.scenario_ids:
            ranking = [
                {"solution": item.id, "score": round(item.score, 4), "reasons": list(item.reasons)}
                for item in index.top_solutions(sid, args.top)
            ]
            print(json.dumps({"scenario": sid, "ranking": ranking}, ensure_ascii=False), file=out)
        return 0
    except (DataFormatError, VocabularyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
