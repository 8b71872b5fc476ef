"""Rewards and vouchers: who grants to whom, the refusals and their messages, paid and withdrawn, pages and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.exceptions import StateConflict
from directory.models import Membership, Organization
from funding import selectors, services
from funding.models import Grant
from proposals.models import Award, Engagement
from tests.conftest import _member
from tests.factories import OrganizationFactory, region
from tests.factories import proposal_factories as pf


@pytest.fixture
def suzhou(db):
    return OrganizationFactory(kind=Organization.Kind.CITY_OFFICE, region=region("320500"), name_zh="苏州市数据局")


@pytest.fixture
def sam(suzhou):
    return _member("sam", suzhou, Membership.Role.EDITOR)


@pytest.fixture
def provincial_editor(province):
    return _member("penny", province, Membership.Role.EDITOR)


def _grant(actor, grantor, grantee, **extra):
    values = {
        "kind": Grant.Kind.VOUCHER,
        "amount": "10万",
        "conditions": "开放新场景后核销。",
        "granted_on": timezone.localdate(),
    }
    values.update(extra)
    return services.grant_create(actor=actor, grantor=grantor, grantee=grantee, **values)


def test_province_grants_a_reward_to_a_firm_with_its_conditions(provincial_editor, province, firm):
    grant = _grant(provincial_editor, province, firm, kind=Grant.Kind.REWARD, amount="５０万")
    assert (grant.amount, grant.status, grant.grantor, grant.grantee) == (500_000, "granted", province, firm)


def test_only_the_granting_office_editors_grant(province, alice, county, dave, firm):
    with pytest.raises(PermissionDenied):  # a county office does not grant
        _grant(alice, county, firm)
    with pytest.raises(PermissionDenied):
        _grant(dave, province, firm)


def test_refusals_and_their_messages(provincial_editor, province, firm, other_firm, county):
    with pytest.raises(ValidationError) as exc:
        _grant(provincial_editor, province, province, amount="0", conditions=" ", granted_on=dt.date(2099, 1, 1))
    assert exc.value.message_dict == {
        "grantee": ["A reward or voucher goes to a verified county office or firm."],
        "amount": ["The amount must be more than zero."],
        "conditions": ["State the conditions of the reward or voucher."],
        "granted_on": ["The date cannot be in the future."],
    }
    scenario = pf.scenario(owner=county, deadline=timezone.now() + dt.timedelta(days=3))
    proposal = pf.proposal(scenario=scenario, firm=other_firm)
    award = Award.objects.create(scenario=scenario, reason="最优", standstill_until=timezone.now())
    engagement = Engagement.objects.create(
        award=award, proposal=proposal, scenario=scenario, firm=other_firm, solution=proposal.solutions.get()
    )
    with pytest.raises(ValidationError) as exc:
        _grant(provincial_editor, province, firm, engagement=engagement)
    assert exc.value.message_dict == {"engagement": ["The engagement is another firm's."]}
    assert _grant(provincial_editor, province, other_firm, engagement=engagement).scenario == scenario
    other_county = OrganizationFactory(region=region("321322"))
    with pytest.raises(ValidationError) as exc:
        _grant(provincial_editor, province, other_county, scenario=scenario)
    assert exc.value.message_dict == {"scenario": ["The scenario is another county office's."]}


def test_a_city_office_grants_only_within_its_city(sam, suzhou, county, firm, other_firm):
    assert _grant(sam, suzhou, county).grantee == county  # 昆山 is in 苏州
    shuyang = OrganizationFactory(region=region("321322"))
    with pytest.raises(ValidationError) as exc:
        _grant(sam, suzhou, shuyang)
    assert exc.value.messages == [
        "A city office grants to county offices and firms of its city, or for a scenario in its city."
    ]
    assert _grant(sam, suzhou, firm).grantee == firm  # 云途 is registered in 苏州
    nanjing_firm = OrganizationFactory(firm=True, region=region("320115"))
    with pytest.raises(ValidationError):
        _grant(sam, suzhou, nanjing_firm)
    scenario = pf.scenario(owner=county, deadline=timezone.now() + dt.timedelta(days=3))
    assert _grant(sam, suzhou, nanjing_firm, scenario=scenario).scenario == scenario  # for a 昆山 scenario


def test_paid_and_withdrawn(provincial_editor, province, firm, dave):
    grant = _grant(provincial_editor, province, firm, granted_on=timezone.localdate() - dt.timedelta(days=5))
    with pytest.raises(PermissionDenied):
        services.grant_mark_paid(grant=grant, actor=dave, paid_on=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        services.grant_mark_paid(
            grant=grant, actor=provincial_editor, paid_on=timezone.localdate() - dt.timedelta(days=6)
        )
    assert exc.value.messages == [
        f"The paid date is on or after the granted date ({timezone.localdate() - dt.timedelta(days=5)})."
    ]
    with pytest.raises(ValidationError) as exc:
        services.grant_withdraw(grant=grant, actor=provincial_editor, reason=" ")
    assert exc.value.messages == ["Say why the grant is withdrawn."]
    services.grant_mark_paid(grant=grant, actor=provincial_editor, paid_on=timezone.localdate())
    with pytest.raises(StateConflict) as exc:
        services.grant_withdraw(grant=grant, actor=provincial_editor, reason="放弃")
    assert exc.value.messages == ["A paid grant cannot be withdrawn."]
    other = _grant(provincial_editor, province, firm)
    services.grant_withdraw(grant=other, actor=provincial_editor, reason="企业放弃")
    with pytest.raises(StateConflict) as exc:
        services.grant_mark_paid(grant=other, actor=provincial_editor, paid_on=timezone.localdate())
    assert exc.value.messages == ["A grant that is withdrawn cannot be marked paid."]
    totals = selectors.totals(Grant.objects.all())
    assert totals["paid"] == {"n": 1, "amount": 100_000}
    assert totals["withdrawn"] == {"n": 1, "amount": 100_000}


def test_who_reads_grants(provincial_editor, province, firm, dave, erin, pat, alice):
    grant = _grant(provincial_editor, province, firm)
    assert list(selectors.grants_visible_to(dave)) == [grant]
    assert list(selectors.grants_visible_to(pat)) == [grant]
    assert list(selectors.grants_visible_to(erin)) == []
    assert list(selectors.grants_visible_to(alice)) == []


def test_pages(provincial_editor, province, firm, dave, erin, client_as):
    response = client_as(provincial_editor).post(
        "/funding/grants/new/",
        {
            "grantor": province.pk,
            "grantee": firm.pk,
            "kind": "reward",
            "amount": "200万",
            "conditions": "通过验收后兑付。",
            "granted_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert grant.amount == 2_000_000
    refused = client_as(provincial_editor).post(
        "/funding/grants/new/",
        {"grantor": province.pk, "grantee": firm.pk, "kind": "reward", "amount": "1", "conditions": " ",
         "granted_on": timezone.localdate().isoformat()},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode() or "State the conditions" in refused.content.decode()
    listing = client_as(dave).get("/funding/grants/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "200 万元" in listing and "揭榜挂帅奖励" in listing
    assert "grant-form-h" not in listing  # a firm does not grant
    assert client_as(erin).get(f"/funding/grants/{grant.pk}/").status_code == 404
    page = client_as(dave).get(f"/funding/grants/{grant.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "通过验收后兑付。" in page and "Mark paid" not in page
    assert client_as(dave).post(f"/funding/grants/{grant.pk}/withdraw/", {"reason": "x"}).status_code == 403
    response = client_as(provincial_editor).post(f"/funding/grants/{grant.pk}/withdraw/", {"reason": "条件未满足"})
    assert response.status_code == 302
    assert Grant.objects.get().status == "withdrawn"


def test_api(provincial_editor, province, firm, dave, api_as):
    body = {
        "grantor": province.pk,
        "grantee": firm.pk,
        "kind": "voucher",
        "amount": 300_000,
        "conditions": "用于采购场景服务。",
        "granted_on": timezone.localdate().isoformat(),
    }
    assert api_as(dave).post("/api/v1/grants/", body, format="json").status_code == 403
    created = api_as(provincial_editor).post("/api/v1/grants/", body, format="json")
    assert created.status_code == 201
    grant_id = created.json()["id"]
    listed = api_as(dave).get("/api/v1/grants/").json()["results"]
    assert [g["id"] for g in listed] == [grant_id]
    assert listed[0]["amount"] == 300_000 and listed[0]["grantee_name"]
    future = {"paid_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}
    refused = api_as(provincial_editor).post(f"/api/v1/grants/{grant_id}/paid/", future, format="json")
    assert refused.status_code == 400
    assert "The date cannot be in the future." in str(refused.json())
    today = {"paid_on": timezone.localdate().isoformat()}
    paid = api_as(provincial_editor).post(f"/api/v1/grants/{grant_id}/paid/", today, format="json")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    again = api_as(provincial_editor).post(f"/api/v1/grants/{grant_id}/withdraw/", {"reason": "x"}, format="json")
    assert again.status_code == 409


def test_api_actions_answer_404_to_outsiders_whatever_the_body(provincial_editor, province, firm, erin, api_as):
    """As on the grant's page and in the other APIs: a grant one may not read is not found, before the body is
    read (an empty body is not a reason to answer 400 about a grant one cannot see)."""
    grant = _grant(provincial_editor, province, firm)
    for action in ("paid", "withdraw"):
        response = api_as(erin).post(f"/api/v1/grants/{grant.pk}/{action}/", {}, format="json")
        assert response.status_code == 404, action
    assert Grant.objects.get().status == "granted"


def test_api_filters_refuse_ids_beyond_64_bits(provincial_editor, api_as):
    client = api_as(provincial_editor)
    assert client.get("/api/v1/grants/?grantee=11358084658732534647979245568").status_code == 400
    assert client.get("/api/v1/grants/?grantor=1&status=paid").status_code == 200
