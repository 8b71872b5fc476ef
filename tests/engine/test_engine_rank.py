from __future__ import annotations

import pytest

from matching.engine import MatchIndex, ScenarioDoc, SolutionDoc, Weights


def _scenario(id_="S1", **kw):
    base = {
        "id": id_,
        "title": "县域远程影像诊断中心",
        "description": "县医院牵头，乡镇卫生院拍片上传，县级专家远程阅片并出具报告。",
        "tags": ("远程影像",),
        "language": "zh",
        "domains": ("health",),
        "budget_max": 1_000_000,
        "county_code": "320102",
    }
    base.update(kw)
    return ScenarioDoc(**base)


def _solution(id_, title, description="", **kw):
    base = {"id": id_, "title": title, "description": description, "language": "en", "domains": ("health",)}
    base.update(kw)
    return SolutionDoc(**base)


def test_rank_chinese_scenario_finds_english_teleradiology_solution(vocabulary):
    solutions = [
        _solution("P1", "Teleradiology reading service", "Remote reading of CT and X-ray studies by radiologists."),
        _solution(
            "P2",
            "Smart parking guidance",
            "Kerbside sensors and parking guidance signs.",
            domains=("transport",),
        ),
        _solution("P3", "Hospital canteen ordering app", "Meal ordering for inpatients."),
    ]
    index = MatchIndex.fit([_scenario()], solutions, vocabulary, k=3)
    top = index.top_solutions("S1")
    assert top[0].id == "P1"
    assert top[0].reasons[0]["code"] == "concepts"
    assert "远程影像诊断" in [item["zh"] for item in top[0].reasons[0]["items"]]


def test_rank_english_scenario_finds_chinese_solution(vocabulary):
    scenario = _scenario(
        title="Remote co-teaching for rural schools",
        description="Village schools lack music and art teachers; town schools should share lessons live.",
        tags=("remote co-teaching",),
        language="en",
        domains=("education",),
    )
    solutions = [
        _solution(
            "P1",
            "乡村教学点专递课堂服务",
            "城区学校教师通过专递课堂为教学点同步授课。",
            language="zh",
            domains=("education",),
        ),
        _solution("P2", "校园一卡通系统", "学生消费与门禁考勤。", language="zh", domains=("education",)),
    ]
    index = MatchIndex.fit([scenario], solutions, vocabulary, k=2)
    top = index.top_solutions("S1")
    assert top[0].id == "P1"
    assert top[0].reasons[0]["code"] == "concepts"


def test_rank_over_budget_solution_ranks_below_fitting_twin(vocabulary):
    twin = {"description": "影像云平台，支持远程阅片和云胶片。", "language": "zh", "maturity": "deployed"}
    solutions = [
        _solution("P1", "区域影像云", price_min=5_000_000, **twin),
        _solution("P2", "区域影像云", price_min=400_000, **twin),
    ]
    index = MatchIndex.fit([_scenario()], solutions, vocabulary, k=2)
    top = index.top_solutions("S1")
    assert [item.id for item in top] == ["P2", "P1"]
    assert top[0].score > top[1].score
    assert {"code": "budget_within"} in top[0].reasons
    assert [r["ratio"] for r in top[1].reasons if r["code"] == "budget_above"] == [5.0]


def test_rank_budget_factor_is_bounded_by_the_configured_penalty(vocabulary):
    twin = {"description": "影像云平台，支持远程阅片。", "language": "zh"}
    solutions = [
        _solution("P1", "影像云", price_min=10**9, **twin),
        _solution("P2", "影像云", price_min=1, **twin),
    ]
    weights = Weights(budget_penalty=0.3)
    index = MatchIndex.fit([_scenario()], solutions, vocabulary, weights=weights, k=2)
    over, fitting = index.score("S1", "P1"), index.score("S1", "P2")
    assert over == pytest.approx(fitting * 0.7, rel=1e-5)


def test_rank_missing_budget_or_price_applies_no_penalty(vocabulary):
    twin = {"description": "影像云平台，支持远程阅片。", "language": "zh"}
    solutions = [
        _solution("P1", "影像云", price_min=None, **twin),
        _solution("P2", "影像云", price_min=0, **twin),
    ]
    index = MatchIndex.fit([_scenario(budget_max=None)], solutions, vocabulary, k=2)
    assert index.score("S1", "P1") == index.score("S1", "P2")
    assert not any("预算" in r for r in index.explain("S1", "P1"))


def test_rank_reasons_count_deployments_in_similar_counties(vocabulary, regions):
    solution = _solution(
        "P1",
        "Teleradiology reading",
        "Remote reading service.",
        deployed_in=("320104", "320281", "320826"),  # same city, same zone, other zone
        price_min=300_000,
    )
    index = MatchIndex.fit([_scenario(), _scenario("S2", language="en")], [solution], vocabulary, regions, k=1)
    for reasons in (index.explain("S1", "P1"), index.explain("S2", "P1")):
        assert {"code": "deployed_similar", "count": 2} in reasons
        assert {"code": "budget_within"} in reasons


def test_rank_track_record_prefers_deployments_near_the_scenario(vocabulary, regions):
    twin = {"description": "Teleradiology and remote reading.", "maturity": "deployed"}
    near = _solution("P1", "Teleradiology", deployed_in=("320104",), **twin)
    far = _solution("P2", "Teleradiology", deployed_in=("320826",), **twin)
    index = MatchIndex.fit([_scenario()], [near, far], vocabulary, regions, k=2)
    assert index.score("S1", "P1") > index.score("S1", "P2")


def test_rank_ties_are_broken_by_ascending_id(vocabulary):
    same = {"description": "影像云平台。", "language": "zh"}
    solutions = [_solution(pid, "影像云", **same) for pid in ("P3", "P1", "P2")]
    index = MatchIndex.fit([_scenario()], solutions, vocabulary, k=3)
    top = index.top_solutions("S1")
    assert [item.id for item in top] == ["P1", "P2", "P3"]
    assert top[0].score == top[1].score == top[2].score


def test_rank_top_scenarios_lists_the_other_direction(vocabulary):
    scenarios = [
        _scenario("S1"),
        _scenario("S2", title="主城区智慧停车", description="路内泊位无感支付与停车诱导。", domains=("transport",)),
    ]
    solutions = [
        _solution("P1", "Smart parking guidance", "Parking guidance and kerbside sensors.", domains=("transport",))
    ]
    index = MatchIndex.fit(scenarios, solutions, vocabulary, k=2)
    assert [item.id for item in index.top_scenarios("P1")] == ["S2", "S1"]


def test_rank_rejects_component_weights_that_do_not_sum_to_one():
    with pytest.raises(ValueError, match="sum to 1"):
        Weights(text=0.5, concept=0.5, domain=0.1)


def test_rank_empty_collections_give_empty_lists(vocabulary):
    index = MatchIndex.fit([_scenario()], [], vocabulary, k=3)
    assert index.top_solutions("S1") == []
    index = MatchIndex.fit([], [_solution("P1", "x")], vocabulary, k=3)
    assert index.top_scenarios("P1") == []


def test_rank_single_document_score_vectors_agree_with_pair_scores(vocabulary, regions):
    scenarios = [_scenario("S1"), _scenario("S2", title="智慧停车", description="路内泊位。", language="en")]
    solutions = [
        _solution("P1", "Teleradiology", "Remote reading.", price_min=5_000_000, deployed_in=("320104",)),
        _solution("P2", "停车诱导", "停车诱导屏。", language="zh", domains=("transport",)),
    ]
    index = MatchIndex.fit(scenarios, solutions, vocabulary, regions, k=2)
    for i, s in enumerate(scenarios):
        for j, p in enumerate(solutions):
            pair = index.score(s.id, p.id)
            assert index.scores_for_scenario(s.id)[j] == pytest.approx(pair, abs=1e-6)
            assert index.scores_for_solution(p.id)[i] == pytest.approx(pair, abs=1e-6)
    assert {"code": "budget_above", "ratio": 5.0} in index.explain("S2", "P1")


@pytest.mark.parametrize(
    ("price_min", "price_max", "expected"),
    [
        (300_000, 800_000, {"code": "budget_within"}),
        (300_000, 2_000_000, {"code": "budget_partly_above"}),
        (1_500_000, 2_000_000, {"code": "budget_above", "ratio": 1.5}),
    ],
)
def test_rank_budget_fit_is_stated_truthfully(vocabulary, price_min, price_max, expected):
    solution = _solution(
        "P1", "Teleradiology reading", "Remote reading service.", price_min=price_min, price_max=price_max
    )
    index = MatchIndex.fit([_scenario(), _scenario("S2", language="en")], [solution], vocabulary, k=1)
    for reasons in (index.explain("S1", "P1"), index.explain("S2", "P1")):
        assert expected in reasons
        if price_max > 1_000_000:
            assert {"code": "budget_within"} not in reasons
