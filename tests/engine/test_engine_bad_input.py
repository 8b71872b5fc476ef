from __future__ import annotations

import json

import pytest

from matching.engine import DataFormatError, MatchIndex, ScenarioDoc, SolutionDoc, load_jsonl, load_scenarios
from matching.engine.loaders import load_labels, scenario_from_dict

TELERAD = SolutionDoc(
    id="P1", title="Teleradiology reading", description="Remote reading of CT studies.", language="en"
)
PARKING = SolutionDoc(id="P2", title="智慧停车", description="路内泊位与停车诱导。", domains=("transport",))


@pytest.mark.parametrize(
    "scenario",
    [
        ScenarioDoc(id="S1", title=""),
        ScenarioDoc(id="S1", title="停车"),
        ScenarioDoc(id="S1", title="🚑🚑🚑", description="💡✨"),
        ScenarioDoc(id="S1", title="   ", tags=("", "  ")),
        ScenarioDoc(id="S1", title="x", budget_max=0, budget_min=0),
    ],
)
def test_degenerate_scenarios_score_within_bounds(vocabulary, scenario):
    index = MatchIndex.fit([scenario], [TELERAD, PARKING], vocabulary, k=2)
    top = index.top_solutions("S1")
    assert len(top) == 2
    assert all(0.0 <= item.score <= 1.0 for item in top)


def test_traditional_and_full_width_scenario_matches_like_simplified(vocabulary):
    trad = ScenarioDoc(id="S1", title="遠程影像診斷中心", description="ＰＡＣＳ影像雲，遠程閱片")
    simp = ScenarioDoc(id="S2", title="远程影像诊断中心", description="PACS影像云，远程阅片")
    index = MatchIndex.fit([trad, simp], [TELERAD, PARKING], vocabulary, k=2)
    assert index.score("S1", "P1") == pytest.approx(index.score("S2", "P1"), abs=1e-6)
    assert index.top_solutions("S1")[0].id == "P1"


def test_solution_without_any_capability_still_gets_a_score(vocabulary):
    blank = SolutionDoc(id="P3", title="Quantum widget", description="Lorem ipsum dolor sit amet.")
    index = MatchIndex.fit([ScenarioDoc(id="S1", title="智慧停车")], [PARKING, blank], vocabulary, k=2)
    assert [item.id for item in index.top_solutions("S1")] == ["P2", "P3"]
    assert 0.0 <= index.score("S1", "P3") < index.score("S1", "P2")


def test_huge_descriptions_are_handled(vocabulary):
    big = "县域远程影像诊断，乡镇卫生院上传影像。" * 6000  # about 100 KB of text
    scenario = ScenarioDoc(id="S1", title="远程影像", description=big)
    solution = SolutionDoc(id="P1", title="Teleradiology", description="teleradiology " * 8000, language="en")
    index = MatchIndex.fit([scenario], [solution, PARKING], vocabulary, k=2)
    assert index.top_solutions("S1")[0].id == "P1"
    assert len(index._s_vec[0].indices) <= index.weights.max_text_terms + len(vocabulary) + 10


def test_unknown_maturity_domains_and_counties_are_tolerated(vocabulary, regions):
    odd = SolutionDoc(id="P1", title="远程阅片", maturity="legendary", domains=("space",), deployed_in=("999999", ""))
    scenario = ScenarioDoc(id="S1", title="远程影像诊断", domains=("health",), county_code="000000")
    index = MatchIndex.fit([scenario], [odd], vocabulary, regions, k=1)
    assert 0.0 < index.score("S1", "P1") <= 1.0


def test_load_jsonl_reports_the_malformed_line_number(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "S1"}\n\n{"id": "S2",\n', encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"s\.jsonl:3: invalid JSON") as info:
        load_jsonl(path)
    assert info.value.line == 3
    assert isinstance(info.value, ValueError)


def test_load_jsonl_rejects_non_objects_with_line_number(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "S1"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(DataFormatError, match=r":2: expected a JSON object, got list"):
        load_jsonl(path)


def test_load_scenarios_reports_bad_field_types_with_line_number(tmp_path):
    path = tmp_path / "s.jsonl"
    rows = [{"id": "S1", "title": "a"}, {"id": "S2", "title": "b", "budget_max_cny": "lots"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with pytest.raises(DataFormatError, match=r":2: field 'budget_max_cny' must be a number"):
        load_scenarios(path)


def test_scenario_without_id_is_rejected():
    with pytest.raises(DataFormatError, match="missing field 'id'"):
        scenario_from_dict({"title": "x"})


def test_load_labels_reports_bad_records(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"scenario_id": "S1", "solution_id": "P1", "relevance": 2}\n{"scenario_id": "S1"}\n')
    with pytest.raises(DataFormatError, match=r":2: bad label record"):
        load_labels(path)
