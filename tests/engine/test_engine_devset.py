"""Quality targets on the shared, labelled dev set (skipped where the shared folder is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.engine.cli import evaluate_dir
from matching.engine.loaders import load_regions

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEV = SHARED / "data" / "matching-dev"
REGIONS = SHARED / "data" / "jiangsu_regions.csv"

pytestmark = pytest.mark.skipif(not (DEV / "labels.jsonl").exists(), reason=f"labelled dev set not found at {DEV}")


@pytest.fixture(scope="module")
def dev_result(vocabulary):
    regions = load_regions(REGIONS) if REGIONS.exists() else []
    return evaluate_dir(DEV, vocabulary, regions)


def test_devset_ndcg_at_5_meets_target(dev_result):
    metrics, _ = dev_result
    assert metrics.n == 40
    assert metrics.ndcg5 >= 0.90


def test_devset_recall_at_5_meets_target(dev_result):
    metrics, _ = dev_result
    assert metrics.recall5 >= 0.85


def test_devset_beats_the_lexical_baseline_on_every_metric(dev_result):
    metrics, _ = dev_result
    assert (metrics.ndcg5, metrics.recall5, metrics.mrr) > (0.748, 0.664, 0.9631)
    assert metrics.mrr >= 0.9631


def test_devset_cross_lingual_targets_are_met(dev_result):
    _, failures = dev_result
    assert failures == []
