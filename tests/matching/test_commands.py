"""rank_solutions / evaluate_matching: the site's engine, vocabulary and weights; nothing written; bad input."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from matching.engine import cli

pytestmark = pytest.mark.django_db

DEV = Path(settings.BASE_DIR).parent / "shared" / "data" / "matching-dev"
needs_dev_set = pytest.mark.skipif(not DEV.exists(), reason="the shared dev set is not available")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@needs_dev_set
def test_evaluate_matching_meets_the_quality_bar_and_writes_nothing():
    before = row_counts()

    figures = json.loads(run("evaluate_matching", str(DEV), "--json"))

    assert figures["scenarios"] == 40
    assert figures["ndcg@5"] >= 0.90
    assert figures["recall@5"] >= 0.85
    assert figures["cross_lingual_failures"] == []
    assert row_counts() == before


@needs_dev_set
def test_evaluate_matching_prints_the_three_metrics():
    lines = run("evaluate_matching", str(DEV)).splitlines()

    assert [line.split(":")[0] for line in lines] == [
        "set",
        "scenarios",
        "nDCG@5",
        "recall@5",
        "MRR",
        "cross-lingual hit@5",
        "by scenario language (nDCG@5 / recall@5)",
        "cross-lingual failures",
    ]


def test_evaluate_matching_reports_each_independent_set_with_intervals():
    figures = [json.loads(line) for line in run("evaluate_matching", "--json").splitlines()]

    by_set = {f["set"]: f for f in figures}
    assert {"set_a", "set_b"} <= set(by_set)
    for name in ("set_a", "set_b"):
        f = by_set[name]
        assert f["scenarios"] >= 16
        for metric in ("ndcg@5", "recall@5", "mrr", "cross_lingual_hit@5"):
            lo, hi = f[f"{metric}_ci95"]
            assert 0.0 <= lo <= f[metric] <= hi <= 1.0
        assert f["cross_lingual_scenarios"] == f["scenarios"]
    # Seeded: the same command prints the same intervals.
    assert [json.loads(line) for line in run("evaluate_matching", "--json").splitlines()] == figures


@needs_dev_set
def test_rank_solutions_equals_the_engine_cli_and_writes_nothing():
    before = row_counts()
    args = ["--scenarios", str(DEV / "scenarios.jsonl"), "--solutions", str(DEV / "solutions.jsonl"), "--top", "5"]

    ours = run("rank_solutions", *args)
    engine = StringIO()
    assert cli.main(["rank", *args], out=engine) == 0

    assert ours == engine.getvalue()
    assert row_counts() == before
    first = json.loads(ours.splitlines()[0])
    assert first["scenario"] == "S001"
    assert len(first["ranking"]) == 5
    scores = [r["score"] for r in first["ranking"]]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(r["reasons"], list) and r["reasons"] for r in first["ranking"][:1])


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_line_names_file_and_line(tmp_path):
    scenarios = write(tmp_path / "s.jsonl", ['{"id": "A", "title": "远程影像诊断"}', "", '{"id": "B", "title": '])
    solutions = write(tmp_path / "p.jsonl", ['{"id": "P", "title": "teleradiology"}'])

    with pytest.raises(CommandError) as info:
        run("rank_solutions", "--scenarios", str(scenarios), "--solutions", str(solutions))

    assert f"{scenarios}:3" in str(info.value)


def test_evaluate_malformed_labels_names_the_line(tmp_path):
    write(tmp_path / "scenarios.jsonl", ['{"id": "A", "title": "远程影像诊断"}'])
    write(tmp_path / "solutions.jsonl", ['{"id": "P", "title": "teleradiology"}'])
    write(tmp_path / "labels.jsonl", ['{"scenario_id": "A", "solution_id": "P", "relevance": 2}', "[1, 2]"])

    with pytest.raises(CommandError) as info:
        run("evaluate_matching", str(tmp_path))

    assert f"{tmp_path / 'labels.jsonl'}:2" in str(info.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("rank_solutions", "--scenarios", str(tmp_path / "nope.jsonl"), "--solutions", str(tmp_path / "nope.jsonl"))


def test_bad_input_ranks_without_crashing(tmp_path):
    scenarios = write(
        tmp_path / "s.jsonl",
        [
            json.dumps({"id": "empty", "title": ""}),
            json.dumps({"id": "one", "title": "公交"}),
            json.dumps({"id": "emoji", "title": "🚌🚌 遠程影像診斷 ＴＥＬＥＲＡＤＩＯＬＯＧＹ"}),
            json.dumps({"id": "huge", "title": "远程影像诊断", "description": "影像" * 50_000, "budget_max_cny": 0}),
        ],
    )
    solutions = write(
        tmp_path / "p.jsonl",
        [
            json.dumps({"id": "tele", "title": "Teleradiology", "language": "en", "price_min_cny": None}),
            json.dumps({"id": "bare", "title": "平台"}),
        ],
    )

    lines = [
        json.loads(x)
        for x in run(
            "rank_solutions", "--scenarios", str(scenarios), "--solutions", str(solutions), "--top", "2"
        ).splitlines()
    ]

    assert [line["scenario"] for line in lines] == ["empty", "one", "emoji", "huge"]
    for line in lines:
        assert all(0.0 <= r["score"] <= 1.0 for r in line["ranking"])
    emoji = next(line for line in lines if line["scenario"] == "emoji")
    assert emoji["ranking"][0]["solution"] == "tele"


def test_top_must_be_positive(tmp_path):
    path = write(tmp_path / "x.jsonl", ['{"id": "A", "title": "x"}'])
    with pytest.raises(CommandError):
        run("rank_solutions", "--scenarios", str(path), "--solutions", str(path), "--top", "0")


def test_refresh_suggestions_command_reports_counts(radiology, teleradiology):
    assert run("refresh_suggestions").strip() == "suggestions: 1 created, 0 updated, 0 deleted"
    assert run("refresh_suggestions").strip() == "suggestions: 0 created, 0 updated, 0 deleted"
