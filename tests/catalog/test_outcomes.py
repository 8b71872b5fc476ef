"""Structured outcomes: KPI rows required to publish (service, page, API), opened resources that firms request and
the owner office approves or refuses (every request kept), and the permission matrix of those actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog import services
from catalog.models import OpenResource, ResourceRequest, Scenario
from core.exceptions import StateConflict
from tests.factories import ScenarioFactory
from tests.factories.catalog import domain

S = Scenario.Status
KPI = {"indicator": "平均候车时间", "unit": "分钟", "baseline": "18", "target": "≤ 14", "method": "刷卡数据"}
RESOURCE = {
    "kind": "api",
    "name": "公交刷卡数据接口",
    "access_terms": "签署数据安全承诺书",
    "available_until": "2099-12-31",
}


def _resource(scenario, **extra) -> OpenResource:
    return OpenResource.objects.create(
        scenario=scenario, kind="dataset", name="客流数据", access_terms="仅限试点", **extra
    )


# ---------------------------------------------------------------- KPIs and publishing


def test_publish_without_a_kpi_is_refused_with_a_clear_message(alice, county):
    draft = ScenarioFactory(owner=county, kpis=[])
    with pytest.raises(StateConflict) as refused:
        services.scenario_publish(scenario=draft, actor=alice)
    assert refused.value.message_dict == {"kpis": ["Give at least one KPI (indicator and target) before publishing."]}
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (S.DRAFT, None)


def test_create_with_kpis_and_resources_then_publish(alice, county):
    scenario = services.scenario_create(
        actor=alice,
        owner=county,
        criteria=[("方案", 100)],
        kpis=[KPI],
        resources=[RESOURCE],
        title="公交排班",
        problem_statement="候车时间长",
        domain=domain("transport"),
        budget_max=1_000_000,
        deadline=timezone.now() + dt.timedelta(days=10),
    )
    services.scenario_publish(scenario=scenario, actor=alice)
    kpi = scenario.kpis.get()
    assert (kpi.indicator, kpi.unit, kpi.baseline, kpi.target, kpi.method) == (
        "平均候车时间",
        "分钟",
        "18",
        "≤ 14",
        "刷卡数据",
    )
    resource = scenario.resources.get()
    assert (resource.kind, resource.name, resource.available_until) == (
        "api",
        "公交刷卡数据接口",
        dt.date(2099, 12, 31),
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"indicator": "", "target": "≤ 14"}], "KPI 1: name the indicator and give its target."),
        ([KPI, {"indicator": "满意度", "target": ""}], "KPI 2: name the indicator and give its target."),
        ([{"indicator": "x", "target": "1", "due_date": "soon"}], "Row 1: give a date as YYYY-MM-DD."),
        (["not a record"], "Each KPI is a record with an indicator and a target."),
    ],
)
def test_bad_kpi_rows_are_refused_and_nothing_is_saved(alice, county, rows, message):
    scenario = ScenarioFactory(owner=county)
    with pytest.raises(ValidationError) as refused:
        services.scenario_update(scenario=scenario, actor=alice, kpis=rows)
    assert refused.value.message_dict["kpis"] == [message]
    assert list(scenario.kpis.values_list("indicator", flat=True)) == ["群众平均等待时间"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({**RESOURCE, "kind": "rocket"}, "Resource 1: choose a kind (data set, API, site, device, sandbox)."),
        ({**RESOURCE, "access_terms": ""}, "Resource 1: state the access terms."),
        (
            {**RESOURCE, "available_from": "2030-02-01", "available_until": "2030-01-01"},
            "Resource 1: the window cannot end before it starts.",
        ),
    ],
)
def test_bad_resources_are_refused(alice, county, row, message):
    scenario = ScenarioFactory(owner=county)
    with pytest.raises(ValidationError) as refused:
        services.scenario_update(scenario=scenario, actor=alice, resources=[row])
    assert refused.value.message_dict["resources"] == [message]
    assert not scenario.resources.exists()


def test_an_open_scenario_keeps_at_least_one_kpi(alice, county):
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    with pytest.raises(ValidationError) as refused:
        services.scenario_update(scenario=scenario, actor=alice, kpis=[])
    assert refused.value.message_dict["kpis"] == ["A published scenario keeps at least one KPI."]


def test_a_scenario_published_before_kpis_existed_stays_valid_and_editable(alice, county):
    legacy = ScenarioFactory(owner=county, status=S.OPEN, kpis=[], expected_outcomes="候车时间下降 20%")
    services.scenario_update(scenario=legacy, actor=alice, kpis=[], summary="新摘要")
    legacy.refresh_from_db()
    assert (legacy.status, legacy.summary, legacy.expected_outcomes) == (S.OPEN, "新摘要", "候车时间下降 20%")


def test_kpi_edits_are_kept_in_the_revision(alice, county):
    scenario = ScenarioFactory(owner=county)
    services.scenario_update(scenario=scenario, actor=alice, kpis=[KPI])
    revision = scenario.revisions.get()
    assert list(revision.changes) == ["kpis"]
    assert revision.changes["kpis"][1] == [["平均候车时间", "分钟", "18", "≤ 14", "刷卡数据", None]]


def test_adoption_copies_the_kpis(alice, county, charlie, other_county):
    source = ScenarioFactory(owner=county, status=S.OPEN, replicable=True, kpis=[KPI])
    copy = services.scenario_adopt(source=source, actor=charlie, office=other_county)
    assert list(copy.kpis.values_list("indicator", "target")) == [("平均候车时间", "≤ 14")]


def test_publish_page_shows_the_refusal(client_as, alice, county):
    draft = ScenarioFactory(owner=county, kpis=[])
    response = client_as(alice).post(
        reverse("catalog:scenario-transition", args=[draft.pk, "publish"]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Give at least one KPI (indicator and target) before publishing." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_publish_api_refuses_without_a_kpi(api_as, alice, county):
    draft = ScenarioFactory(owner=county, kpis=[])
    response = api_as(alice).post(f"/api/v1/scenarios/{draft.pk}/publish/", {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "Give at least one KPI (indicator and target) before publishing."}


def test_api_creates_with_kpis_and_resources_and_shows_them(api_as, alice, county):
    payload = {
        "title": "API 场景",
        "domain": "transport",
        "problem_statement": "问题",
        "budget_max": 500000,
        "deadline": (timezone.now() + dt.timedelta(days=9)).isoformat(),
        "criteria": [{"name": "方案", "weight": 100}],
        "kpis": [KPI],
        "resources": [RESOURCE],
    }
    created = api_as(alice).post("/api/v1/scenarios/", payload, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert [(k["indicator"], k["target"]) for k in body["kpis"]] == [("平均候车时间", "≤ 14")]
    assert [(r["kind"], r["name"], r["available_until"]) for r in body["resources"]] == [
        ("api", "公交刷卡数据接口", "2099-12-31")
    ]
    published = api_as(alice).post(f"/api/v1/scenarios/{body['id']}/publish/", {}, format="json")
    assert (published.status_code, published.json()["status"]) == (200, "open")


def test_api_bad_kpi_is_a_400(api_as, alice, county):
    scenario = ScenarioFactory(owner=county)
    response = api_as(alice).patch(f"/api/v1/scenarios/{scenario.pk}/", {"kpis": [{"indicator": "x"}]}, format="json")
    assert response.status_code == 400
    # A partial update leaves nested fields optional: the service names the row.
    assert response.json() == {"kpis": ["KPI 1: name the indicator and give its target."]}


def test_form_saves_kpi_and_resource_rows(client_as, alice, county):
    scenario = ScenarioFactory(owner=county)
    url = reverse("catalog:scenario-edit", args=[scenario.pk])
    page = client_as(alice).get(url)
    data = {}
    for form_name in ("form", "criteria_formset", "kpi_formset", "resource_formset"):
        form = page.context[form_name]
        forms = [form] if form_name == "form" else [form.management_form, *form.forms]
        for f in forms:
            for field in f:
                value = field.value()
                if value is None:
                    continue
                if isinstance(value, list):
                    value = [getattr(v, "pk", v) for v in value]
                data[field.html_name] = value
    data.update(
        {
            "kpis-0-indicator": "候车时间",
            "kpis-0-target": "≤ 12",
            "kpis-0-unit": "分钟",
            "kpis-1-indicator": "满意度",
            "kpis-1-target": "≥ 90",
            "resources-0-kind": "site",
            "resources-0-name": "公交枢纽",
            "resources-0-access_terms": "预约进场",
        }
    )
    data["kpis-TOTAL_FORMS"] = "3"
    data["resources-TOTAL_FORMS"] = "2"
    data.pop("deadline", None)
    data["deadline"] = (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = client_as(alice).post(url, data)
    assert response.status_code == 302, response.context["kpi_formset"].errors if response.context else ""
    assert list(scenario.kpis.values_list("indicator", "target", "unit")) == [
        ("候车时间", "≤ 12", "分钟"),
        ("满意度", "≥ 90", ""),
    ]
    assert list(scenario.resources.values_list("kind", "name")) == [("site", "公交枢纽")]


def test_detail_page_shows_kpis_and_resources(client_as, county):
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    _resource(scenario)
    html = client_as(None).get(reverse("catalog:scenario-detail", args=[scenario.pk])).content.decode()
    assert "群众平均等待时间" in html
    assert "客流数据" in html
    assert "仅限试点" in html


# ---------------------------------------------------------------- resource requests


def test_firm_requests_and_owner_approves(dave, firm, alice, county):
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    resource = _resource(scenario)
    request = services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="训练模型")
    assert (request.status, request.requested_by, request.firm) == ("pending", dave, firm)
    decided = services.resource_request_decide(request=request, actor=alice, approve=True)
    assert (decided.status, decided.decided_by, decided.decided_at is not None) == ("approved", alice, True)


def test_refusal_needs_a_reason_and_is_logged(dave, firm, alice, county):
    resource = _resource(ScenarioFactory(owner=county, status=S.OPEN))
    request = services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="训练模型")
    with pytest.raises(ValidationError) as refused:
        services.resource_request_decide(request=request, actor=alice, approve=False)
    assert refused.value.message_dict == {"note": ["Say why the request is refused."]}
    services.resource_request_decide(request=request, actor=alice, approve=False, note="数据尚未脱敏")
    request.refresh_from_db()
    assert (request.status, request.decision_note) == ("refused", "数据尚未脱敏")
    with pytest.raises(StateConflict) as again:
        services.resource_request_decide(request=request, actor=alice, approve=True)
    assert again.value.messages == ["This request has already been decided (refused)."]
    # A refused firm may ask again; every request stays on record.
    services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="已脱敏后再申请")
    assert ResourceRequest.objects.filter(resource=resource).count() == 2


def test_one_pending_request_per_firm(dave, firm, county):
    resource = _resource(ScenarioFactory(owner=county, status=S.OPEN))
    services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="a")
    with pytest.raises(StateConflict) as refused:
        services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="b")
    assert refused.value.messages == ["Your firm already has a pending request for this resource."]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("draft", "Access can be requested only while the scenario is open, evaluated or piloted."),
        ("expired", "This resource was available until 2020-01-31."),
        ("no_purpose", "Say what you need the resource for."),
    ],
)
def test_request_refusals(dave, firm, county, setup, message):
    scenario = ScenarioFactory(owner=county, status=S.DRAFT if setup == "draft" else S.OPEN)
    resource = _resource(scenario, available_until=dt.date(2020, 1, 31) if setup == "expired" else None)
    with pytest.raises(ValidationError) as refused:
        services.resource_request_create(
            resource=resource, actor=dave, firm=firm, purpose="" if setup == "no_purpose" else "x"
        )
    assert refused.value.messages == [message]
    assert not ResourceRequest.objects.exists()


# Matrix: who may request for the firm, who may decide for the owner, who reads the requests.
@pytest.mark.parametrize(
    ("role", "may_request", "may_decide", "reads"),
    [
        ("anonymous", False, False, 0),
        ("dave", True, False, 1),  # the requesting firm's admin: its own request
        ("erin", False, False, 0),  # another firm
        ("alice", False, True, 1),  # owner admin
        ("bob", False, False, 1),  # owner viewer: reads, cannot decide
        ("charlie", False, False, 0),  # another county office
        ("pat", False, False, 1),  # provincial office reads
    ],
)
def test_resource_permission_matrix(
    role, may_request, may_decide, reads, alice, bob, charlie, dave, erin, pat, firm, county
):
    from django.contrib.auth.models import AnonymousUser

    from catalog import selectors

    people = {
        "anonymous": AnonymousUser(),
        "dave": dave,
        "erin": erin,
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "pat": pat,
    }
    user = people[role]
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    resource = _resource(scenario)
    assert user.has_perm("catalog.request_resource", firm) is may_request
    assert user.has_perm("catalog.decide_resource_request", scenario) is may_decide
    request = services.resource_request_create(resource=resource, actor=dave, firm=firm, purpose="x")
    assert selectors.resource_requests_visible_to(user=user, scenario=scenario).count() == reads
    if not may_request:
        with pytest.raises(PermissionDenied):
            services.resource_request_create(resource=resource, actor=user, firm=firm, purpose="y")
    if not may_decide:
        with pytest.raises(PermissionDenied):
            services.resource_request_decide(request=request, actor=user, approve=True)


def test_request_and_decide_through_the_pages(client_as, dave, alice, county):
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    resource = _resource(scenario)
    detail = reverse("catalog:scenario-detail", args=[scenario.pk])
    assert "Request access" in client_as(dave).get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client_as(dave).post(reverse("catalog:resource-request", args=[scenario.pk, resource.pk]), {"purpose": "训练"})
    request = ResourceRequest.objects.get()
    refused = client_as(alice).post(
        reverse("catalog:resource-decide", args=[scenario.pk, request.pk, "refuse"]),
        {"note": ""},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Say why the request is refused." in refused.content.decode()
    client_as(alice).post(reverse("catalog:resource-decide", args=[scenario.pk, request.pk, "approve"]), {})
    request.refresh_from_db()
    assert request.status == "approved"
    # The firm sees its decided request; another firm does not see it.
    assert "训练" in client_as(dave).get(detail).content.decode()


def test_resource_request_api(api_as, dave, erin, alice, county):
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    resource = _resource(scenario)
    created = api_as(dave).post(
        "/api/v1/resource-requests/", {"resource": resource.pk, "purpose": "训练"}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "pending"
    assert api_as(erin).get(f"/api/v1/resource-requests/{pk}/").status_code == 404
    assert api_as(dave).post(f"/api/v1/resource-requests/{pk}/approve/", {}, format="json").status_code == 403
    refused = api_as(alice).post(f"/api/v1/resource-requests/{pk}/refuse/", {}, format="json")
    assert (refused.status_code, refused.json()) == (400, {"note": ["Say why the request is refused."]})
    approved = api_as(alice).post(f"/api/v1/resource-requests/{pk}/approve/", {"note": "ok"}, format="json")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    listing = api_as(alice).get(f"/api/v1/resource-requests/?scenario={scenario.pk}")
    assert [r["id"] for r in listing.json()["results"]] == [pk]
