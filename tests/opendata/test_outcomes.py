"""The outcome data sets: KPI rows of published calls, results of accepted pilots, replicable cases — exact rows,
and what stays out (a draft's KPIs, a piloting engagement's results)."""

from __future__ import annotations

import json

from tests.opendata.conftest import ACCEPTED_RESULT, TRICKY_TITLES, download, file_url


def _rows(client, slug, **params):
    return json.loads(download(client, file_url(slug, "json"), **params))["rows"]


def test_kpis_are_the_rows_of_published_scenarios(client, world):
    rows = _rows(client, "kpis")
    assert world.draft_scenario.pk not in {row["scenario_id"] for row in rows}
    final = next(row for row in rows if row["scenario_id"] == world.final_scenario.pk)
    kpi = world.final_scenario.kpis.get()
    assert final == {
        "id": kpi.pk,
        "scenario_id": world.final_scenario.pk,
        "scenario": TRICKY_TITLES[5],
        "county_code": "321322",
        "zone": "north",
        "position": 1,
        "indicator": "群众平均等待时间",
        "unit": "分钟",
        "baseline": "",
        "target": "≤ 15",
        "method": "",
        "due_date": None,
        "modified": final["modified"],
    }


def test_kpi_results_only_of_accepted_engagements(client, world):
    rows = _rows(client, "kpi-results")
    assert [(r["engagement_id"], r["indicator"], r["target"], r["result"], r["met"]) for r in rows] == [
        (world.engagement.pk, "群众平均等待时间", "≤ 15", ACCEPTED_RESULT, True)
    ]
    assert rows[0]["kpi_id"] == world.final_scenario.kpis.get().pk


def test_replicable_cases_carry_the_case_as_its_page_shows_it(client, world):
    [row] = _rows(client, "replicable-cases")
    case = world.engagement.replicable_case
    assert {key: row[key] for key in ("id", "engagement_id", "scenario_id", "title", "kpis", "kpis_met")} == {
        "id": case.pk,
        "engagement_id": world.engagement.pk,
        "scenario_id": world.final_scenario.pk,
        "title": TRICKY_TITLES[5],
        "kpis": 1,
        "kpis_met": 1,
    }
    assert (row["cost_cny"], row["contact_name"], row["contact_email"], row["contact_phone"]) == (
        880_000,
        "王工",
        "case@example.com",
        "",
    )
    assert row["url"] == f"http://testserver/cases/{case.pk}/"


def test_since_on_cases_and_results(client, world):
    from django.utils import timezone

    later = timezone.now() + timezone.timedelta(minutes=1)
    assert _rows(client, "replicable-cases", since=later.isoformat()) == []
    assert _rows(client, "kpi-results", since=later.isoformat()) == []
    assert len(_rows(client, "kpi-results", since="2020-01-01")) == 1


def test_scenarios_carry_the_province_s_grade_and_batch(client, world):
    from catalog.models import Batch, Scenario

    batch = Batch.objects.create(province_id="320000", number=3)
    Scenario.objects.filter(pk=world.open_scenario.pk).update(grade="benchmark", batch=batch)
    rows = {row["id"]: row for row in _rows(client, "scenarios")}
    assert (rows[world.open_scenario.pk]["grade"], rows[world.open_scenario.pk]["batch"]) == ("benchmark", 3)
    assert (rows[world.final_scenario.pk]["grade"], rows[world.final_scenario.pk]["batch"]) == ("", None)
