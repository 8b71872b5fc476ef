"""The open data files: CSV and XLSX read back equal the JSON for every data set, formulas stay text, change
feeds return what changed and refuse bad input with 400, and queries do not grow with the number of rows."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from catalog.models import Scenario
from insights import selectors as insights_selectors
from insights.models import GapSnapshot, IndicatorSnapshot
from opendata import formats, registry
from proposals.models import Award, Engagement
from talent.models import Exchange
from tests.factories import EnrolmentFactory, SessionFactory
from tests.factories import proposal_factories as pf
from tests.opendata.conftest import TRICKY_TITLES, download, file_url

SLUGS = [dataset.slug for dataset in registry.datasets()]


def json_rows(client, slug, **params):
    return json.loads(download(client, file_url(slug, "json"), **params))["rows"]


@pytest.mark.parametrize("slug", SLUGS)
def test_csv_and_xlsx_read_back_equal_the_json(client, world, slug):
    dataset = registry.get(slug)
    rows = json_rows(client, slug)
    assert rows, "every data set has rows in the world"
    assert all(list(row) == dataset.field_names for row in rows)
    assert formats.read_csv(dataset, download(client, file_url(slug, "csv"))) == rows
    assert formats.read_xlsx(dataset, download(client, file_url(slug, "xlsx"))) == rows


def test_the_registry_covers_the_data_sets_the_page_promises():
    assert SLUGS == [
        "scenarios",
        "kpis",
        "solutions",
        "awards",
        "engagements",
        "kpi-results",
        "replicable-cases",
        "training",
        "exchanges",
        "indicators",
        "snapshots",
        "gap-index",
    ]
    for dataset in registry.datasets():
        assert len(set(dataset.field_names)) == len(dataset.fields)
        assert all(str(f.description) for f in dataset.fields)


def test_tricky_texts_survive_every_format(client, world):
    titles = {row["title"] for row in json_rows(client, "scenarios")}
    courses = {(row["course_title_zh"], row["course_title_en"]) for row in json_rows(client, "training")}
    assert {TRICKY_TITLES[0], TRICKY_TITLES[1], TRICKY_TITLES[5]} <= titles
    assert (TRICKY_TITLES[2], TRICKY_TITLES[3]) in courses


def test_csv_has_a_bom_and_no_cell_a_spreadsheet_reads_as_a_formula(client, world):
    body = download(client, file_url("scenarios", "csv"))
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8")
    assert '\'=HYPERLINK(""http://evil"")' in text  # the guard's apostrophe, CSV-quoted
    assert "''引号开头" in text  # a text that began with an apostrophe gets a second one
    training = download(client, file_url("training", "csv")).decode("utf-8")
    assert ",'+86 电话,'@SUM(A1)," in training


def test_xlsx_stores_formula_like_text_as_text(client, world):
    sheet = load_workbook(io.BytesIO(download(client, file_url("scenarios", "xlsx"))))["data"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == TRICKY_TITLES[0]]
    assert len(cells) == 1
    assert cells[0].data_type == "s"


def test_files_say_what_they_are(client, world):
    response = client.get(file_url("awards", "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "awards.csv" in response["Content-Disposition"]
    head = json.loads(download(client, file_url("awards", "json")))
    assert head["licence"]["name"] == "CC BY 4.0"
    assert [f["name"] for f in head["fields"]] == registry.get("awards").field_names
    assert client.get(file_url("awards", "xlsx"))["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("url", ["/open-data/nothing.csv", "/open-data/scenarios.xml", "/open-data/scenarios.CSV"])
def test_unknown_data_sets_and_formats_are_404(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "since", ["garbage", "2026-13-01", "2026-05-01T25:00:00", "2026-02-30", "1e9", "2026-05-01T08:00:00+99:00"]
)
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_bad_since_is_a_clear_400(client, db, since, fmt):
    response = client.get(file_url("scenarios", fmt), {"since": since})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["detail"]


def test_since_returns_only_rows_changed_since(client, world):
    later = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        Scenario.objects.get(pk=world.standstill_scenario.pk).save()  # an edit: updated_at moves
        ids = [row["id"] for row in json_rows(client, "scenarios", since=later.isoformat())]
        everything = [row["id"] for row in json_rows(client, "scenarios")]
    assert ids == [world.standstill_scenario.pk]
    assert len(everything) == 4


def test_since_reads_a_plus_offset_that_arrived_as_a_space(client, world):
    later = timezone.localtime() + dt.timedelta(hours=1)
    typed = later.replace(microsecond=0).isoformat().replace("+", " ")  # "?since=…T10:00:00+08:00" unencoded
    assert json_rows(client, "scenarios", since=typed) == []
    assert len(json_rows(client, "scenarios", since=(timezone.localdate() - dt.timedelta(days=60)).isoformat())) == 4


def test_since_on_an_open_call_whose_deadline_passed(client, world):
    deadline = world.open_scenario.deadline
    before = (deadline - dt.timedelta(minutes=1)).isoformat()
    with time_machine.travel(deadline + dt.timedelta(minutes=5), tick=False):
        rows = json_rows(client, "scenarios", since=before)
    assert [(row["id"], row["status"]) for row in rows] == [(world.open_scenario.pk, "evaluating")]


def test_since_on_training_counts_a_new_enrolment(client, world):
    later = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        assert json_rows(client, "training", since=later.isoformat()) == []
        EnrolmentFactory(session=world.session)
        rows = json_rows(client, "training", since=later.isoformat())
    assert [(row["session_id"], row["enrolled"]) for row in rows] == [(world.session.pk, 3)]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        download(client, url)
    return len(captured)


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_queries_do_not_grow_with_rows(client, world, county, other_county, firm, slug, fmt):
    url = file_url(slug, fmt)
    before = _queries(client, url)
    # Twice as many scenarios (with awards and engagements), sessions and exchanges.
    for _ in range(2):
        pf.scenario(owner=county)
    more_world_rows(world, firm)
    assert _queries(client, url) == before
    # The gap monitor's figures are read one indicator at a time (flat memory): one query per indicator.
    assert before <= (len(insights_selectors.indicator_definitions()) + 1 if slug == "snapshots" else 8)


def more_world_rows(world, firm):
    for scenario in (world.standstill_scenario, world.final_scenario):
        twin = pf.scenario(owner=scenario.owner, status=scenario.status, deadline=scenario.deadline)
        winner = pf.proposal(scenario=twin, firm=firm, price=99)
        award = Award.objects.create(
            scenario=twin, reason="r", status=world.final_award.status, standstill_until=timezone.now()
        )
        award.proposals.set([winner])
        Engagement.objects.create(
            award=award, proposal=winner, scenario=twin, firm=firm, solution=winner.solutions.get()
        )
    for indicator in ("scenarios_opened", "cross_zone_contract_value"):
        IndicatorSnapshot.objects.create(month=dt.date(2026, 11, 1), indicator=indicator, level="zone", area="south")
    GapSnapshot.objects.create(month=dt.date(2026, 11, 1), indicator="scenarios_opened")
    session = SessionFactory(course=world.session.course)
    EnrolmentFactory(session=session)
    exchange = Exchange.objects.get(pk=world.exchange.pk)
    exchange.pk = None
    exchange.save()
    exchange.skills.set(world.exchange.skills.all())
