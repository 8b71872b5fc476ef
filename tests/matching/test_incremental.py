"""Incremental refresh: after any sequence of publishes, edits, cancellations and archivals, refreshed one at a
time, the stored suggestions equal a full recompute; and a change touches only the lists it enters or leaves."""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import Scenario, Solution
from matching import incremental, services, tasks
from matching.models import IndexLog, Suggestion
from tests.matching.conftest import (
    farm_solution,
    imaging_cloud_solution,
    radiology_scenario,
    teleradiology_solution,
)

SCENARIO_TEXTS = [
    ("县域远程影像诊断中心", ["远程影像诊断", "医学影像"], 2_000_000),
    ("智慧大棚环境监测试点", ["智慧农业", "水肥一体化"], 800_000),
    ("县医院影像云与报告互认", ["影像云", "PACS"], 1_500_000),
]
SOLUTION_TEXTS = [
    ("Teleradiology reading service", ["teleradiology", "PACS"], 300_000),
    ("区域影像云平台", ["影像云", "远程影像诊断"], 400_000),
    ("智慧大棚环境监测", ["智慧农业", "水肥一体化"], 200_000),
]
N_SCENARIOS, N_SOLUTIONS = 4, 5

operations = st.lists(
    st.one_of(
        st.tuples(st.just("publish_scenario"), st.integers(0, N_SCENARIOS - 1)),
        st.tuples(st.just("edit_scenario"), st.integers(0, N_SCENARIOS - 1), st.integers(0, 2)),
        st.tuples(st.just("cancel_scenario"), st.integers(0, N_SCENARIOS - 1)),
        st.tuples(st.just("publish_solution"), st.integers(0, N_SOLUTIONS - 1)),
        st.tuples(st.just("edit_solution"), st.integers(0, N_SOLUTIONS - 1), st.integers(0, 2)),
        st.tuples(st.just("archive_solution"), st.integers(0, N_SOLUTIONS - 1)),
    ),
    min_size=1,
    max_size=12,
)


def snapshot() -> dict:
    return {
        (s.scenario_id, s.solution_id): (round(s.score, 5), tuple(s.reasons), s.rank_for_scenario, s.rank_for_solution)
        for s in Suggestion.objects.all()
    }


@pytest.fixture
def catalog(county, alice, firm, dave, other_firm, erin):
    scenarios = [radiology_scenario(county, title=f"场景{i}", status=Scenario.Status.DRAFT) for i in range(N_SCENARIOS)]
    makers = [teleradiology_solution, imaging_cloud_solution, farm_solution]
    solutions = [makers[j % 3](firm if j % 2 else other_firm, status=Solution.Status.DRAFT) for j in range(N_SOLUTIONS)]
    return scenarios, solutions


def _apply(op, scenarios, solutions) -> None:
    kind, i = op[0], op[1]
    if kind.endswith("scenario"):
        scenario = scenarios[i]
        scenario.refresh_from_db()
        if kind == "publish_scenario" and scenario.status != Scenario.Status.CANCELLED:
            scenario.status, scenario.published_at = Scenario.Status.OPEN, scenario.published_at or timezone.now()
        elif kind == "edit_scenario":
            title, tags, budget = SCENARIO_TEXTS[op[2]]
            scenario.title, scenario.tags, scenario.budget_max = f"{title}{i}", tags, budget
        elif kind == "cancel_scenario" and scenario.published_at is not None:
            scenario.status = Scenario.Status.CANCELLED
        scenario.save()
        services.refresh_suggestions_for_scenario(scenario)
    else:
        solution = solutions[i]
        solution.refresh_from_db()
        if kind == "publish_solution":
            solution.status, solution.published_at = Solution.Status.PUBLISHED, timezone.now()
        elif kind == "edit_solution":
            title, tags, price = SOLUTION_TEXTS[op[2]]
            solution.title, solution.tags, solution.price_min = f"{title} {i}", tags, price
        elif kind == "archive_solution" and solution.status == Solution.Status.PUBLISHED:
            solution.status = Solution.Status.ARCHIVED
        solution.save()
        services.refresh_suggestions_for_solution(solution)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_of_refreshes_equals_a_full_recompute(django_settings_top_k, catalog, ops):
    scenarios, solutions = catalog
    # Every example starts from the same catalog: all drafts, nothing stored, no index held.
    Scenario.objects.filter(pk__in=[s.pk for s in scenarios]).update(status=Scenario.Status.DRAFT, published_at=None)
    Solution.objects.filter(pk__in=[s.pk for s in solutions]).update(status=Solution.Status.DRAFT, published_at=None)
    Suggestion.objects.all().delete()
    IndexLog.objects.all().delete()
    incremental.forget()
    services.refresh_all()

    for op in ops:
        _apply(op, scenarios, solutions)
    refreshed = snapshot()

    services.refresh_all()
    assert refreshed == snapshot()


@pytest.fixture
def django_settings_top_k(settings):
    # Short lists, so that documents enter and push others out of them.
    settings.MATCHING_TOP_K = 2
    settings.MATCHING_MIN_SCORE = 0.05


def test_publishing_a_solution_is_incremental(django_settings_top_k, radiology, teleradiology, farm_iot, other_firm):
    services.refresh_all()
    before = {(s.scenario_id, s.solution_id): s.computed_at for s in Suggestion.objects.all()}
    epoch = IndexLog.objects.latest("pk").epoch

    cloud = imaging_cloud_solution(other_firm)
    services.refresh_suggestions_for_solution(cloud)

    log = IndexLog.objects.latest("pk")
    assert (log.epoch, log.kind, log.object_id) == (epoch, "solution", cloud.pk)  # no refit
    after = {(s.scenario_id, s.solution_id): s.computed_at for s in Suggestion.objects.all()}
    assert (radiology.pk, cloud.pk) in after
    assert {key for key in before if key[1] == teleradiology.pk} <= set(after)
    refreshed = snapshot()
    services.refresh_all()
    assert snapshot() == refreshed


def test_another_process_catches_up_from_the_log(django_settings_top_k, radiology, teleradiology, other_firm):
    services.refresh_all()
    cloud = imaging_cloud_solution(other_firm)
    services.refresh_suggestions_for_solution(cloud)
    held = incremental._held
    # A second process still holding the index from before the change replays the log instead of refitting.
    incremental._held = incremental._Held(index=held.index, epoch=held.epoch, applied=held.applied - 1)
    farm = farm_solution(other_firm)
    services.refresh_suggestions_for_solution(farm)
    assert IndexLog.objects.filter(kind="rebuild").count() == 1
    refreshed = snapshot()
    services.refresh_all()
    assert snapshot() == refreshed


def test_a_sharded_full_recompute_stores_the_same_lists_as_one_process(django_settings_top_k, county, other_firm):
    for i in range(5):
        radiology_scenario(county, title=f"远程影像{i}", status=Scenario.Status.OPEN, budget_max=500_000 * (i + 1))
    for j in range(4):
        (imaging_cloud_solution if j % 2 else teleradiology_solution)(other_firm, price_min=100_000 * (j + 1))
    farm_solution(other_firm)
    services.refresh_all()
    one_process = snapshot()
    Suggestion.objects.all().delete()

    tasks.full_recompute.apply(kwargs={"shards": 3})

    assert snapshot() == one_process
    assert len({key[0] for key in one_process}) == 5


def test_a_process_without_an_index_refits_it_but_keeps_the_epoch(django_settings_top_k, radiology, other_firm):
    services.refresh_all()
    incremental.forget()  # e.g. a freshly started worker
    cloud = imaging_cloud_solution(other_firm)
    services.refresh_suggestions_for_solution(cloud)
    assert list(IndexLog.objects.values_list("kind", flat=True)) == ["rebuild", "solution"]
    refreshed = snapshot()
    services.refresh_all()
    assert snapshot() == refreshed
