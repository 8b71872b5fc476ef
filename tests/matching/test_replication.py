"""Replication push: counties of 苏北/苏中 first, those in a city paired with the firm's home city first among
them, then similarity; drafts and open scenarios only; county admins notified once."""

from __future__ import annotations

import pytest

from catalog.models import Scenario
from core.models import Notification
from matching import services
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

    assert [r.target_scenario_id for r in recommendations] == [
        setup["shuyang"].pk,
        setup["lianshui"].pk,
        setup["taixing"].pk,
        setup["kunshan"].pk,
    ]
    assert [r.priority for r in recommendations] == [0, 1, 1, 2]
    assert [r.position for r in recommendations] == [1, 2, 3, 4]
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
    assert recipients == ["kunshan_admin", "lianshui_admin", "shuyang_admin", "taixing_admin"]
    assert ReplicationRecommendation.objects.count() == 4
    shuyang_note = Notification.objects.get(user__username="shuyang_admin")
    assert setup["solution"].title in shuyang_note.title
    assert shuyang_note.url == f"/scenarios/{setup['shuyang'].pk}/"


def test_replication_never_targets_the_source_county_or_cancelled_scenarios(setup):
    recommendations = services.replication_push(solution=setup["solution"], source_scenario=setup["source"])

    counties = {r.county_id for r in recommendations}
    assert "320281" not in counties
    assert "320722" not in counties


def test_replication_of_an_unpublished_solution_does_nothing(setup):
    solution = setup["solution"]
    solution.status = "archived"
    solution.save()

    assert services.replication_push(solution=solution, source_scenario=setup["source"]) == []
    assert Notification.objects.count() == 0


def test_replication_priority_rule():
    partners = {"321300"}
    assert services.replication_priority(county=region("321322"), partner_cities=partners) == 0
    assert services.replication_priority(county=region("320826"), partner_cities=partners) == 1
    assert services.replication_priority(county=region("321283"), partner_cities=partners) == 1
    assert services.replication_priority(county=region("320583"), partner_cities=partners) == 2


def test_migration_seeds_the_four_programme_pairs():
    assert set(RegionPair.objects.values_list("south_city_id", "north_city_id")) >= {
        ("320100", "320800"),
        ("320200", "320700"),
        ("320400", "320900"),
        ("320500", "321300"),
    }
    assert services.paired_cities("320500") == {"321300"}
    assert services.paired_cities("321300") == {"320500"}
