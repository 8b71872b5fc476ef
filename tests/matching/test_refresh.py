"""Suggestions are refreshed through the catalog hooks when either side is published, edited, archived or
cancelled; only public rows are ever stored."""

from __future__ import annotations

import pytest

from catalog import services as catalog_services
from catalog.models import Scenario, Solution
from matching import services, tasks
from matching.models import Suggestion
from tests.factories import region
from tests.matching.conftest import farm_solution, radiology_scenario, teleradiology_solution

pytestmark = pytest.mark.django_db


def pairs():
    return set(Suggestion.objects.values_list("scenario_id", "solution_id"))


def test_refresh_all_pairs_chinese_scenario_with_english_solution(radiology, teleradiology, imaging_cloud, farm_iot):
    result = services.refresh_all()

    ranked = list(
        Suggestion.objects.filter(scenario=radiology, rank_for_scenario__isnull=False).order_by("rank_for_scenario")
    )
    assert {s.solution_id for s in ranked} == {teleradiology.pk, imaging_cloud.pk}
    assert result.created == 2
    english = next(s for s in ranked if s.solution_id == teleradiology.pk)
    assert english.rank_for_solution == 1
    assert 0.2 <= english.score <= 1
    assert "远程影像诊断" in [item["zh"] for item in english.reasons[0]["items"]]
    assert {"code": "budget_within"} in english.reasons


def test_refresh_all_is_idempotent(radiology, teleradiology, imaging_cloud):
    services.refresh_all()
    before = list(Suggestion.objects.order_by("pk").values_list("pk", "score", "computed_at"))

    again = services.refresh_all()

    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert list(Suggestion.objects.order_by("pk").values_list("pk", "score", "computed_at")) == before


def test_publish_scenario_refreshes_through_the_hook(county, alice, teleradiology, django_capture_on_commit_callbacks):
    draft = radiology_scenario(county)
    services.refresh_all()
    assert pairs() == set()

    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.scenario_publish(scenario=draft, actor=alice)

    assert pairs() == {(draft.pk, teleradiology.pk)}


def test_edit_scenario_moves_its_suggestions(
    radiology, alice, teleradiology, farm_iot, django_capture_on_commit_callbacks
):
    services.refresh_all()
    assert pairs() == {(radiology.pk, teleradiology.pk)}

    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.scenario_update(
            scenario=radiology,
            actor=alice,
            title="智慧大棚环境监测与水肥一体化",
            problem_statement="蔬菜大棚需要温湿度、土壤墒情监测，自动控制通风和滴灌。",
            summary="智慧农业",
            tags=["智慧农业", "水肥一体化"],
            capabilities=[],
            domain=farm_iot.domains.get(),
        )

    assert pairs() == {(radiology.pk, farm_iot.pk)}


def test_cancel_scenario_removes_its_suggestions(radiology, alice, teleradiology, django_capture_on_commit_callbacks):
    services.refresh_all()
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.scenario_cancel(scenario=radiology, actor=alice, reason="合并到市级项目")

    assert pairs() == set()


def test_archive_solution_removes_its_suggestions(
    radiology, dave, teleradiology, imaging_cloud, django_capture_on_commit_callbacks
):
    services.refresh_all()
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.solution_archive(solution=teleradiology, actor=dave)

    assert pairs() == {(radiology.pk, imaging_cloud.pk)}


def test_publish_solution_adds_it_and_edit_updates_reasons(radiology, firm, dave, django_capture_on_commit_callbacks):
    draft = teleradiology_solution(firm, status=Solution.Status.DRAFT)
    services.refresh_all()
    assert pairs() == set()

    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.solution_publish(solution=draft, actor=dave)
    assert pairs() == {(radiology.pk, draft.pk)}
    assert not any(r["code"].startswith("deployed") for r in Suggestion.objects.get().reasons)

    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.deployment_add(solution=draft, actor=dave, county=region("320583"), year=2025)

    assert {"code": "deployed_here"} in Suggestion.objects.get().reasons


def test_drafts_archived_and_cancelled_are_never_stored(county, other_county, firm, other_firm):
    radiology_scenario(county)  # draft
    cancelled = radiology_scenario(other_county, status=Scenario.Status.OPEN)
    Scenario.objects.filter(pk=cancelled.pk).update(status=Scenario.Status.CANCELLED)
    teleradiology_solution(firm, status=Solution.Status.DRAFT)
    teleradiology_solution(other_firm, status=Solution.Status.ARCHIVED)

    services.refresh_all()

    assert Suggestion.objects.count() == 0


def test_rolled_back_change_refreshes_nothing(radiology, alice, teleradiology, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        catalog_services.scenario_cancel(scenario=radiology, actor=alice, reason="test")
    # Callbacks are only queued for after commit (matching's once; proposals also queues its notice to bidders,
    # the page cache its invalidation);
    # nothing ran inside the transaction.
    assert [getattr(c, "func", c) for c in callbacks].count(tasks.on_scenario_changed) == 1
    assert pairs() == set()


def test_a_broker_outage_never_fails_the_change(radiology, alice, monkeypatch, django_capture_on_commit_callbacks):
    def unreachable(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.refresh_scenario, "apply_async", unreachable)
    monkeypatch.setattr(tasks.notify_subscribers, "apply_async", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.scenario_cancel(scenario=radiology, actor=alice, reason="test")

    radiology.refresh_from_db()
    assert radiology.status == radiology.Status.CANCELLED


def test_min_score_floor_keeps_unrelated_pairs_out(radiology, farm_iot):
    services.refresh_all()

    assert Suggestion.objects.count() == 0


def test_adding_an_unrelated_solution_changes_no_stored_score(radiology, teleradiology, imaging_cloud, other_firm):
    services.refresh_all()
    before = dict(Suggestion.objects.values_list("solution_id", "score"))

    farm_solution(other_firm, title="智慧渔业水质监测", tags=["水产养殖"], summary="鱼塘溶解氧监测")
    services.refresh_all()

    assert dict(Suggestion.objects.values_list("solution_id", "score")) == before
