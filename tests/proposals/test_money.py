"""Contract values on award and payments by milestone: the rules, their refusals, who reads what, pages and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.exceptions import StateConflict
from proposals import selectors, services
from proposals.models import Contract, Engagement, Payment
from tests.proposals.conftest import AFTER, DAVE_PRICE
from tests.proposals.helpers import complete_evaluation


@pytest.fixture
def awarded(world, clock, alice):
    """Dave's proposal won (contract value stated: 1,000,000); the award is in its standstill period."""
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 8, 7], world.erin_proposal.pk: [6, 6, 6]})
    award = services.award_decide(
        scenario=world.scenario,
        actor=alice,
        proposals=[world.dave_proposal],
        reason="最优",
        contract_values={world.dave_proposal.pk: "100万"},
    )
    return award


@pytest.fixture
def engagement(awarded, clock, alice):
    clock(awarded.standstill_until + dt.timedelta(hours=1))
    services.award_finalise(award=awarded, actor=alice)
    engagement = Engagement.objects.get(award=awarded)
    first = services.milestone_add(engagement=engagement, actor=alice, title="上线", due_date=dt.date(2027, 1, 10))
    services.milestone_add(engagement=engagement, actor=alice, title="验收", due_date=dt.date(2027, 3, 10))
    services.milestone_done(milestone=first, actor=alice)
    return engagement


def _milestones(engagement):
    done, open_ = list(engagement.milestones.order_by("due_date"))
    return done, open_


def test_award_states_the_contract_value_parsed_by_the_one_money_parser(awarded, world):
    assert Contract.objects.get(proposal=world.dave_proposal).value == 1_000_000


def test_without_a_stated_value_the_winning_price_is_the_contract_value(world, clock, alice):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 8, 7], world.erin_proposal.pk: [6, 6, 6]})
    services.award_decide(scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="最优")
    assert Contract.objects.get(proposal=world.dave_proposal).value == DAVE_PRICE


def test_a_contract_value_only_for_a_winner_and_above_zero(world, clock, alice):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 8, 7], world.erin_proposal.pk: [6, 6, 6]})
    with pytest.raises(ValidationError) as exc:
        services.award_decide(
            scenario=world.scenario,
            actor=alice,
            proposals=[world.dave_proposal],
            reason="最优",
            contract_values={world.erin_proposal.pk: 5},
        )
    assert exc.value.messages == ["State contract values only for the winning proposals."]
    with pytest.raises(ValidationError) as exc:
        services.award_decide(
            scenario=world.scenario,
            actor=alice,
            proposals=[world.dave_proposal],
            reason="最优",
            contract_values={world.dave_proposal.pk: "-5"},
        )
    assert exc.value.messages == ["The amount must be more than zero."]


def test_owner_corrects_the_value_in_standstill_but_not_once_final(awarded, world, clock, alice, dave):
    services.contract_value_set(award=awarded, proposal=world.dave_proposal, actor=alice, value="90万")
    assert Contract.objects.get(proposal=world.dave_proposal).value == 900_000
    with pytest.raises(PermissionDenied):
        services.contract_value_set(award=awarded, proposal=world.dave_proposal, actor=dave, value=1)
    with pytest.raises(ValidationError) as exc:
        services.contract_value_set(award=awarded, proposal=world.erin_proposal, actor=alice, value=1)
    assert exc.value.messages == ["A contract value is stated only for a winning proposal."]
    clock(awarded.standstill_until + dt.timedelta(hours=1))
    services.award_finalise(award=awarded, actor=alice)
    with pytest.raises(StateConflict) as exc:
        services.contract_value_set(award=awarded, proposal=world.dave_proposal, actor=alice, value=1)
    assert exc.value.messages == ["The award is final; its contract values are fixed."]


@pytest.mark.parametrize(
    ("who", "in_standstill", "when_final"),
    [
        ("alice", True, True),  # owner office
        ("bob", True, True),  # owner office viewer
        ("dave", True, True),  # the awarded firm
        ("erin", False, True),  # a losing bidder
        ("pat", False, True),  # the provincial office
        ("charlie", False, True),  # another county
        ("anonymous", False, True),
    ],
)
def test_who_reads_the_contract_value(request, awarded, world, clock, alice, who, in_standstill, when_final):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert (world.dave_proposal.pk in selectors.contract_values_for(user=user, award=awarded)) is in_standstill
    clock(awarded.standstill_until + dt.timedelta(hours=1))
    services.award_finalise(award=awarded, actor=alice)
    awarded.refresh_from_db()
    assert (selectors.contract_values_for(user=user, award=awarded) == {world.dave_proposal.pk: 1_000_000}) is (
        when_final
    )


def test_award_notice_page_and_api_publish_the_value_only_once_final(
    awarded, world, clock, alice, dave, client_as, api_as
):
    page = client_as(None).get(f"/awards/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CNY 1,000,000" not in page
    assert "published with this notice once the award is final" in page
    own = client_as(dave).get(f"/awards/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CNY 1,000,000" in own and "not public yet" in own
    api = api_as(None).get(f"/api/v1/awards/{awarded.pk}/").json()
    assert api["winners"][0]["contract_value"] is None
    assert api_as(dave).get(f"/api/v1/awards/{awarded.pk}/").json()["winners"][0]["contract_value"] == 1_000_000
    clock(awarded.standstill_until + dt.timedelta(hours=1))
    services.award_finalise(award=awarded, actor=alice)
    page = client_as(None).get(f"/awards/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "100 万元" in page
    assert api_as(None).get(f"/api/v1/awards/{awarded.pk}/").json()["winners"][0]["contract_value"] == 1_000_000


def test_contract_value_page_form_and_api(awarded, world, alice, dave, client_as, api_as):
    response = client_as(alice).post(
        f"/county/scenarios/{world.scenario.pk}/award/contract/",
        {"proposal": world.dave_proposal.pk, "value": "８０万"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert Contract.objects.get(proposal=world.dave_proposal).value == 800_000
    page = client_as(alice).get(f"/county/scenarios/{world.scenario.pk}/award/", HTTP_ACCEPT_LANGUAGE="en")
    assert "CNY 800,000" in page.content.decode()
    body = {"proposal": world.dave_proposal.pk, "value": 750_000}
    assert api_as(dave).post(f"/api/v1/awards/{awarded.pk}/contract-value/", body, format="json").status_code == 403
    response = api_as(alice).post(f"/api/v1/awards/{awarded.pk}/contract-value/", body, format="json")
    assert response.status_code == 200
    assert response.json()["winners"][0]["contract_value"] == 750_000


def test_payment_rules_and_their_messages(engagement, clock, alice, dave):
    done, open_ = _milestones(engagement)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.payment_record(engagement=engagement, actor=alice, milestone=open_, amount=1, paid_on=today)
    assert exc.value.messages == ["“验收” is not done; a payment is recorded only against a done milestone."]
    with pytest.raises(PermissionDenied):
        services.payment_record(engagement=engagement, actor=dave, milestone=done, amount=1, paid_on=today)
    with pytest.raises(ValidationError) as exc:
        services.payment_record(
            engagement=engagement, actor=alice, milestone=done, amount=1, paid_on=today + dt.timedelta(days=1)
        )
    assert exc.value.messages == ["The payment date cannot be in the future."]
    with pytest.raises(ValidationError) as exc:
        services.payment_record(
            engagement=engagement, actor=alice, milestone=done, amount=1, paid_on=done.done_date - dt.timedelta(days=1)
        )
    assert exc.value.messages == [f"A milestone is paid on or after the day it was done ({done.done_date})."]
    with pytest.raises(ValidationError) as exc:
        services.payment_record(engagement=engagement, actor=alice, milestone=done, amount=0, paid_on=today)
    assert exc.value.messages == ["The amount must be more than zero."]
    services.payment_record(engagement=engagement, actor=alice, milestone=done, amount="60万", paid_on=today)
    with pytest.raises(ValidationError) as exc:
        services.payment_record(engagement=engagement, actor=alice, milestone=done, amount=400_001, paid_on=today)
    assert exc.value.messages == [
        "This payment (CNY 400,001) exceeds what remains of the contract value (CNY 400,000)."
    ]
    services.payment_record(engagement=engagement, actor=alice, milestone=done, amount=400_000, paid_on=today)
    money = selectors.engagement_money(engagement)
    assert (money["contract_value"], money["paid"], money["remaining"]) == (1_000_000, 1_000_000, 0)
    assert Payment.objects.filter(engagement=engagement).count() == 2


def test_a_waived_milestone_is_not_paid(engagement, alice):
    _done, open_ = _milestones(engagement)
    services.milestone_waive(milestone=open_, actor=alice, reason="取消")
    with pytest.raises(ValidationError, match="is not done"):
        services.payment_record(
            engagement=engagement, actor=alice, milestone=open_, amount=1, paid_on=timezone.localdate()
        )


def test_a_settled_milestone_is_not_marked_done_again_through_the_api(engagement, clock, alice, dave, api_as):
    """The page offers "Mark done" only for a milestone neither done nor waived; the API refuses the same, so a
    paid milestone keeps the day it was done and a waiver is not turned into a payable milestone."""
    done, open_ = _milestones(engagement)
    done_on = done.done_date
    services.payment_record(engagement=engagement, actor=alice, milestone=done, amount="30万", paid_on=done_on)
    services.milestone_waive(milestone=open_, actor=alice, reason="改由交通局统一采购")
    clock(timezone.now() + dt.timedelta(days=2))
    url = f"/api/v1/engagements/{engagement.pk}/milestone-done/"
    later = (done_on + dt.timedelta(days=2)).isoformat()
    again = api_as(dave).post(url, {"milestone": done.pk, "done_date": later}, format="json")
    assert (again.status_code, again.json()) == (409, {"detail": "This milestone is already done."})
    waived = api_as(dave).post(url, {"milestone": open_.pk}, format="json")
    assert (waived.status_code, waived.json()) == (409, {"detail": "This milestone was waived; it is not marked done."})
    shown = {m["id"]: m for m in api_as(alice).get(f"/api/v1/engagements/{engagement.pk}/").json()["milestones"]}
    assert (shown[done.pk]["done_date"], shown[open_.pk]["done_date"]) == (done_on.isoformat(), None)
    assert shown[open_.pk]["waived_reason"] == "改由交通局统一采购"


def test_engagement_page_and_api_show_and_record_payments(engagement, alice, dave, pat, client_as, api_as):
    done, open_ = _milestones(engagement)
    today = timezone.localdate().isoformat()
    url = f"/engagements/{engagement.pk}/payments/"
    refused = client_as(alice).post(
        url, {"milestone": done.pk, "amount": "200万", "paid_on": today}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 200
    assert "exceeds what remains of the contract value (CNY 1,000,000)" in refused.content.decode()
    ok = client_as(alice).post(url, {"milestone": done.pk, "amount": "30万", "paid_on": today, "note": "首付"})
    assert ok.status_code == 302
    assert client_as(dave).post(url, {"milestone": done.pk, "amount": "1", "paid_on": today}).status_code == 403
    page = client_as(dave).get(f"/engagements/{engagement.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "30 万元" in page and "70 万元" in page and "首付" in page
    api = api_as(pat).get(f"/api/v1/engagements/{engagement.pk}/").json()["money"]
    assert (api["contract_value"], api["paid"], api["remaining"]) == (1_000_000, 300_000, 700_000)
    assert api["payments"][0]["milestone_title"] == "上线"
    body = {"milestone": open_.pk, "amount": 1, "paid_on": today}
    response = api_as(alice).post(f"/api/v1/engagements/{engagement.pk}/payments/", body, format="json")
    assert response.status_code == 400
    assert "is not done" in str(response.json())
    body["milestone"] = done.pk
    response = api_as(alice).post(f"/api/v1/engagements/{engagement.pk}/payments/", body, format="json")
    assert response.status_code == 201
    assert response.json()["amount"] == 1
    assert api_as(dave).post(f"/api/v1/engagements/{engagement.pk}/payments/", body, format="json").status_code == 403
