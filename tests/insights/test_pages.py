"""The gap monitor's pages: tables that read without JavaScript, a fixed number of queries from the snapshots,
the targets form for the provincial office only."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from insights import indicators
from insights.models import IndicatorTarget
from insights.services import refresh_insights
from tests.factories import OrganizationFactory, ScenarioFactory, region


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def history(db, county, other_county):
    # 昆山 (south) opens one scenario, 沭阳 (north) two; one more county office in 苏中 (如皋) one.
    ScenarioFactory(owner=county, status="open")
    for _ in range(2):
        ScenarioFactory(owner=other_county, county=region("321322"), status="open")
    rugao = OrganizationFactory(region=region("320682"))
    ScenarioFactory(owner=rugao, county=region("320682"), status="open")
    ScenarioFactory(owner=county, status="draft")  # never counts
    refresh_insights()


def _chart(response) -> dict:
    text = response.content.decode()
    start = text.index('<script id="gap-data" type="application/json">') + len(
        '<script id="gap-data" type="application/json">'
    )
    return json.loads(text[start : text.index("</script>", start)])


def test_province_page_shows_every_county_in_a_table_and_the_chart_data(en, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = en.get(reverse("insights:province"), {"indicator": "scenarios_opened", "basis": "absolute"})
    assert response.status_code == 200
    overview = response.context["overview"]
    assert len(overview.counties) == 95
    shown = {c.code: c.shown for c in overview.counties}
    assert shown["321322"] == 2
    assert shown["320583"] == 1
    assert shown["320682"] == 1
    text = response.content.decode()
    assert reverse("insights:county", args=["321322"]) in text  # the table links every county
    assert text.count('<th scope="row" class="fw-normal"><a href="/insights/counties/') == 95
    chart = _chart(response)
    assert len(chart["counties"]) == 95
    assert chart["mapUrl"].endswith("insights/jiangsu-counties.json")
    # No inline script: the data is JSON, the code a static file.
    assert "<script>" not in text


def test_province_page_per_capita_by_default(en, history):
    response = en.get(reverse("insights:province"))
    shown = {c.code: c.shown for c in response.context["overview"].counties}
    assert shown["321322"] == pytest.approx(2 * 10_000 / 1_674_978)


def test_province_page_zone_table_and_gap_index(en, history):
    response = en.get(reverse("insights:province"), {"indicator": "scenarios_opened", "basis": "absolute"})
    overview = response.context["overview"]
    row = next(r for r in overview.zones if r["indicator"].code == "scenarios_opened")
    assert row["values"] == pytest.approx([1 * 10_000 / 36_615_881, 1 * 10_000 / 16_005_445, 2 * 10_000 / 28_581_885])
    assert overview.gaps[-1]["north_south_ratio"] == pytest.approx((2 / 28_581_885) / (1 / 36_615_881))


def test_province_page_rejects_an_unknown_indicator(en, history):
    response = en.get(reverse("insights:province"), {"indicator": "nonsense"})
    assert response.status_code == 400


def test_contract_values_by_county_are_public(en, history):
    response = en.get(reverse("insights:province"), {"indicator": "cross_zone_contract_value"})
    assert response.context["overview"].restricted is False
    assert all(c.value is not None for c in response.context["overview"].counties)


def test_province_page_without_snapshots(en, db):
    response = en.get(reverse("insights:province"))
    assert response.status_code == 200
    assert "No snapshot yet" in response.content.decode()


def test_county_page_figures_against_medians(en, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = en.get(reverse("insights:county", args=["321322"]))
    assert response.status_code == 200
    overview = response.context["overview"]
    opened = next(f for f in overview.figures if f.indicator.code == "scenarios_opened")
    assert opened.value == pytest.approx(2 * 10_000 / 1_674_978)
    assert opened.province_median == 0  # 92 of the 95 counties opened nothing
    assert [s.title for s in overview.scenarios] and len(overview.scenarios) == 2
    assert [c.code for c in overview.paired_regions] == ["320500"]  # 宿迁 ↔ 苏州 in the programme
    assert _chart(response)["highlight"] == "321322"


def test_county_page_404_for_a_city_or_unknown_code(en, db):
    assert en.get(reverse("insights:county", args=["320500"])).status_code == 404
    assert en.get(reverse("insights:county", args=["999999"])).status_code == 404


def test_targets_set_by_the_provincial_office_and_shown_with_progress(client_as, en, history, pat):
    year = timezone.localdate().year
    response = client_as(pat).post(
        reverse("insights:targets"),
        {"indicator": "scenarios_opened", "zone": "north", "year": year, "basis": "absolute", "value": 4},
    )
    assert response.status_code == 302
    target = IndicatorTarget.objects.get()
    assert (target.value, target.set_by) == (4, pat)
    page = en.get(reverse("insights:targets"))
    progress = page.context["progress"]
    assert [(p.current, p.percent) for p in progress] == [(2, 50)]
    assert "Save target" not in page.content.decode()  # anonymous: no form


@pytest.mark.parametrize("who", ["alice", "mallory"])
def test_targets_cannot_be_set_by_others(client_as, request, who):
    response = client_as(request.getfixturevalue(who)).post(
        reverse("insights:targets"),
        {"indicator": "scenarios_opened", "zone": "north", "year": 2026, "basis": "absolute", "value": 4},
    )
    assert response.status_code == 403
    assert not IndicatorTarget.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"indicator": "nonsense", "zone": "north", "year": 2026, "basis": "absolute", "value": 4},
        {"indicator": "scenarios_opened", "zone": "north", "year": 2026, "basis": "absolute", "value": -1},
        {"indicator": "days_to_award", "zone": "north", "year": 2026, "basis": "per_10k", "value": 4},
        {"indicator": "scenarios_opened", "zone": "west", "year": 2026, "basis": "absolute", "value": 4},
    ],
)
def test_bad_targets_are_a_400_and_save_nothing(client_as, pat, data):
    response = client_as(pat).post(reverse("insights:targets"), data)
    assert response.status_code == 400
    assert not IndicatorTarget.objects.exists()


def test_every_listed_indicator_can_be_shown(en, history):
    for indicator in indicators.LISTED:
        assert en.get(reverse("insights:province"), {"indicator": indicator.code}).status_code == 200
