import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog.importers import import_scenarios, import_solutions
from catalog.models import Deployment, Scenario, Solution, UnmappedTag
from directory.models import Organization
from tests.factories import OrganizationFactory, region

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "matching-dev"
needs_dev = pytest.mark.skipif(
    not (DEV / "scenarios.jsonl").exists(), reason="../shared/data/matching-dev is not present"
)

ROW = {
    "id": "X1",
    "title": "智慧停车",
    "description": "老城区停车难。需要路内泊位自动计费。",
    "domain": "transport",
    "tags": ["智慧停车", "新奇标签"],
    "county_code": "320583",
    "budget_min_cny": 100000,
    "budget_max_cny": 500000,
    "kpis": [{"indicator": "泊位周转率", "target": "≥ 6 次/日"}],
    "language": "zh",
}


def _jsonl(tmp_path, rows, name="rows.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


@needs_dev
def test_import_dev_files_with_create_orgs(db):
    report = import_scenarios(DEV / "scenarios.jsonl", create_orgs=True)
    assert (report.errors, report.created) == ([], 40)
    report = import_solutions(DEV / "solutions.jsonl", create_orgs=True)
    assert (report.errors, report.created) == ([], 120)
    s001 = Scenario.objects.get(external_ref="S001")
    assert (s001.county_id, s001.status, s001.budget_max, s001.domain.code) == (
        "321283",
        "draft",
        2_000_000,
        "transport",
    )
    assert "bus_dispatch" in set(s001.capabilities.values_list("code", flat=True))
    p001 = Solution.objects.get(external_ref="P001")
    assert p001.owner.name_zh == "苏州云途智行科技有限公司"
    assert p001.owner.region_id == "320500"  # inferred from the name
    assert sorted(Deployment.objects.filter(solution=p001).values_list("county_id", flat=True)) == [
        "320381",
        "320724",
        "320923",
        "321084",
        "321322",
    ]
    english = Solution.objects.get(external_ref="P002")
    assert (english.owner.name_en, english.owner.region_id) == ("Ridgeway Mobility Pte. Ltd.", "320000")
    # Idempotent: a second run creates nothing.
    again = import_solutions(DEV / "solutions.jsonl", create_orgs=True)
    assert (again.created, again.existing, again.organizations_created) == (0, 120, 0)


@needs_dev
def test_import_dev_scenarios_without_offices_saves_nothing(db):
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command(
            "import_scenarios",
            str(DEV / "scenarios.jsonl"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert Scenario.objects.count() == 0
    assert Organization.objects.count() == 0


def test_import_goes_to_the_county_office_and_keeps_tags(tmp_path, county):
    report = import_scenarios(_jsonl(tmp_path, [ROW]))
    assert report.ok
    scenario = Scenario.objects.get()
    assert (scenario.owner, scenario.external_ref, scenario.summary) == (county, "X1", "老城区停车难。")
    assert scenario.tags == ["智慧停车", "新奇标签"]
    assert list(scenario.capabilities.values_list("code", flat=True)) == ["smart_parking"]
    assert UnmappedTag.objects.get().text == "新奇标签"


def test_import_one_bad_row_in_many_saves_nothing_and_names_it(tmp_path, county):
    rows = [dict(ROW, id=f"X{i}") for i in range(300)]
    rows[217] = dict(ROW, id="BAD", budget_min_cny=-5)
    report = import_scenarios(_jsonl(tmp_path, rows))
    assert [str(e) for e in report.errors] == ["line 218, budget_min_cny: cannot be negative"]
    assert Scenario.objects.count() == 0
    report = import_scenarios(_jsonl(tmp_path, rows), skip_invalid=True)
    assert (report.created, len(report.errors)) == (299, 1)
    assert Scenario.objects.count() == 299


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"domain": "space"}, "line 1, domain: unknown domain code “space”"),
        ({"capabilities": ["warp_drive"]}, "line 1, capabilities: unknown capability codes: warp_drive"),
        ({"county_code": "320500"}, "line 1, county_code: “320500” is not a county-level region of Jiangsu"),
        ({"budget_min_cny": 9, "budget_max_cny": 1}, "line 1, budget_max_cny: is below budget_min_cny"),
        ({"budget_max_cny": "五十"}, "line 1, budget_max_cny: “五十” is not a whole number of yuan"),
        ({"title": " "}, "line 1, title: required"),
    ],
)
def test_import_reports_bad_fields(tmp_path, county, change, expected):
    report = import_scenarios(_jsonl(tmp_path, [dict(ROW, **change)]))
    assert [str(e) for e in report.errors] == [expected]
    assert Scenario.objects.count() == 0


def test_import_csv_in_gb18030_with_full_width_digits(tmp_path, county):
    path = tmp_path / "rows.csv"
    text = "id,title,description,domain,tags,county_code,budget_min_cny,budget_max_cny,language\n"
    text += "C1,远程会诊平台,乡镇卫生院需要远程会诊。,health,互联网医院|远程会诊,320583,１０００００,５０万,zh\n"
    path.write_bytes(text.encode("gb18030"))
    report = import_scenarios(path)
    assert (report.errors, report.encoding) == ([], "gb18030")
    scenario = Scenario.objects.get()
    assert (scenario.title, scenario.budget_min, scenario.budget_max) == ("远程会诊平台", 100_000, 500_000)
    assert scenario.tags == ["互联网医院", "远程会诊"]


def test_import_open_status_applies_publishing_rules(tmp_path, county):
    report = import_scenarios(_jsonl(tmp_path, [ROW]), status="open")
    assert [str(e) for e in report.errors] == [
        "line 1, deadline: required to open a scenario (give a deadline for the rows without one)"
    ]
    call_command(
        "import_scenarios",
        str(_jsonl(tmp_path, [ROW])),
        "--status",
        "open",
        "--deadline",
        "2099-01-31",
        stdout=io.StringIO(),
    )
    scenario = Scenario.objects.get()
    assert (scenario.status, scenario.deadline.date().isoformat()) == ("open", "2099-01-31")
    assert scenario.transitions.get().to_status == "open"


def test_import_open_needs_a_kpi_and_reads_them_from_csv_text(tmp_path, county):
    without = {**{key: value for key, value in ROW.items() if key != "kpis"}, "deadline": "2099-01-31"}
    report = import_scenarios(_jsonl(tmp_path, [without]), status="open")
    assert [str(e) for e in report.errors] == [
        "line 1, kpis: required to open a scenario (at least one “indicator: target”)"
    ]
    text = {**without, "kpis": "泊位周转率：≥ 6 次/日；投诉量: 下降 30%"}
    report = import_scenarios(_jsonl(tmp_path, [text]), status="open")
    assert report.errors == []
    assert list(Scenario.objects.get().kpis.values_list("indicator", "target")) == [
        ("泊位周转率", "≥ 6 次/日"),
        ("投诉量", "下降 30%"),
    ]


def test_import_bad_json_line_is_reported(tmp_path, county):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(ROW, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    report = import_scenarios(path)
    assert [(e.line, e.field) for e in report.errors] == [(2, "-")]
    assert Scenario.objects.count() == 0


def test_import_solution_needs_a_known_firm(tmp_path, firm):
    row = {
        "id": "P1",
        "firm": "不存在的公司",
        "title": "x",
        "description": "y",
        "domains": ["health"],
        "maturity": "pilot",
    }
    report = import_solutions(_jsonl(tmp_path, [row]))
    assert [str(e) for e in report.errors] == ["line 1, firm: no firm named “不存在的公司” (use --create-orgs)"]
    row["firm"] = firm.name_zh
    row["deployed_in"] = ["999999"]
    report = import_solutions(_jsonl(tmp_path, [row]))
    assert [str(e) for e in report.errors] == ["line 1, deployed_in: “999999” is not a county-level region of Jiangsu"]
    row["deployed_in"] = ["321322"]
    assert import_solutions(_jsonl(tmp_path, [row])).ok
    assert Solution.objects.get().deployments.get().county == region("321322")


def test_import_xlsx(tmp_path, county):
    from catalog.attachments import make_zip

    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>domain</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>county_code</t></is></c>'
        '<c r="D1" t="inlineStr"><is><t>budget_max_cny</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>智慧路灯改造</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>municipal</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>320583</t></is></c><c r="D2"><v>800000</v></c></row>'
        "</sheetData></worksheet>"
    )
    path = tmp_path / "rows.xlsx"
    path.write_bytes(make_zip({"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": sheet}))
    report = import_scenarios(path)
    assert report.errors == []
    scenario = Scenario.objects.get()
    assert (scenario.title, scenario.budget_max, scenario.domain.code) == ("智慧路灯改造", 800_000, "municipal")


def test_import_of_a_county_office_in_another_place_is_not_used(tmp_path, db):
    OrganizationFactory(region=region("321322"))
    report = import_scenarios(_jsonl(tmp_path, [ROW]))
    assert [e.field for e in report.errors] == ["county_code"]
