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

from matching.engine.evaluation import Metrics, SetReport, report
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
# The independent test sets shipped with the project (matching/data/eval/README.md). The dev set is not read
# by default: pass its folder explicitly.
EVAL_DIR = REPO_ROOT / "matching" / "data" / "eval"
INDEPENDENT_SETS = (EVAL_DIR / "set_a", EVAL_DIR / "set_b")


def default_sets() -> list[Path]:
    """The independent sets shipped with the project."""
    return list(INDEPENDENT_SETS)


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


def report_dir(
    directory: str | Path,
    concepts: Sequence[Concept],
    regions: Sequence[RegionInfo] = (),
    weights: Weights = DEFAULT_WEIGHTS,
    seed: int = 0,
) -> SetReport:
    """The full report (metrics, bootstrap intervals, cross-lingual hit rate) of a folder with
    ``scenarios.jsonl``, ``solutions.jsonl`` and ``labels.jsonl``."""
    d = Path(directory)
    scenarios = load_scenarios(d / "scenarios.jsonl")
    solutions = load_solutions(d / "solutions.jsonl")
    labels = load_labels(d / "labels.jsonl")
    # Rank every solution so that MRR sees the first relevance-2 item wherever it is.
    depth = max(10, len(solutions))
    index = rank_dataset(scenarios, solutions, concepts, regions, top=depth, weights=weights)
    rankings = rankings_of(index, depth)
    return report(
        rankings,
        labels,
        {s.id: s.language for s in scenarios},
        {p.id: p.language for p in solutions},
        seed=seed,
    )


def evaluate_dir(
    directory: str | Path,
    concepts: Sequence[Concept],
    regions: Sequence[RegionInfo] = (),
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[Metrics, list[str]]:
    """Metrics over a labelled folder, plus the list of unmet cross-lingual targets."""
    rep = report_dir(directory, concepts, regions, weights)
    return rep.metrics, rep.cross_lingual_failures


def _ci(pair: tuple[float, float]) -> list[float]:
    return [round(pair[0], 4), round(pair[1], 4)]


def report_figures(name: str, rep: SetReport) -> dict[str, object]:
    """One set's report as a JSON-ready dict (the engine CLI and ``manage.py evaluate_matching``)."""
    m = rep.metrics
    return {
        "set": name,
        "scenarios": m.n,
        "ndcg@5": round(m.ndcg5, 4),
        "ndcg@5_ci95": _ci(rep.ndcg5_ci),
        "recall@5": round(m.recall5, 4),
        "recall@5_ci95": _ci(rep.recall5_ci),
        "mrr": round(m.mrr, 4),
        "mrr_ci95": _ci(rep.mrr_ci),
        "cross_lingual_hit@5": round(rep.cross_lingual_hit, 4),
        "cross_lingual_hit@5_ci95": _ci(rep.cross_lingual_hit_ci),
        "cross_lingual_scenarios": rep.cross_lingual_eligible,
        "by_language": {
            lang: {"scenarios": b.n, "ndcg@5": round(b.ndcg5, 4), "recall@5": round(b.recall5, 4)}
            for lang, b in rep.by_language.items()
        },
        "cross_lingual_failures": rep.cross_lingual_failures,
    }


def report_lines(name: str, rep: SetReport) -> list[str]:
    """One set's report as readable lines."""
    m = rep.metrics

    def ci(pair: tuple[float, float]) -> str:
        return f"(95% CI {pair[0]:.3f}-{pair[1]:.3f})"

    hits = round(rep.cross_lingual_hit * rep.cross_lingual_eligible)
    langs = ", ".join(f"{lang or '?'} {b.n}: {b.ndcg5:.3f} / {b.recall5:.3f}" for lang, b in rep.by_language.items())
    failures = rep.cross_lingual_failures
    return [
        f"set: {name}",
        f"scenarios: {m.n}",
        f"nDCG@5: {m.ndcg5:.4f} {ci(rep.ndcg5_ci)}",
        f"recall@5: {m.recall5:.4f} {ci(rep.recall5_ci)}",
        f"MRR: {m.mrr:.4f} {ci(rep.mrr_ci)}",
        f"cross-lingual hit@5: {rep.cross_lingual_hit:.4f} ({hits} of {rep.cross_lingual_eligible}) "
        f"{ci(rep.cross_lingual_hit_ci)}",
        f"by scenario language (nDCG@5 / recall@5): {langs}",
        f"cross-lingual failures: {len(failures)}" + (f" ({', '.join(failures)})" if failures else ""),
    ]


def _regions_arg(path: str | None) -> list[RegionInfo]:
    if path:
        return load_regions(path)
    return load_regions(DEFAULT_REGIONS) if DEFAULT_REGIONS.exists() else []


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m matching.engine.cli", description=__doc__)
    parser.add_argument("--vocabulary", default=str(DEFAULT_VOCABULARY), help="capabilities.json path")
    parser.add_argument("--regions", default=None, help="regions CSV (default: directory/data/jiangsu_regions.csv)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_eval = sub.add_parser(
        "evaluate", help="nDCG@5, recall@5, MRR, cross-lingual hit@5 with bootstrap intervals, per labelled folder"
    )
    p_eval.add_argument("directories", nargs="*", help="labelled folders (default: the independent sets)")
    p_rank = sub.add_parser("rank", help="print one JSON line per scenario with its best solutions")
    p_rank.add_argument("--scenarios", required=True)
    p_rank.add_argument("--solutions", required=True)
    p_rank.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)

    try:
        concepts = load_concepts(args.vocabulary)
        regions = _regions_arg(args.regions)
        if args.command == "evaluate":
            for directory in args.directories or default_sets():
                rep = report_dir(directory, concepts, regions)
                print(json.dumps(report_figures(Path(directory).name, rep), ensure_ascii=False), file=out)
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
