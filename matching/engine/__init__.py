"""Pure-Python matching engine: scenarios <-> solutions over the bilingual capability vocabulary.

No Django and no project apps are imported here, only the pure ``vocabulary`` package (an import-linter
contract enforces it). Typical use::

    from matching.engine import MatchIndex, load_regions
    from vocabulary import load_concepts
    index = MatchIndex.fit(scenarios, solutions, load_concepts(), load_regions(csv_path), k=20)
    index.top_solutions("S001", 5)          # -> list[RankedItem]
    index.refresh_scenario(edited_doc)       # cheap single-document update, both directions
"""

from matching.engine.evaluation import Metrics, evaluate, ndcg_at_k, recall_at_k, reciprocal_rank
from matching.engine.loaders import (
    DataFormatError,
    load_jsonl,
    load_labels,
    load_regions,
    load_scenarios,
    load_solutions,
    scenario_from_dict,
    solution_from_dict,
)
from matching.engine.rank import MatchIndex
from matching.engine.types import RankedItem, Reason, RegionInfo, ScenarioDoc, SolutionDoc
from matching.engine.weights import DEFAULT_WEIGHTS, Weights

__all__ = [
    "DEFAULT_WEIGHTS",
    "DataFormatError",
    "MatchIndex",
    "Metrics",
    "RankedItem",
    "Reason",
    "RegionInfo",
    "ScenarioDoc",
    "SolutionDoc",
    "Weights",
    "evaluate",
    "load_jsonl",
    "load_labels",
    "load_regions",
    "load_scenarios",
    "load_solutions",
    "ndcg_at_k",
    "recall_at_k",
    "reciprocal_rank",
    "scenario_from_dict",
    "solution_from_dict",
]
