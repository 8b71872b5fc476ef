"""The OCDS 1.1 release packages: 0 errors against the official schema (vendored, validated with jsonschema) on
the test world and on the demo data, the validator catches what it must, and the stages map as documented."""

from __future__ import annotations

import copy
import io
import json

from django.core.management import call_command

from catalog.models import Scenario
from opendata import validation
from tests.opendata.conftest import FINAL_PRICE, download


def package_of(client, scenario) -> dict:
    return json.loads(download(client, f"/open-data/ocds/scenario-{scenario.pk}.json"))


def test_every_package_of_the_world_is_valid(client, world):
    for scenario in Scenario.objects.public():
        assert validation.errors(package_of(client, scenario)) == [], scenario.title


def test_the_validator_reports_what_breaks_the_schema(client, world):
    package = package_of(client, world.final_scenario)
    broken = copy.deepcopy(package)
    broken["releases"][0]["tag"] = ["signed"]
    del broken["releases"][1]["ocid"]
    broken["releases"][2]["awards"][0]["value"]["currency"] = "RMB"
    broken["releases"][3]["date"] = "2026-05-01 08:00"
    broken["publishedDate"] = "2026-05-01T08:00:00"  # no time zone
    broken["uri"] = "/relative"
    found = validation.errors(broken)
    assert len(found) == 6
    assert any(error.startswith("releases/0/tag/0:") for error in found)
    assert any("'ocid' is a required property" in error for error in found)
    assert any(error.startswith("releases/2/awards/0/value/currency:") for error in found)


def test_a_final_award_runs_through_every_stage(client, world, settings):
    settings.OCDS_OCID_PREFIX = "ocds-abc123"
    package = package_of(client, world.final_scenario)
    releases = package["releases"]
    ocid = f"ocds-abc123-sce-{world.final_scenario.pk}"
    assert [r["tag"] for r in releases] == [["planning"], ["tender"], ["award"], ["contract"], ["implementation"]]
    assert {r["ocid"] for r in releases} == {ocid}
    assert [r["id"] for r in releases] == [
        f"{ocid}-{stage}" for stage in ("planning", "tender", "award", "contract", "implementation")
    ]
    assert releases[1]["tender"]["numberOfTenderers"] == 2
    award = releases[2]["awards"][0]
    assert (award["status"], award["value"]) == ("active", {"amount": FINAL_PRICE, "currency": "CNY"})
    assert award["suppliers"] == [{"id": f"sce-org-{world.engagement.firm_id}", "name": world.engagement.firm.name_zh}]
    contract = releases[3]["contracts"][0]
    assert contract["awardID"] == award["id"]
    assert contract["value"]["amount"] == FINAL_PRICE
    milestones = releases[4]["contracts"][0]["implementation"]["milestones"]
    assert [(m["status"], m["id"].rsplit("-", 1)[1]) for m in milestones] == [
        ("met", "pilot"),
        ("met", "deployed"),
        ("met", "accepted"),
    ]
    assert package["publishedDate"] == max(r["date"] for r in releases)
    assert package["uri"] == f"http://testserver/open-data/ocds/scenario-{world.final_scenario.pk}.json"


def test_an_award_in_standstill_is_pending_without_value(client, world):
    releases = package_of(client, world.standstill_scenario)["releases"]
    assert [r["tag"] for r in releases] == [["planning"], ["tender"], ["award"]]
    award = releases[2]["awards"][0]
    assert award["status"] == "pending"
    assert "value" not in award


def test_the_scenario_page_links_its_package(client, world):
    page = client.get(f"/scenarios/{world.final_scenario.pk}/").content.decode()
    assert f'href="/open-data/ocds/scenario-{world.final_scenario.pk}.json"' in page


def test_the_demo_data_validates_with_zero_errors(db, settings):
    """What CI runs on the demo data (the command prints the figures docs/open-data.md quotes)."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("validate_ocds", stdout=out)
    summary = out.getvalue()
    assert summary.startswith("OCDS 1.1 (schema 1.1.5): ")
    assert summary.rstrip().endswith(", 0 errors")
    packages = int(summary.split(": ")[1].split(" packages")[0])
    assert packages == Scenario.objects.public().count() > 0
    assert "award " in summary and "contract " in summary and "implementation " in summary


def test_kpis_are_tender_targets_and_an_accepted_pilot_s_results_are_implementation_metrics(client, world):
    from tests.opendata.conftest import ACCEPTED_RESULT

    package = package_of(client, world.final_scenario)
    assert package["extensions"] == [
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/v1.1/extension.json"
    ]
    kpi = world.final_scenario.kpis.get()
    tender = package["releases"][1]["tender"]
    assert tender["targets"] == [
        {
            "id": f"sce-kpi-{kpi.pk}",
            "title": "群众平均等待时间",
            "observations": [
                {
                    "id": f"sce-kpi-{kpi.pk}-target",
                    "measure": "≤ 15",
                    "unit": {"name": "分钟"},
                    "dimensions": {"observationType": "target"},
                }
            ],
        }
    ]
    implementation = package["releases"][4]["contracts"][0]["implementation"]
    [metric] = implementation["metrics"]
    [observation] = metric["observations"]
    assert (metric["id"], metric["title"]) == (f"sce-kpi-{kpi.pk}", "群众平均等待时间")
    assert (observation["measure"], observation["notes"], observation["dimensions"]) == (
        ACCEPTED_RESULT,
        "目标已达成 · target met",
        {"observationType": "result"},
    )
    assert observation["relatedImplementationMilestone"]["id"] == f"sce-contract-{world.engagement.pk}-accepted"
    [document] = implementation["documents"]
    case = world.engagement.replicable_case
    assert (document["documentType"], document["url"]) == (
        "physicalProgressReport",
        f"http://testserver/cases/{case.pk}/",
    )
    assert validation.errors(package) == []


def test_a_piloting_engagement_publishes_no_results(client, world):
    scenario = Scenario.objects.get(title="智慧公交")
    package = package_of(client, scenario)
    contract = package["releases"][-1]["contracts"][0]
    assert "metrics" not in contract["implementation"] and "documents" not in contract["implementation"]
    assert "UNACCEPTED-KPI-RESULT" not in json.dumps(package, ensure_ascii=False)


def test_the_validator_checks_the_metrics_extension(client, world):
    package = package_of(client, world.final_scenario)
    broken = copy.deepcopy(package)
    broken["releases"][1]["tender"]["targets"][0]["observations"][0]["measure"] = {"value": 1}
    broken["releases"][4]["contracts"][0]["implementation"]["metrics"][0]["observations"][0]["unit"] = "分钟"
    found = validation.errors(broken)
    assert len(found) == 2, found
