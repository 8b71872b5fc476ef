"""Review before publication, grades and numbered batches (county → city → province), where the province's
review policy asks for it — services with their refusals, the pages, the exports and the API."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from catalog import services
from catalog.models import Batch, ReviewPolicy, Scenario, ScenarioTransition
from core.exceptions import StateConflict
from directory.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, ScenarioFactory, UserFactory, region

S = Scenario.Status


@pytest.fixture
def client_as():
    """Django's test client signed in as the user, reading English pages (the site's default is Chinese)."""
    from django.test import Client

    def make(user=None):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def review_on(db):
    return ReviewPolicy.objects.create(province=region("320000"), required=True)


@pytest.fixture
def suzhou(db):
    """The city office over Kunshan (320583 lies in Suzhou, 320500)."""
    return OrganizationFactory(
        kind=Organization.Kind.CITY_OFFICE,
        name_zh="苏州市数据局",
        name_en="Suzhou Data Bureau",
        region=region("320500"),
    )


@pytest.fixture
def carol(suzhou):
    """An editor of the Suzhou city office: reviews Kunshan's scenarios."""
    user = UserFactory(username="carol")
    MembershipFactory(user=user, organization=suzhou, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def suqian_reviewer(db):
    office = OrganizationFactory(
        kind=Organization.Kind.CITY_OFFICE,
        name_zh="宿迁市数据局",
        name_en="Suqian Data Bureau",
        region=region("321300"),
    )
    user = UserFactory(username="sam")
    MembershipFactory(user=user, organization=office, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def draft(county):
    return ScenarioFactory(owner=county, title="昆山智慧停车")


def _submitted(draft, alice):
    return services.scenario_submit(scenario=draft, actor=alice, reason="请市局审核")


def _reviewed(draft, alice, carol):
    _submitted(draft, alice)
    return services.scenario_approve(scenario=draft, actor=carol, reason="同意报省")


# ---------------------------------------------------------------- services


def test_without_the_policy_submit_is_refused_and_publish_works(draft, alice):
    with pytest.raises(StateConflict) as refused:
        services.scenario_submit(scenario=draft, actor=alice)
    assert refused.value.messages == ["This province publishes without review: publish the scenario directly."]
    assert services.scenario_publish(scenario=draft, actor=alice).status == S.OPEN


def test_with_the_policy_publishing_directly_is_refused(review_on, draft, alice):
    with pytest.raises(StateConflict) as refused:
        services.scenario_publish(scenario=draft, actor=alice)
    assert refused.value.messages == [
        "Scenarios of this province are reviewed before publication: submit it for city review; "
        "the province publishes it in a batch."
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (S.DRAFT, None)


def test_county_submits_city_approves_with_comments_recorded(review_on, draft, alice, carol):
    _reviewed(draft, alice, carol)
    draft.refresh_from_db()
    assert draft.status == S.REVIEWED and draft.published_at is None
    steps = list(ScenarioTransition.objects.filter(scenario=draft).values_list("from_status", "to_status", "reason"))
    assert steps == [("draft", "submitted", "请市局审核"), ("submitted", "reviewed", "同意报省")]


def test_submit_checks_what_publication_needs(review_on, county, alice):
    incomplete = ScenarioFactory(owner=county, deadline=None)
    with pytest.raises(StateConflict) as refused:
        services.scenario_submit(scenario=incomplete, actor=alice)
    assert "Set a submission deadline before publishing." in refused.value.messages


def test_only_the_owner_editors_submit(review_on, draft, bob, charlie, carol):
    for outsider in (bob, charlie, carol):
        with pytest.raises(PermissionDenied):
            services.scenario_submit(scenario=draft, actor=outsider)


def test_only_the_city_office_over_the_county_approves(review_on, draft, alice, charlie, suqian_reviewer, pat):
    _submitted(draft, alice)
    for outsider in (alice, charlie, suqian_reviewer, pat):
        with pytest.raises(PermissionDenied) as refused:
            services.scenario_approve(scenario=draft, actor=outsider)
        assert refused.value.args == ("You may not do this.",)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_a_draft_cannot_be_approved(review_on, draft, carol):
    with pytest.raises(StateConflict) as refused:
        services.scenario_approve(scenario=draft, actor=carol)
    assert refused.value.messages == ["A scenario that is draft cannot become awaiting provincial publication."]


def test_return_needs_a_comment_and_goes_back_to_the_county(review_on, draft, alice, carol):
    _submitted(draft, alice)
    with pytest.raises(ValidationError) as refused:
        services.scenario_return(scenario=draft, actor=carol, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say what the county must change."]}
    services.scenario_return(scenario=draft, actor=carol, reason="预算区间过宽")
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert draft.transitions.last().reason == "预算区间过宽"
    # The county edits and submits again.
    services.scenario_update(scenario=draft, actor=alice, budget_max=1_500_000)
    assert _submitted(draft, alice).status == S.SUBMITTED


def test_after_city_approval_only_the_province_returns(review_on, draft, alice, carol, pat):
    _reviewed(draft, alice, carol)
    with pytest.raises(PermissionDenied):
        services.scenario_return(scenario=draft, actor=carol, reason="再看看")
    services.scenario_return(scenario=draft, actor=pat, reason="请补充数据开放清单")
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_province_grades_reviewed_scenarios_only(review_on, draft, alice, carol, pat):
    with pytest.raises(StateConflict) as refused:
        services.scenario_grade(scenario=draft, actor=pat, grade="benchmark")
    assert refused.value.messages == ["Only scenarios the city has approved, or published ones, are graded."]
    _reviewed(draft, alice, carol)
    with pytest.raises(ValidationError) as bad:
        services.scenario_grade(scenario=draft, actor=pat, grade="gold")
    assert bad.value.message_dict == {"grade": ["Choose a grade from the list."]}
    with pytest.raises(PermissionDenied):
        services.scenario_grade(scenario=draft, actor=alice, grade="benchmark")
    assert services.scenario_grade(scenario=draft, actor=pat, grade="benchmark").grade == "benchmark"


def test_batches_are_numbered_and_publish_every_scenario(review_on, county, alice, carol, pat):
    first = [ScenarioFactory(owner=county, title=f"场景{i}") for i in range(2)]
    for scenario in first:
        _reviewed(scenario, alice, carol)
    batch = services.batch_publish(province=region("320000"), actor=pat, scenarios=first, title="首批")
    assert (batch.number, batch.title, batch.published_by) == (1, "首批", pat)
    for scenario in first:
        scenario.refresh_from_db()
        assert (scenario.status, scenario.batch_id) == (S.OPEN, batch.pk)
        assert scenario.published_at is not None
    second = ScenarioFactory(owner=county)
    _reviewed(second, alice, carol)
    assert services.batch_publish(province=region("320000"), actor=pat, scenarios=[second]).number == 2


def test_a_batch_is_all_or_nothing(review_on, county, alice, carol, pat):
    ready = ScenarioFactory(owner=county, title="已审")
    _reviewed(ready, alice, carol)
    waiting = ScenarioFactory(owner=county, title="待审")
    _submitted(waiting, alice)
    with pytest.raises(StateConflict) as refused:
        services.batch_publish(province=region("320000"), actor=pat, scenarios=[ready, waiting])
    assert refused.value.messages == [
        "“待审” is awaiting city review: only scenarios the city has approved are published in a batch."
    ]
    ready.refresh_from_db()
    assert (ready.status, ready.published_at, ready.batch_id) == (S.REVIEWED, None, None)
    assert Batch.objects.count() == 0


def test_a_batch_needs_scenarios_and_the_province(review_on, draft, alice, carol, pat):
    with pytest.raises(ValidationError) as empty:
        services.batch_publish(province=region("320000"), actor=pat, scenarios=[])
    assert empty.value.message_dict == {"scenarios": ["Choose at least one reviewed scenario for the batch."]}
    _reviewed(draft, alice, carol)
    for outsider in (alice, carol):
        with pytest.raises(PermissionDenied):
            services.batch_publish(province=region("320000"), actor=outsider, scenarios=[draft])


def test_only_the_province_switches_the_policy(db, alice, carol, pat):
    for outsider in (alice, carol):
        with pytest.raises(PermissionDenied):
            services.review_policy_set(province=region("320000"), actor=outsider, required=True)
    with pytest.raises(ValidationError) as not_a_province:
        services.review_policy_set(province=region("320500"), actor=pat, required=True)
    assert not_a_province.value.message_dict == {"province": ["Choose a province."]}
    assert services.review_policy_set(province=region("320000"), actor=pat, required=True).required is True


# ---------------------------------------------------------------- pages


def test_owner_page_offers_submission_instead_of_publication(review_on, draft, alice, client_as):
    page = client_as(alice).get(f"/scenarios/{draft.pk}/").content.decode()
    assert "Submit for city review" in page and 'id="review-hint"' in page
    assert f'action="/scenarios/{draft.pk}/publish/"' not in page
    client_as(alice).post(f"/scenarios/{draft.pk}/submit/", {"reason": "请审核"})
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_without_the_policy_the_page_and_stepper_stay_as_before(draft, alice, client_as):
    page = client_as(alice).get(f"/scenarios/{draft.pk}/").content.decode()
    assert "Submit for city review" not in page and "awaiting city review" not in page
    assert f'action="/scenarios/{draft.pk}/publish/"' in page


def test_city_queue_approves_and_returns_through_the_page(review_on, county, alice, carol, client_as):
    one, two = ScenarioFactory(owner=county, title="场景甲"), ScenarioFactory(owner=county, title="场景乙")
    _submitted(one, alice)
    _submitted(two, alice)
    city = client_as(carol)
    page = city.get("/review/").content.decode()
    assert f'id="city-review-{one.pk}"' in page and f'id="city-review-{two.pk}"' in page
    assert city.post(f"/scenarios/{one.pk}/approve/", {"reason": "同意"}).status_code == 302
    refused = city.post(f"/scenarios/{two.pk}/return/", {"reason": ""})
    assert refused.status_code == 400
    city.post(f"/scenarios/{two.pk}/return/", {"reason": "补充指标"})
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == (S.REVIEWED, S.DRAFT)
    # Charlie's county is not Suzhou's: the page shows him nothing and the step is refused.
    assert city.get(f"/scenarios/{two.pk}/").status_code == 404


def test_outsiders_cannot_approve_through_the_page(review_on, draft, alice, charlie, client_as):
    _submitted(draft, alice)
    assert client_as(alice).post(f"/scenarios/{draft.pk}/approve/").status_code == 403
    assert client_as(charlie).post(f"/scenarios/{draft.pk}/approve/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_province_grades_and_publishes_a_batch_through_the_page(review_on, draft, alice, carol, pat, client_as):
    _reviewed(draft, alice, carol)
    province = client_as(pat)
    page = province.get("/review/").content.decode()
    assert f'id="province-review-{draft.pk}"' in page and 'id="batch-form"' in page
    province.post(f"/scenarios/{draft.pk}/grade/", {"grade": "demonstration"})
    empty = province.post("/review/batches/", {"title": "第一批"})
    assert empty.status_code == 400 and Batch.objects.count() == 0
    response = province.post("/review/batches/", {"title": "第一批", "scenarios": [draft.pk]})
    batch = Batch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/batches/{batch.pk}/"
    draft.refresh_from_db()
    assert (draft.status, draft.grade, draft.batch_id) == (S.OPEN, "demonstration", batch.pk)


def test_policy_toggle_is_the_provinces(db, alice, pat, client_as):
    assert client_as(alice).post("/review/policy/", {"required": "on"}).status_code == 403
    client_as(pat).post("/review/policy/", {"required": "on"})
    assert ReviewPolicy.objects.get(province_id="320000").required is True
    client_as(pat).post("/review/policy/", {})
    assert ReviewPolicy.objects.get(province_id="320000").required is False


@pytest.fixture
def published_batch(review_on, county, alice, carol, pat):
    graded = ScenarioFactory(owner=county, title="=标杆场景")
    plain = ScenarioFactory(owner=county, title="普通场景")
    for scenario in (graded, plain):
        _reviewed(scenario, alice, carol)
    services.scenario_grade(scenario=graded, actor=pat, grade="benchmark")
    return services.batch_publish(province=region("320000"), actor=pat, scenarios=[graded, plain], title="首批")


def test_batch_page_is_public(published_batch, client_as):
    page = client_as(None).get(f"/batches/{published_batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Opportunity list, batch 1" in page and "=标杆场景" in page and "普通场景" in page
    assert "benchmark (标杆)" in page
    listing = client_as(None).get("/batches/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/batches/{published_batch.pk}/"' in listing and "2 scenarios" in listing


def test_batch_exports_csv_and_xlsx_formula_safe(published_batch, client_as):
    anonymous = client_as(None)
    text = anonymous.get(f"/batches/{published_batch.pk}/?format=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["batch"], r["grade"], r["title"]) for r in rows] == [
        ("1", "benchmark", "'=标杆场景"),
        ("1", "", "普通场景"),
    ]
    xlsx = anonymous.get(f"/batches/{published_batch.pk}/?format=xlsx")
    assert xlsx["Content-Disposition"] == 'attachment; filename="batch-320000-1.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("batch", "grade", "id") and values[1][1] == "benchmark" and values[1][3] == "'=标杆场景"
    assert anonymous.get(f"/batches/{published_batch.pk}/?format=pdf").status_code == 400


def test_chinese_batch_page(published_batch, client_as):
    client = client_as(None)
    page = client.get(f"/batches/{published_batch.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "机会清单 第1批" in page


# ---------------------------------------------------------------- API


def test_api_review_flow(review_on, draft, alice, carol, pat, api_as):
    refused = api_as(alice).post(f"/api/v1/scenarios/{draft.pk}/publish/", {}, format="json")
    assert refused.status_code == 409
    assert api_as(alice).post(f"/api/v1/scenarios/{draft.pk}/submit/", {}, format="json").json()["status"] == (
        "submitted"
    )
    assert api_as(alice).post(f"/api/v1/scenarios/{draft.pk}/approve/", {}, format="json").status_code == 403
    assert api_as(carol).post(f"/api/v1/scenarios/{draft.pk}/return/", {}, format="json").status_code == 400
    assert api_as(carol).post(f"/api/v1/scenarios/{draft.pk}/approve/", {}, format="json").json()["status"] == (
        "reviewed"
    )
    graded = api_as(pat).post(f"/api/v1/scenarios/{draft.pk}/grade/", {"grade": "benchmark"}, format="json")
    assert graded.json()["grade"] == "benchmark"
    assert api_as(alice).post("/api/v1/batches/", {"scenarios": [draft.pk]}, format="json").status_code == 403
    created = api_as(pat).post("/api/v1/batches/", {"scenarios": [draft.pk], "title": "首批"}, format="json")
    assert created.status_code == 201
    assert (created.json()["number"], created.json()["scenarios"]) == (1, [draft.pk])
    again = api_as(pat).post("/api/v1/batches/", {"scenarios": [draft.pk]}, format="json")
    assert again.status_code == 400
    public = api_as(None).get("/api/v1/batches/").json()
    assert [b["number"] for b in public["results"]] == [1]
    assert api_as(None).get(f"/api/v1/scenarios/{draft.pk}/").json()["batch"] == created.json()["id"]


def test_api_city_return_answers_no_content(review_on, draft, alice, carol, api_as):
    _submitted(draft, alice)
    response = api_as(carol).post(f"/api/v1/scenarios/{draft.pk}/return/", {"reason": "补充"}, format="json")
    assert response.status_code == 204
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


# ---------------------------------------------------------------- the review policy in the API


def test_api_review_policy_is_public_and_only_the_province_switches_it(db, alice, carol, pat, api_as):
    assert api_as(None).get("/api/v1/review-policies/").json()["results"] == []
    assert api_as(None).put("/api/v1/review-policies/320000/", {"required": True}, format="json").status_code in (
        401,
        403,
    )
    for outsider in (alice, carol):  # a county office, the city office
        refused = api_as(outsider).put("/api/v1/review-policies/320000/", {"required": True}, format="json")
        assert refused.status_code == 403
    assert api_as(pat).put("/api/v1/review-policies/320500/", {"required": True}, format="json").status_code == 404
    assert api_as(pat).put("/api/v1/review-policies/320000/", {}, format="json").status_code == 400
    switched = api_as(pat).put("/api/v1/review-policies/320000/", {"required": True}, format="json")
    assert switched.status_code == 200
    assert {k: switched.json()[k] for k in ("province", "province_name", "required")} == {
        "province": "320000",
        "province_name": "江苏省",
        "required": True,
    }
    assert ReviewPolicy.objects.get(province_id="320000").updated_by == pat
    assert api_as(None).get("/api/v1/review-policies/320000/").json()["required"] is True
    assert api_as(None).get("/api/v1/review-policies/310000/").status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_api_review_policy_list_queries(db, n, api_as, django_assert_num_queries):
    from directory.models import Region

    for index in range(n):
        province = Region.objects.create(
            code=f"{index + 40}0000", name_zh=f"省{index}", name_en=f"P{index}", level=Region.Level.PROVINCE
        )
        ReviewPolicy.objects.create(province=province, required=index % 2 == 0)
    client = api_as(None)
    with django_assert_num_queries(2):
        rows = client.get("/api/v1/review-policies/").json()["results"]
    assert [r["province"] for r in rows] == [f"{i + 40}0000" for i in range(n)]


# ---------------------------------------------------------------- notifications of the review steps


def _told(kind: str = "scenario_review") -> list[tuple[str, str]]:
    from core.models import Notification

    rows = Notification.objects.filter(kind=kind).select_related("user").order_by("id", "user__username")
    return [(n.user.username, n.code) for n in rows]


def test_each_review_step_notifies_whoever_acts_next(review_on, draft, alice, bob, carol, suqian_reviewer, pat):
    from django.utils import translation

    from core.models import Notification
    from core.notification_text import render

    _submitted(draft, alice)
    # The Suzhou city office's editor reviews Kunshan's scenarios; Suqian's office and the county's viewer do not.
    assert _told() == [("carol", "catalog.review_submitted")]
    row = Notification.objects.get(user=carol)
    assert row.url == "/review/"
    with translation.override("en"):
        assert render(row.code, row.params) == (
            "“昆山智慧停车” awaits your review",
            "Kunshan Data Bureau submitted it for the city's review before the province publishes it.",
        )
    with translation.override("zh-hans"):
        assert render(row.code, row.params)[0] == "“昆山智慧停车”待您审核"
    services.scenario_approve(scenario=draft, actor=carol, reason="同意报省")
    assert _told()[-1] == ("pat", "catalog.review_approved")
    services.scenario_return(scenario=draft, actor=pat, reason="补充数据安全方案")
    assert _told()[-1] == ("alice", "catalog.review_returned")
    assert Notification.objects.get(code="catalog.review_returned").body == "补充数据安全方案"  # the comment
    assert len(_told()) == 3  # bob, a viewer of the county office, is not asked to act


def test_publication_in_a_batch_tells_the_owner_office(review_on, draft, alice, carol, pat):
    _reviewed(draft, alice, carol)
    batch = services.batch_publish(province=region("320000"), actor=pat, scenarios=[draft])
    assert _told()[-1] == ("alice", "catalog.batch_published")
    from django.utils import translation

    from core.models import Notification
    from core.notification_text import render

    row = Notification.objects.filter(code="catalog.batch_published").get()
    with translation.override("en"):
        assert render(row.code, row.params)[0] == (
            f"“昆山智慧停车” is published in the opportunity list, batch {batch.number}"
        )
