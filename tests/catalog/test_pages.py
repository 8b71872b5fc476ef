import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from catalog.models import Scenario, ScenarioRevision, Solution
from tests.factories import ScenarioFactory, SolutionFactory, capability, domain

S = Scenario.Status
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def _form(**overrides):
    data = {
        "title": "乡镇卫生院远程会诊",
        "summary": "让村民在镇上看上县医院专家",
        "domain": domain("health").pk,
        "tier": "small",
        "capabilities": [capability("telemedicine").pk],
        "tags": "远程会诊，慢病随访",
        "problem_statement": "乡镇卫生院缺少专科医生。",
        "expected_outcomes": "转诊率下降 20%",
        "county": "320583",
        "open_resources": "全县 12 家卫生院",
        "budget_min": "５０万",
        "budget_max": "1,200,000",
        "funding_model": "fiscal",
        "deadline": (NOW + dt.timedelta(days=20))
        .astimezone(timezone.get_current_timezone())
        .strftime("%Y-%m-%dT%H:%M"),
        "language": "zh",
        "criteria-TOTAL_FORMS": "4",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "10",
        "criteria-0-name": "技术方案",
        "criteria-0-weight": "50",
        "criteria-1-name": "价格",
        "criteria-1-weight": "50",
        "kpis-TOTAL_FORMS": "2",
        "kpis-INITIAL_FORMS": "0",
        "kpis-0-indicator": "县域内就诊率",
        "kpis-0-unit": "%",
        "kpis-0-baseline": "80",
        "kpis-0-target": "≥ 90",
        "resources-TOTAL_FORMS": "1",
        "resources-INITIAL_FORMS": "0",
        "resources-0-kind": "site",
        "resources-0-name": "12 家卫生院",
        "resources-0-access_terms": "预约进场",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_clerk_creates_previews_and_publishes(client_as, alice, county):
    client = client_as(alice)
    response = client.post(reverse("catalog:scenario-create"), _form())
    scenario = Scenario.objects.get()
    assert response.url == reverse("catalog:scenario-preview", args=[scenario.pk])
    assert (scenario.budget_min, scenario.budget_max, scenario.tags) == (500_000, 1_200_000, ["远程会诊", "慢病随访"])
    assert [(c.name, c.weight) for c in scenario.criteria.all()] == [("技术方案", 50), ("价格", 50)]
    assert list(scenario.kpis.values_list("indicator", "unit", "baseline", "target")) == [
        ("县域内就诊率", "%", "80", "≥ 90")
    ]
    assert list(scenario.resources.values_list("kind", "name", "access_terms")) == [("site", "12 家卫生院", "预约进场")]
    preview = client.get(response.url)
    assert "预览" in preview.content.decode() or "Preview" in preview.content.decode()
    client.post(reverse("catalog:scenario-transition", args=[scenario.pk, "publish"]))
    scenario.refresh_from_db()
    assert scenario.status == S.OPEN
    assert scenario in client_as(None).get(reverse("catalog:scenario-list")).context["scenarios"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"budget_min": "-5"}, "budget_min", "金额不能为负数。"),
        ({"budget_min": "300", "budget_max": "100"}, "budget_max", "上限金额不能低于下限金额。"),
        ({"budget_max": "很多"}, "budget_max", "请输入以元为单位的金额，例如 500000 或 50万。"),
        ({"county": "321322"}, "county", None),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_form_errors_are_shown_on_the_field_and_nothing_saved(client_as, alice, county, overrides, field, message):
    with timezone.override("Asia/Shanghai"):
        response = client_as(alice).post(reverse("catalog:scenario-create"), _form(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert form.errors[field] == [message]
    assert Scenario.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hans", "权重之和必须为 100（当前为 80）。"), ("en", "The weights must sum to 100 (they sum to 80).")],
)
@time_machine.travel(NOW, tick=False)
def test_form_weights_must_sum_to_100_in_both_languages(client_as, alice, county, language, message):
    response = client_as(alice).post(
        reverse("catalog:scenario-create"), _form(**{"criteria-1-weight": "30"}), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    assert response.context["criteria_formset"].non_form_errors() == [message]
    assert Scenario.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_edit_records_a_revision(client_as, alice, county):
    scenario = ScenarioFactory(owner=county, title="旧", capabilities=["telemedicine"])
    response = client_as(alice).post(reverse("catalog:scenario-edit", args=[scenario.pk]), _form(title="新"))
    assert response.status_code == 302
    revision = ScenarioRevision.objects.get()
    assert revision.changes["title"] == ["旧", "新"]


def test_publish_with_past_deadline_shows_the_error(client_as, alice, county):
    scenario = ScenarioFactory(owner=county, deadline=timezone.now() - dt.timedelta(days=1))
    response = client_as(alice).post(reverse("catalog:scenario-transition", args=[scenario.pk, "publish"]), follow=True)
    assert "征集截止时间必须晚于当前时间。" in [str(m) for m in response.context["messages"]]
    scenario.refresh_from_db()
    assert scenario.status == S.DRAFT


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"zone": "north"}, ["沭阳"]),
        ({"region": "320500"}, ["昆山", "过期"]),  # a city includes its counties
        ({"region": "320583"}, ["昆山", "过期"]),
        ({"budget_min": "3000000"}, ["沭阳", "过期"]),  # ranges overlap
        ({"budget_max": "100万"}, ["昆山"]),
        ({"status": "evaluating"}, ["过期"]),
        ({"status": "open"}, ["昆山", "沭阳"]),
        ({"domain": "transport"}, ["沭阳"]),
        ({"capability": "telemedicine"}, ["昆山"]),
        ({"replicable": "true"}, ["沭阳"]),
        ({"tier": "comprehensive"}, ["沭阳"]),
        ({"deadline_before": "2026-06-01"}, ["昆山", "过期"]),
        ({"q": "telehealth"}, ["昆山"]),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_scenario_filters_on_page_and_api(client, api_client, county, other_county, params, expected):
    ScenarioFactory(
        owner=county,
        status=S.OPEN,
        title="昆山",
        capabilities=["telemedicine"],
        budget_min=500_000,
        budget_max=900_000,
        deadline=NOW + dt.timedelta(days=10),
    )
    ScenarioFactory(
        owner=other_county,
        status=S.OPEN,
        title="沭阳",
        domain=domain("transport"),
        budget_min=2_000_000,
        budget_max=5_000_000,
        replicable=True,
        tier="comprehensive",
        deadline=NOW + dt.timedelta(days=60),
    )
    ScenarioFactory(
        owner=county,
        status=S.OPEN,
        title="过期",
        budget_min=5_000_000,
        budget_max=6_000_000,
        deadline=NOW - dt.timedelta(days=1),
    )
    page = client.get(reverse("catalog:scenario-list"), params)
    assert sorted(s.title for s in page.context["scenarios"]) == sorted(expected)
    api = api_client.get("/api/v1/scenarios/", params)
    assert sorted(r["title"] for r in api.json()["results"]) == sorted(expected)


def test_bad_filter_values_are_400_on_api_and_an_error_on_the_page(client, api_client, db):
    assert api_client.get("/api/v1/scenarios/", {"region": "999999"}).status_code == 400
    assert api_client.get("/api/v1/scenarios/", {"budget_min": "abc"}).status_code == 400
    page = client.get(reverse("catalog:scenario-list"), {"domain": "space"})
    assert page.status_code == 200
    assert "domain" in page.context["filter"].form.errors


def test_export_csv_and_json_only_visible_rows(client, api_client, county):
    ScenarioFactory(owner=county, status=S.OPEN, title="=cmd|' /C calc'!A0")
    ScenarioFactory(owner=county, title="草稿不导出")
    csv_body = client.get(reverse("catalog:scenario-list"), {"as": "csv"}).content.decode("utf-8-sig")
    assert "草稿不导出" not in csv_body
    assert "'=cmd" in csv_body
    data = api_client.get("/api/v1/scenarios/export/", {"as": "json"}).json()
    assert [r["title"] for r in data] == ["=cmd|' /C calc'!A0"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"maturity": "pilot"}, ["B"]),
        ({"region": "321300"}, ["A"]),
        ({"price_max": "100000"}, ["B"]),
        ({"domain": "transport"}, ["B"]),
    ],
)
def test_solution_filters(client, api_client, firm, params, expected):
    from catalog.models import Deployment
    from tests.factories import region

    a = SolutionFactory(owner=firm, title="A", price_min=500_000, price_max=800_000)
    Deployment.objects.create(solution=a, county=region("321322"), year=2024)
    SolutionFactory(
        owner=firm, title="B", maturity=Solution.Maturity.PILOT, price_min=50_000, domains=["transport", "health"]
    )
    page = client.get(reverse("catalog:solution-list"), params)
    assert sorted(s.title for s in page.context["solutions"]) == expected
    assert sorted(r["title"] for r in api_client.get("/api/v1/solutions/", params).json()["results"]) == expected


def test_region_and_organization_pages_list_catalog_items(client, county, firm):
    from catalog.models import Deployment
    from tests.factories import region

    ScenarioFactory(owner=county, status=S.OPEN, title="昆山公开场景")
    ScenarioFactory(owner=county, title="昆山草稿场景")
    solution = SolutionFactory(owner=firm, title="部署在昆山的方案")
    Deployment.objects.create(solution=solution, county=region("320583"))
    body = client.get(reverse("directory:region-detail", args=["320500"])).content.decode()
    assert "昆山公开场景" in body
    assert "昆山草稿场景" not in body
    assert "部署在昆山的方案" in body
    body = client.get(reverse("directory:organization-detail", args=[county.pk])).content.decode()
    assert "昆山公开场景" in body
    assert "昆山草稿场景" not in body


def test_the_firms_own_drafts_on_its_organisation_page_say_they_are_drafts(client_as, alice, county, dave, firm):
    """A member sees the organisation's unpublished entries among its catalog items; each says its state, a
    solution as a scenario does, so nobody takes a draft for a published offer."""
    ScenarioFactory(owner=county, title="昆山草稿场景")
    SolutionFactory(owner=firm, title="草稿方案", status=Solution.Status.DRAFT)
    SolutionFactory(owner=firm, title="公开方案")
    scenario_page = client_as(alice).get(
        reverse("directory:organization-detail", args=[county.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert re.search(r">昆山草稿场景</a> <span class=\"badge [^\"]+\">draft</span>", scenario_page.content.decode())
    body = client_as(dave).get(reverse("directory:organization-detail", args=[firm.pk]), HTTP_ACCEPT_LANGUAGE="en")
    body = body.content.decode()
    assert re.search(r">草稿方案</a> <span class=\"badge [^\"]+\">draft</span>", body)
    assert re.search(r">公开方案</a></li>", body)


def test_firm_creates_publishes_and_archives_a_solution(client_as, dave, firm):
    client = client_as(dave)
    response = client.post(
        reverse("catalog:solution-create"),
        {
            "title": "乡镇远程会诊一体机",
            "summary": "卫生院即插即用",
            "description": "支持 5G 与专线。",
            "domains": [domain("health").pk],
            "capabilities": [capability("telemedicine").pk],
            "tags": "互联网医院",
            "maturity": "deployed",
            "price_min": "３０万",
            "price_max": "80万",
            "delivery_model": "hybrid",
            "certifications": "等保三级",
            "languages": "zh, en",
            "language": "zh",
        },
    )
    solution = Solution.objects.get()
    assert response.url == reverse("catalog:solution-detail", args=[solution.pk])
    assert (solution.status, solution.price_min, solution.price_max, solution.languages) == (
        "draft",
        300_000,
        800_000,
        ["zh", "en"],
    )
    client.post(reverse("catalog:solution-action", args=[solution.pk, "publish"]))
    solution.refresh_from_db()
    assert solution.status == "published"
    client.post(reverse("catalog:deployment-add", args=[solution.pk]), {"county": "321322", "year": "2025"})
    assert list(solution.deployments.values_list("county_id", "year")) == [("321322", 2025)]
    client.post(reverse("catalog:solution-action", args=[solution.pk, "archive"]))
    solution.refresh_from_db()
    assert solution.status == "archived"
    assert client_as(None).get(reverse("catalog:solution-detail", args=[solution.pk])).status_code == 404


@pytest.mark.parametrize("kind", ["scenario", "solution"])
def test_the_keywords_typed_show_on_the_page_and_the_form_says_what_they_do(client_as, alice, county, dave, firm, kind):
    """A scenario's and a solution's free keywords are shown on its page, and both forms say that the keywords the
    site recognises become capabilities (the services link them on creation and on every edit)."""
    if kind == "scenario":
        entry, client = ScenarioFactory(owner=county, tags=["公交调度", "潮汐车道"]), client_as(alice)
    else:
        entry, client = SolutionFactory(owner=firm, tags=["公交调度", "潮汐车道"]), client_as(dave)
    page = client.get(reverse(f"catalog:{kind}-detail", args=[entry.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<dt class="col-sm-3">Keywords</dt><dd class="col-sm-9">公交调度, 潮汐车道</dd>' in page
    form = client.get(reverse(f"catalog:{kind}-edit", args=[entry.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Keywords we recognise are added as capabilities." in form


def test_action_buttons_follow_the_readers_language(client_as, alice, county):
    scenario = ScenarioFactory(owner=county)
    client = client_as(alice)
    url = reverse("catalog:scenario-preview", args=[scenario.pk])
    assert ">Publish</button>" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">发布</button>" in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


@pytest.mark.django_db
def test_history_names_fields_by_label_and_says_the_change_in_words(client, county, alice):
    from catalog import services

    scenario = ScenarioFactory(owner=county, title="旧标题", budget_max=500_000)
    services.scenario_update(
        scenario=scenario,
        actor=alice,
        title="新标题（试点）",
        budget_max=800_000,
        problem_statement="乡镇卫生院缺医生；",
    )
    client.force_login(alice)
    en = client.get(f"/scenarios/{scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Title: 旧标题 → 新标题（试点）" in en
    assert "Budget up to" in en and "CNY 500,000 → CNY 800,000" in en
    assert "Problem statement changed" in en
    assert "budget_max" not in en and "problem_statement" not in en
    zh = client.get(f"/scenarios/{scenario.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "50 万元 → 80 万元" in zh


@pytest.mark.django_db
def test_history_says_the_system_close_in_the_readers_language(client, county, alice):
    from catalog import services

    scenario = ScenarioFactory(
        owner=county, status=Scenario.Status.OPEN, deadline=timezone.now() + dt.timedelta(days=1)
    )
    Scenario.objects.filter(pk=scenario.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    assert services.scenarios_close_expired() == 1
    client.force_login(alice)
    en = client.get(f"/scenarios/{scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the deadline passed" in en
    zh = client.get(f"/scenarios/{scenario.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "征集截止时间已到" in zh and "deadline passed" not in zh


THIRTY_ONE = "，".join(f"关键词{n}" for n in range(31))
TOO_LONG = "很" * 101


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        (THIRTY_ONE, "关键词最多 30 个（您填写了 31 个）。"),
        (f"远程会诊，{TOO_LONG}", "每个关键词最多 100 个字符，请缩短“很很很很很很很很很很…”。"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_too_many_or_too_long_keywords_are_refused_on_the_field_not_dropped(client_as, alice, county, tags, message):
    client = client_as(alice)
    with timezone.override("Asia/Shanghai"):
        created = client.post(reverse("catalog:scenario-create"), _form(tags=tags))
    assert created.status_code == 200
    assert created.context["form"].errors["tags"] == [message]
    assert Scenario.objects.count() == 0
    scenario = ScenarioFactory(owner=county, tags=["公交调度"])
    title = scenario.title
    with timezone.override("Asia/Shanghai"):
        edited = client.post(reverse("catalog:scenario-edit", args=[scenario.pk]), _form(tags=tags))
    assert edited.status_code == 200
    assert edited.context["form"].errors["tags"] == [message]
    scenario.refresh_from_db()
    assert (scenario.title, scenario.tags) == (title, ["公交调度"])


def test_thirty_keywords_are_kept_all(client_as, alice, county):
    thirty = [f"关键词{n}" for n in range(29)] + ["很" * 100]
    with time_machine.travel(NOW, tick=False), timezone.override("Asia/Shanghai"):
        client_as(alice).post(reverse("catalog:scenario-create"), _form(tags="，".join(thirty)))
    assert Scenario.objects.get().tags == thirty


def test_solution_form_refuses_more_than_thirty_keywords(client_as, dave, firm):
    solution = SolutionFactory(owner=firm, tags=["公交调度"])
    title = solution.title
    response = client_as(dave).post(
        reverse("catalog:solution-edit", args=[solution.pk]),
        {
            "title": "新标题",
            "summary": "卫生院即插即用",
            "domains": [domain("health").pk],
            "tags": THIRTY_ONE,
            "maturity": "deployed",
            "delivery_model": "hybrid",
            "language": "zh",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["tags"] == ["关键词最多 30 个（您填写了 31 个）。"]
    solution.refresh_from_db()
    assert (solution.title, solution.tags) == (title, ["公交调度"])
