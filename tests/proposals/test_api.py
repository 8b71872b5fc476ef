"""The API: creation with bad input answered 400 (nothing saved), query counts of the lists, engagements."""

from __future__ import annotations

import json

import pytest

from proposals import services
from proposals.models import Engagement, Proposal
from tests.factories import MembershipFactory, UserFactory
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import AFTER, DEADLINE
from tests.proposals.helpers import complete_evaluation, proposal_payload

_payload = proposal_payload


@pytest.fixture
def open_scenario(clock, county, firm, dave):
    return pf.scenario(owner=county, deadline=DEADLINE), pf.solution(firm=firm)


def test_api_create_and_submit(open_scenario, api_as, dave):
    scenario, solution = open_scenario
    response = api_as(dave).post("/api/v1/proposals/", _payload(scenario, solution), format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["price"], body["solutions"], body["version"]) == (
        "submitted",
        1_000_000,
        [solution.pk],
        1,
    )


@pytest.mark.parametrize(
    ("raw_price", "message"),
    [
        ("-1", "The price cannot be negative."),
        ("1e309", "Enter the price as a whole number of yuan, e.g. 1200000."),
        ('"1e309"', "Enter the price in yuan, e.g. 1200000, 1,200,000 or 120万."),
        ("1000.5", "Enter the price as a whole number of yuan, e.g. 1200000."),
        ("true", "Enter the price as a whole number of yuan, e.g. 1200000."),
    ],
)
def test_api_create_rejects_bad_prices(open_scenario, api_as, dave, raw_price, message):
    scenario, solution = open_scenario
    body = json.dumps(_payload(scenario, solution, price=0)).replace('"price": 0', f'"price": {raw_price}')
    response = api_as(dave).post("/api/v1/proposals/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"price": [message]}
    assert Proposal.objects.count() == 0


def test_api_create_twice_is_409_and_one_proposal(open_scenario, api_as, dave):
    scenario, solution = open_scenario
    client = api_as(dave)
    assert client.post("/api/v1/proposals/", _payload(scenario, solution), format="json").status_code == 201
    response = client.post("/api/v1/proposals/", _payload(scenario, solution), format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "Your firm already has an active proposal for this scenario; revise that one."}
    assert Proposal.objects.count() == 1


def test_api_create_after_the_deadline_is_409(open_scenario, api_as, dave, clock):
    scenario, solution = open_scenario
    clock(DEADLINE)
    response = api_as(dave).post("/api/v1/proposals/", _payload(scenario, solution), format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "The deadline for proposals passed at 2026-12-01 17:00:00; nothing was saved."}


def test_api_create_for_an_unknown_or_draft_scenario_is_404(clock, county, firm, dave, api_as):
    draft = pf.scenario(owner=county, status="draft")
    solution = pf.solution(firm=firm)
    assert api_as(dave).post("/api/v1/proposals/", _payload(draft, solution), format="json").status_code == 404
    body = _payload(draft, solution)
    body["scenario"] = 999999
    assert api_as(dave).post("/api/v1/proposals/", body, format="json").status_code == 404


def test_api_create_with_another_firms_solution_is_400(open_scenario, api_as, dave, other_firm):
    scenario, _solution = open_scenario
    response = api_as(dave).post("/api/v1/proposals/", _payload(scenario, pf.solution(firm=other_firm)), format="json")
    assert response.status_code == 400
    assert response.json() == {"solutions": ["Choose only published solutions of your own firm."]}


def test_api_revise_and_withdraw(open_scenario, api_as, dave):
    scenario, solution = open_scenario
    client = api_as(dave)
    pk = client.post("/api/v1/proposals/", _payload(scenario, solution), format="json").json()["id"]
    response = client.patch(f"/api/v1/proposals/{pk}/", {"price": "900000"}, format="json")
    assert (response.status_code, response.json()["price"], response.json()["version"]) == (200, 900_000, 2)
    assert [r["number"] for r in client.get(f"/api/v1/proposals/{pk}/revisions/").json()] == [1, 2]
    assert client.post(f"/api/v1/proposals/{pk}/withdraw/").json()["status"] == "withdrawn"


@pytest.mark.parametrize("n", [1, 3])
def test_api_proposal_list_query_count_is_flat(clock, county, firm, dave, api_as, django_assert_num_queries, n):
    for _ in range(n):
        pf.proposal(scenario=pf.scenario(owner=county, deadline=DEADLINE), firm=firm)
    client = api_as(dave)
    # memberships, provincial check, count, page, solutions, attachments, revisions (the cited solutions as
    # submitted); the sealed-read log needs no query (own firm)
    with django_assert_num_queries(6):
        response = client.get("/api/v1/proposals/")
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_api_proposal_list_for_the_owner_logs_reads_in_one_query(
    clock, county, alice, api_as, django_assert_num_queries, n
):
    from tests.factories import OrganizationFactory

    scenario = pf.scenario(owner=county, deadline=DEADLINE)
    for i in range(n):
        pf.proposal(scenario=scenario, firm=OrganizationFactory(firm=True, name_zh=f"投标企业{i}"))
    clock(AFTER)
    with django_assert_num_queries(7):  # + revisions (the cited solutions as submitted)
        response = api_as(alice).get("/api/v1/proposals/")
    assert response.json()["count"] == n


@pytest.fixture
def engagement(world, clock, alice):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [4, 4, 4]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    return Engagement.objects.get()


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 200), ("dave", 200), ("pat", 200), ("erin", 404), ("charlie", 404), ("mallory", 404)],
)
def test_api_engagement_detail_visibility(request, engagement, api_as, who, status):
    assert api_as(request.getfixturevalue(who)).get(f"/api/v1/engagements/{engagement.pk}/").status_code == status


def test_api_engagement_actions(engagement, api_as, alice, dave, bob):
    assert (
        api_as(bob).post(f"/api/v1/engagements/{engagement.pk}/advance/", {"to": "piloting"}, format="json").status_code
        == 403
    )
    assert (
        api_as(dave)
        .post(f"/api/v1/engagements/{engagement.pk}/advance/", {"to": "piloting"}, format="json")
        .status_code
        == 403
    )
    response = api_as(alice).post(f"/api/v1/engagements/{engagement.pk}/advance/", {"to": "piloting"}, format="json")
    assert response.json()["status"] == "piloting"
    milestone = api_as(dave).post(
        f"/api/v1/engagements/{engagement.pk}/milestones/", {"title": "上线", "due_date": "2026-12-20"}, format="json"
    )
    assert milestone.status_code == 201
    done = api_as(dave).post(
        f"/api/v1/engagements/{engagement.pk}/milestone-done/", {"milestone": milestone.json()["id"]}, format="json"
    )
    assert done.json()["done_date"] == AFTER.date().isoformat()
    kpi = api_as(dave).post(
        f"/api/v1/engagements/{engagement.pk}/kpis/",
        {"name": "会诊量", "target": "200/月", "result": "260/月", "met": True},
        format="json",
    )
    assert kpi.status_code == 201
    bad = api_as(alice).post(f"/api/v1/engagements/{engagement.pk}/advance/", {"to": "accepted"}, format="json")
    assert bad.status_code == 409


def test_api_award_twice_and_objection_after_standstill(world, clock, alice, erin, api_as):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [4, 4, 4]})
    client = api_as(alice)
    body = {"scenario": world.scenario.pk, "proposals": [world.dave_proposal.pk], "reason": "第一", "standstill": 1}
    first = client.post("/api/v1/awards/", body, format="json")
    assert first.status_code == 201
    assert "price" not in json.dumps(first.json())
    again = client.post("/api/v1/awards/", body, format="json")
    assert (again.status_code, again.json()) == (409, {"detail": "This scenario has already been awarded."})
    award_id = first.json()["id"]
    assert (
        api_as(erin).post(f"/api/v1/awards/{award_id}/objections/", {"text": "不服"}, format="json").status_code == 201
    )
    import datetime as dt

    clock(AFTER + dt.timedelta(days=2))
    late = api_as(erin).post(f"/api/v1/awards/{award_id}/objections/", {"text": "再议"}, format="json")
    assert late.status_code == 409
    assert late.json() == {"detail": "The standstill period has ended; objections are no longer taken."}


def test_api_naming_an_evaluator_refuses_unknown_and_outside_people_alike(world, alice, dave, api_as):
    """An unknown user id and someone outside the owner office get the same refusal, in the reader's language."""
    client = api_as(alice, language="zh-hans")
    expected = {"evaluator": ["评审人须为场景发布单位的成员。"]}
    for evaluator in (dave.pk, 999_999):
        response = client.post("/api/v1/evaluations/", {"scenario": world.scenario.pk, "evaluator": evaluator})
        assert (response.status_code, response.json()) == (400, expected), evaluator


def test_api_respond_tells_an_outsider_nothing_about_which_objections_exist(world, clock, alice, erin, charlie, api_as):
    """Only the owner office answers objections (the page is theirs alone); anyone else is refused alike whether
    the objection id exists or not, as for the contract value."""
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [4, 4, 4]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一", standstill=1
    )
    objection = services.objection_submit(award=award, actor=erin, proposal=world.erin_proposal, text="不服")
    url = f"/api/v1/awards/{award.pk}/respond/"
    answers = [
        api_as(charlie).post(url, {"objection": pk, "response": "x"}, format="json").status_code
        for pk in (objection.pk, objection.pk + 1000)
    ]
    assert answers == [403, 403]


@pytest.mark.parametrize("winner", ["dave", "erin"])
def test_api_objection_comes_from_the_callers_proposal_that_may_object(
    world, clock, alice, firm, other_firm, api_as, winner
):
    """Someone who reads for the winning firm and writes for a losing one objects for the losing one, as the award
    notice page offers (not with whichever proposal of their firms comes first, which the service may refuse)."""
    won, lost = (world.dave_proposal, world.erin_proposal)[:: 1 if winner == "dave" else -1]
    consultant = UserFactory(username="consultant")
    MembershipFactory(user=consultant, organization=won.firm, role="viewer")
    MembershipFactory(user=consultant, organization=lost.firm, role="editor")
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {won.pk: [9, 9, 9], lost.pk: [4, 4, 4]})
    award = services.award_decide(scenario=world.scenario, actor=alice, proposals=[won], reason="第一", standstill=1)
    response = api_as(consultant).post(f"/api/v1/awards/{award.pk}/objections/", {"text": "不服"}, format="json")
    assert response.status_code == 201, response.json()
    assert award.objections.get().proposal == lost


@pytest.mark.parametrize("n", [1, 3])
def test_api_evaluation_and_engagement_lists_query_count_is_flat(
    world, clock, alice, api_as, django_assert_num_queries, n
):
    from tests.factories import MembershipFactory, UserFactory

    for i in range(n):
        user = UserFactory(username=f"evaluator{i}")
        MembershipFactory(user=user, organization=world.scenario.owner)
        services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=user)
    client = api_as(alice)
    with django_assert_num_queries(3):
        response = client.get("/api/v1/evaluations/")
    assert response.json()["count"] == n
    # Each request computes the user's memberships once (the cache lives for one request, even though the test
    # client reuses the user object); an empty count needs no page query.
    with django_assert_num_queries(2):
        assert client.get("/api/v1/engagements/").json()["count"] == 0
