"""A verified organisation that changes who it is or where it acts goes back to verification (issue 17, item 1).

The attack: a county office admin renames the office and moves it to another county, stays verified, and then
publishes scenarios for that other county. Name, region, kind and credit code are what the provincial office
checked; changing any of them sends the organisation back to the queue, and publishing waits for the office.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalog.models import Scenario
from core.models import Notification
from directory import services
from directory.models import Organization
from tests.factories import ScenarioFactory, region

URL = "/api/v1/organizations/"
SIYANG = "321323"  # 泗阳县, a county that is not Kunshan's

pytestmark = pytest.mark.django_db


def test_api_region_and_name_change_sends_the_office_back_to_verification(api_as, alice, county, pat):
    draft = ScenarioFactory(owner=county, title="昆山草稿")
    api = api_as(alice)

    response = api.patch(f"{URL}{county.pk}/", {"region": SIYANG, "name_zh": "泗阳县数据局"}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["region"], response.json()["verification_status"]) == (SIYANG, "pending")
    county.refresh_from_db()
    assert (county.name_zh, county.region_id, county.verification_status) == ("泗阳县数据局", SIYANG, "pending")
    assert (county.verified_by, county.verified_at) == (None, None)
    assert Notification.objects.filter(user=pat, kind="organization_review").count() == 1
    # Nothing is published for the new county (nor the old one) until the provincial office checks again.
    created = api.post("/api/v1/scenarios/", {"title": "越界", "domain": "health", "county": SIYANG}, format="json")
    assert created.status_code == 403
    assert api.post(f"/api/v1/scenarios/{draft.pk}/publish/", {}, format="json").status_code == 403
    assert list(Scenario.objects.values_list("title", "status")) == [("昆山草稿", "draft")]


def test_html_form_rename_sends_the_office_back_to_verification(client_as, alice, county, pat):
    client = client_as(alice)
    form = {"name_zh": "昆山市大数据管理局", "name_en": county.name_en, "region": county.region_id}

    response = client.post(
        reverse("directory:organization-update", args=[county.pk]), form, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200
    county.refresh_from_db()
    assert (county.name_zh, county.verification_status) == ("昆山市大数据管理局", "pending")
    assert [str(m) for m in response.context["messages"]] == [
        "已保存。新的名称或所在地区须由省级部门重新审核，审核通过前本机构不能发布内容。"
    ]
    assert Notification.objects.filter(user=pat, kind="organization_review").count() == 1
    assert client.get(reverse("catalog:scenario-create")).status_code == 403


def test_html_form_region_change_then_publish_for_the_new_county_is_refused(client_as, alice, county):
    client = client_as(alice)
    form = {"name_zh": county.name_zh, "name_en": county.name_en, "region": SIYANG}
    saved = client.post(
        reverse("directory:organization-update", args=[county.pk]), form, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert [str(m) for m in saved.context["messages"]] == [
        "Saved. The new name or region has to be verified by the provincial office again; until then the "
        "organisation does not publish."
    ]
    county.refresh_from_db()
    assert (county.region_id, county.verification_status) == (SIYANG, "pending")

    ScenarioFactory(owner=county, county=region(SIYANG), title="泗阳草稿")
    scenario = Scenario.objects.get(title="泗阳草稿")
    response = client.post(reverse("catalog:scenario-transition", args=[scenario.pk, "publish"]))

    assert response.status_code == 403
    scenario.refresh_from_db()
    assert (scenario.status, scenario.published_at) == ("draft", None)


def test_details_other_than_identity_keep_the_verification(alice, county, pat):
    services.organization_update(organization=county, actor=alice, contact_name="李科长", description="新简介")
    county.refresh_from_db()
    assert county.verification_status == "verified"
    assert not Notification.objects.filter(kind="organization_review").exists()


def test_whitespace_around_the_same_name_is_not_a_change(alice, county):
    services.organization_update(organization=county, actor=alice, name_zh=f"  {county.name_zh} ")
    county.refresh_from_db()
    assert county.verification_status == "verified"


def test_after_verification_in_the_new_county_the_office_publishes_there_only(api_as, alice, county, pat):
    old_draft = ScenarioFactory(owner=county, title="昆山草稿")
    services.organization_update(organization=county, actor=alice, region=region(SIYANG))
    services.organization_verify(organization=county, actor=pat)
    api = api_as(alice)

    created = api.post("/api/v1/scenarios/", {"title": "泗阳场景", "domain": "health", "county": SIYANG}, format="json")
    stale = api.post(f"/api/v1/scenarios/{old_draft.pk}/publish/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert created.status_code == 201
    # The old draft is for Kunshan, which is no longer the office's (verified) county.
    assert stale.status_code == 409
    assert "own county" in stale.json()["detail"]
    old_draft.refresh_from_db()
    assert old_draft.status == "draft"


def test_provincial_office_identity_is_changed_by_a_superuser_only(pat, province, django_user_model):
    with pytest.raises(PermissionDenied):
        services.organization_update(organization=province, actor=pat, name_zh="江苏省政务服务管理办公室")
    province.refresh_from_db()
    assert (province.name_zh, province.verification_status) == ("江苏省数据局", "verified")

    root = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    services.organization_update(organization=province, actor=root, name_zh="江苏省政务服务管理办公室")
    province.refresh_from_db()
    assert (province.name_zh, province.verification_status) == ("江苏省政务服务管理办公室", "verified")


def test_firm_rename_goes_back_to_verification(dave, firm):
    services.organization_update(organization=firm, actor=dave, name_en="Yuntu Mobility Group")
    firm.refresh_from_db()
    assert firm.verification_status == Organization.Verification.PENDING
    assert not dave.has_perm("catalog.create_solution_for", firm)


def _rejected(organization, pat):
    services.organization_reject(organization=organization, actor=pat, reason="营业执照与名称不符，请更正。")
    Notification.objects.all().delete()


def test_html_edit_of_a_rejected_firm_puts_it_back_in_the_queue(client_as, dave, firm, pat):
    _rejected(firm, pat)
    client = client_as(dave)
    form = {"name_zh": "苏州云途智行科技股份有限公司", "name_en": firm.name_en, "region": firm.region_id}
    form["credit_code"] = firm.credit_code

    saved = client.post(
        reverse("directory:organization-update", args=[firm.pk]), form, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    firm.refresh_from_db()
    assert (firm.name_zh, firm.verification_status) == ("苏州云途智行科技股份有限公司", "pending")
    assert [str(m) for m in saved.context["messages"]] == ["已保存。本机构已重新提交，等待省级部门再次审核。"]
    assert "已按驳回意见修改，等待省级部门再次审核。" in saved.content.decode()
    assert list(Notification.objects.values_list("user__username", "kind", "title", "url")) == [
        (
            "pat",
            "organization_review",
            "苏州云途智行科技股份有限公司 已按驳回意见修改资料，等待重新审核。",
            reverse("directory:organization-detail", args=[firm.pk]),
        )
    ]
    # The province sees it in its queue again and can verify it.
    queue = client_as(pat).get(reverse("directory:verification-queue"))
    assert "苏州云途智行科技股份有限公司" in queue.content.decode()


def test_api_edit_of_a_rejected_firm_puts_it_back_in_the_queue(api_as, dave, firm, pat):
    _rejected(firm, pat)
    response = api_as(dave).patch(f"{URL}{firm.pk}/", {"contact_name": "王经理"}, format="json")
    assert (response.status_code, response.json()["verification_status"]) == (200, "pending")
    assert Notification.objects.filter(user=pat, kind="organization_review").count() == 1


def test_saving_a_rejected_firm_unchanged_leaves_it_rejected(dave, firm, pat):
    _rejected(firm, pat)
    services.organization_update(organization=firm, actor=dave, contact_name=firm.contact_name)
    firm.refresh_from_db()
    assert firm.verification_status == "rejected"
    assert not Notification.objects.exists()
