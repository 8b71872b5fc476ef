"""Nothing sealed or personal leaves through open data: every file of every data set in every format and the
OCDS package of every scenario are searched for each secret of the world (a matrix of secret × source), and
the public values that sit next to them are checked to be there, so the search can fail."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from opendata import registry
from tests.opendata.conftest import (
    ACCEPTED_RESULT,
    COUNTY_CONTRACT_VALUE,
    FINAL_PRICE,
    SECRET_PRICES,
    SECRETS,
    download,
    file_url,
)

FORMATS = ("csv", "json", "xlsx")


def _text(fmt: str, body: bytes) -> str:
    if fmt != "xlsx":
        return body.decode("utf-8")
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(
        "\t".join("" if value is None else str(value) for value in row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


@pytest.fixture
def published(client, world) -> dict[str, str]:
    """Every public file and package, as text, by source name."""
    sources = {
        f"{dataset.slug}.{fmt}": _text(fmt, download(client, file_url(dataset.slug, fmt)))
        for dataset in registry.datasets()
        for fmt in FORMATS
    }
    for scenario in (world.open_scenario, world.standstill_scenario, world.final_scenario):
        sources[f"ocds {scenario.title}"] = download(client, f"/open-data/ocds/scenario-{scenario.pk}.json").decode()
    return sources


def test_no_secret_appears_in_any_file_or_package(published):
    leaks = [(what, source) for what, secret in SECRETS.items() for source, text in published.items() if secret in text]
    leaks += [
        (what, source)
        for what, price in SECRET_PRICES.items()
        for source, text in published.items()
        if str(price) in text
    ]
    assert leaks == []
    assert len(published) == 3 * len(registry.datasets()) + 3


def test_the_public_values_next_to_the_secrets_are_there(published, world):
    assert str(FINAL_PRICE) in published["awards.json"]
    assert str(FINAL_PRICE) in published["engagements.xlsx"]
    assert str(FINAL_PRICE) in published[f"ocds {world.final_scenario.title}"]
    assert "候车时间下降 27%" in published["engagements.csv"]
    assert world.exchange.home_organization.name_zh in published["exchanges.csv"]
    # KPI rows of published calls, an accepted pilot's result and its case (with the contact the case names).
    assert "群众平均等待时间" in published["kpis.csv"]
    assert ACCEPTED_RESULT in published["kpi-results.xlsx"]
    assert ACCEPTED_RESULT in published[f"ocds {world.final_scenario.title}"]
    assert "case@example.com" in published["replicable-cases.json"]


def test_the_gap_monitor_publishes_contract_values_at_every_level(client, world):
    rows = json.loads(download(client, file_url("snapshots", "json")))["rows"]
    assert sorted({(row["indicator"], row["level"]) for row in rows}) == [
        ("cross_zone_contract_value", "county"),
        ("cross_zone_contract_value", "zone"),
        ("scenarios_opened", "county"),
    ]
    assert COUNTY_CONTRACT_VALUE in [row["value"] for row in rows]
    assert len(rows) == 6


def test_the_draft_scenario_has_no_package(client, world):
    assert client.get(f"/open-data/ocds/scenario-{world.draft_scenario.pk}.json").status_code == 404
    assert client.get("/open-data/ocds/scenario-999999.json").status_code == 404


def test_an_award_in_standstill_shows_no_value_and_a_final_one_does(client, world):
    rows = {row["scenario_id"]: row for row in json.loads(download(client, file_url("awards", "json")))["rows"]}
    assert rows[world.standstill_scenario.pk]["value_cny"] is None
    assert rows[world.standstill_scenario.pk]["proposals_received"] == 2
    assert rows[world.final_scenario.pk]["value_cny"] == FINAL_PRICE
    assert rows[world.final_scenario.pk]["firm"] == world.engagement.firm.name_zh


def test_no_price_at_all_when_award_values_are_off(client, world, settings):
    settings.OPEN_DATA_AWARD_VALUES = False
    texts = [download(client, file_url(slug, "json")).decode() for slug in ("awards", "engagements")]
    texts.append(download(client, f"/open-data/ocds/scenario-{world.final_scenario.pk}.json").decode())
    assert [str(FINAL_PRICE) in text for text in texts] == [False, False, False]
    assert world.engagement.firm.name_zh in texts[0]


def test_the_open_call_is_in_the_scenarios_without_its_proposal_count(client, world):
    package = json.loads(download(client, f"/open-data/ocds/scenario-{world.open_scenario.pk}.json"))
    tender = package["releases"][1]["tender"]
    assert tender["status"] == "active"
    assert "numberOfTenderers" not in tender
    assert "tenderers" not in tender
    assert [release["tag"] for release in package["releases"]] == [["planning"], ["tender"]]


def test_training_counts_people_without_naming_them(client, world):
    rows = json.loads(download(client, file_url("training", "json")))["rows"]
    assert [(row["enrolled"], row["completed"], row["certificates"], row["certified_hours"]) for row in rows] == [
        (2, 1, 1, 12.0)
    ]
