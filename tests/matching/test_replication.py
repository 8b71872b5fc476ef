"""Replication push: counties of 苏北/苏中 first, those paired with the firm's home city or county first among
them, then the gap monitor's lag, then similarity; fitting drafts and open scenarios, and every other county with
a county office (a silent county) with the proven case to adopt; county offices notified once."""

from __future__ import annotations

import pytest

from catalog.models import Scenario
from core.models import Notification
from matching import hooks, services
from matching.models import RegionPair, ReplicationRecommendation
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, region
from tests.matching.conftest import radiology_scenario, teleradiology_solution

pytestmark = pytest.mark.django_db

WEAKER = "乡镇卫生院希望提升基层医疗服务能力，县医院专家指导，部分检查影像需要上级医院帮助。"


def office(code: str, admin: str):
    organization = OrganizationFactory(region=region(code), name_zh=f"{code}数据局")
    MembershipFactory(user=UserFactory(username=admin), organization=organization, role="admin")
    return organization


@pytest.fixture
def setup(firm):
    """Firm in Suzhou (320505 → city 320500, paired with Suqian 321300)."""
    source = radiology_scenario(office("320281", "jiangyin_admin"), status=Scenario.Status.OPEN)  # 江阴, south
    kunshan = radiology_scenario(office("320583", "kunshan_admin"), status=Scenario.Status.OPEN)  # south
    taixing = radiology_scenario(
        office("321283", "taixing_admin"), status=Scenario.Status.OPEN, problem_statement=WEAKER, tags=[], summary=""
    )  # 泰兴, centre, weaker text
    lianshui = radiology_scenario(office("320826", "lianshui_admin"), status=Scenario.Status.OPEN)  # 涟水 (淮安), north
    shuyang = radiology_scenario(office("321322", "shuyang_admin"))  # 沭阳 (宿迁), north, a draft
    cancelled = radiology_scenario(office("320722", "donghai_admin"), status=Scenario.Status.OPEN)
    Scenario.objects.filter(pk=cancelled.pk).update(status=Scenario.Status.CANCELLED)
    solution = teleradiology_solution(firm)
    return {
        "source": source,
        "kunshan": kunshan,
        "taixing": taixing,
        "lianshui": lianshui,
        "shuyang": shuyang,
        "solution": solution,
    }


def test_replication_order_paired_lagging_then_lagging_by_score_then_south(setup):
    recommendations = services.replication_push(solution=setup["solution"], source_scenario=setup["source"])

    assert [(r.county_id, r.target_scenario_id) for r in recommendations] == [
        ("321322", setup["shuyang"].pk),
        ("320826", setup["lianshui"].pk),
        ("321283", setup["taixing"].pk),
        ("320722", None),  # 东海: its only scenario was cancelled — a silent county, after the fitting scenarios
        ("320583", setup["kunshan"].pk),
    ]
    assert [r.priority for r in recommendations] == [0, 1, 1, 1, 2]
    assert [r.position for r in recommendations] == [1, 2, 3, 4, 5]
    assert recommendations[1].score > recommendations[2].score
    assert recommendations[0].reasons


def test_replication_without_the_pair_treats_suqian_like_any_northern_county(setup):
    RegionPair.objects.filter(south_city_id="320500", north_city_id="321300").update(active=False)

    recommendations = services.replication_push(solution=setup["solution"], source_scenario=setup["source"])

    by_target = {r.target_scenario_id: r.priority for r in recommendations}
    assert by_target[setup["shuyang"].pk] == 1
    # Equal scores (same text, same budget): ties by scenario id.
    assert [r.target_scenario_id for r in recommendations][:2] == sorted([setup["shuyang"].pk, setup["lianshui"].pk])


def test_replication_notifies_each_county_admin_once_and_is_idempotent(setup):
    services.replication_push(solution=setup["solution"], source_scenario=setup["source"])
    services.replication_push(solution=setup["solution"], source_scenario=setup["source"])

    recipients = sorted(
        Notification.objects.filter(kind="matching_replication").values_list("user__username", flat=True)
    )
    assert recipients == ["donghai_admin", "kunshan_admin", "lianshui_admin", "shuyang_admin", "taixing_admin"]
    assert ReplicationRecommendation.objects.count() == 5
    shuyang_note = Notification.objects.get(user__username="shuyang_admin")
    assert setup["solution"].title in shuyang_note.title
    assert shuyang_note.url == f"/scenarios/{setup['shuyang'].pk}/"


def test_replication_never_targets_the_source_county_or_cancelled_scenarios(setup):
    recommendations = services.replication_push(solution=setup["solution"], source_scenario=setup["source"])

    assert "320281" not in {r.county_id for r in recommendations}
    # 东海's only scenario is cancelled: the county is reached as a silent county, never through that scenario.
    assert [r.target_scenario_id for r in recommendations if r.county_id == "320722"] == [None]


def test_replication_of_an_unpublished_solution_does_nothing(setup):
    solution = setup["solution"]
    solution.status = "archived"
    solution.save()

    assert services.replication_push(solution=solution, source_scenario=setup["source"]) == []
    assert Notification.objects.count() == 0


def test_replication_priority_rule():
    partners = {"321300", "320321"}  # a city (宿迁) and a county (丰县)
    assert services.replication_priority(county=region("321322"), partners=partners) == 0
    assert services.replication_priority(county=region("320321"), partners=partners) == 0
    assert services.replication_priority(county=region("320322"), partners=partners) == 1  # 沛县, 丰县's neighbour
    assert services.replication_priority(county=region("320826"), partners=partners) == 1
    assert services.replication_priority(county=region("321283"), partners=partners) == 1
    assert services.replication_priority(county=region("320583"), partners=partners) == 2
    # A 苏南 county the gap monitor reads as behind the province's median is lagging too.
    assert services.replication_priority(county=region("320583"), partners=partners, lag={"320583": 0.4}) == 1
    assert services.replication_priority(county=region("320583"), partners=partners, lag={"320583": -0.1}) == 2


def test_migrations_load_the_programme_with_its_sources():
    pairs = {(p.south_city_id, p.north_city_id): p for p in RegionPair.objects.all()}
    assert set(pairs) >= {
        ("320100", "320800"),
        ("320200", "320700"),
        ("320400", "320900"),
        ("320500", "321300"),
        ("320200", "320300"),  # 无锡–徐州 (无锡徐州工业园区)
        ("320281", "321282"),  # 江阴–靖江, a county pair reaching 泰州
        ("320500", "320600"),  # 苏州–南通
    }
    assert all(p.source for p in pairs.values())
    assert "jfdaily.com.cn" in pairs[("320500", "321300")].source
    assert services.paired_regions(region("320505")) == {"321300", "320600"}  # a firm in 苏州's 虎丘区
    assert services.paired_regions(region("321300")) == {"320500"}
    assert services.paired_regions(region("320281")) == {"320324", "321282", "320700", "320300", "320600"}


# ---------------------------------------------------------------- silent counties


@pytest.fixture
def wuxi_push(firm):
    """A firm in 无锡 (梁溪区) whose solution was accepted in 江阴 (a replicable scenario); 丰县 (徐州, paired with 无锡
    through 无锡徐州工业园区) has a county office and no scenario at all; so has 吴中区 (苏南)."""
    firm.region = region("320213")
    firm.save()
    source = radiology_scenario(office("320281", "jiangyin_admin"), status=Scenario.Status.OPEN, replicable=True)
    fengxian = office("320321", "fengxian_admin")
    MembershipFactory(user=UserFactory(username="fengxian_editor"), organization=fengxian, role="editor")
    MembershipFactory(user=UserFactory(username="fengxian_viewer"), organization=fengxian, role="viewer")
    office("320506", "wuzhong_admin")
    lianshui = radiology_scenario(office("320826", "lianshui_admin"), status=Scenario.Status.OPEN)
    return {"source": source, "solution": teleradiology_solution(firm), "lianshui": lianshui}


def test_a_silent_paired_county_comes_first_with_the_case_to_adopt(wuxi_push):
    recommendations = services.replication_push(solution=wuxi_push["solution"], source_scenario=wuxi_push["source"])

    assert [(r.county_id, r.target_scenario_id, r.priority) for r in recommendations] == [
        ("320321", None, 0),  # 丰县: silent, but paired with the firm's city
        ("320826", wuxi_push["lianshui"].pk, 1),  # 涟水: a fitting scenario, 苏北, not paired with 无锡
        ("320506", None, 2),  # 吴中: silent, 苏南
    ]
    notes = Notification.objects.filter(kind="matching_replication", user__username__startswith="fengxian")
    # The county office's admins and editors (who may adopt), not its viewers.
    assert sorted(n.user.username for n in notes) == ["fengxian_admin", "fengxian_editor"]
    assert {n.url for n in notes} == {f"/scenarios/{wuxi_push['source'].pk}/"}  # its page offers *Adopt*
    assert all(wuxi_push["source"].title in n.title for n in notes)


def test_a_silent_county_is_reached_once_and_not_after_adopting(wuxi_push):
    services.replication_push(solution=wuxi_push["solution"], source_scenario=wuxi_push["source"])
    services.replication_push(solution=wuxi_push["solution"], source_scenario=wuxi_push["source"])
    assert Notification.objects.filter(user__username="fengxian_admin").count() == 1
    assert ReplicationRecommendation.objects.filter(county_id="320321").count() == 1

    radiology_scenario(
        office("320321", "fengxian_second_admin"), replicated_from=wuxi_push["source"]
    )  # 丰县 adopted the case (a draft copy)
    ReplicationRecommendation.objects.all().delete()
    recommendations = services.replication_push(solution=wuxi_push["solution"], source_scenario=wuxi_push["source"])
    assert "320321" not in {r.county_id for r in recommendations if r.target_scenario_id is None}


def test_a_source_that_is_not_replicable_points_silent_counties_to_the_solution(wuxi_push):
    Scenario.objects.filter(pk=wuxi_push["source"].pk).update(replicable=False)
    wuxi_push["source"].refresh_from_db()
    services.replication_push(solution=wuxi_push["solution"], source_scenario=wuxi_push["source"])
    note = Notification.objects.get(user__username="fengxian_admin")
    assert note.url == f"/solutions/{wuxi_push['solution'].pk}/"


def test_silent_counties_are_ranked_by_the_gap_monitor_within_their_class(wuxi_push, monkeypatch):
    office("320322", "peixian_admin")  # 沛县 (徐州): paired too
    office("320724", "guanyun_admin")  # 灌南 (连云港, paired with 无锡 in the 2022 round)
    monkeypatch.setattr(hooks, "county_lag_providers", [lambda: {"320322": 0.9, "320321": 0.2, "320724": 0.5}])

    recommendations = services.replication_push(solution=wuxi_push["solution"], source_scenario=wuxi_push["source"])

    assert [r.county_id for r in recommendations if r.priority == 0] == ["320322", "320724", "320321"]
