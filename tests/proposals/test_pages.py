"""Pages: my proposals, the proposal form (bad input), the owner's dashboard, evaluation and award forms,
engagements — with literal query counts on lists."""

from __future__ import annotations

import pytest

from proposals.models import Proposal
from tests.factories import OrganizationFactory
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import AFTER, DEADLINE
from tests.proposals.helpers import complete_evaluation


@pytest.mark.parametrize("n", [1, 3])
def test_my_proposals_lists_with_a_flat_query_count(clock, county, firm, dave, client_as, django_assert_num_queries, n):
    for _ in range(n):
        pf.proposal(scenario=pf.scenario(owner=county, deadline=DEADLINE), firm=firm)
    client = client_as(dave)
    client.get("/proposals/mine/")  # warm the session
    # session, user, count, page of proposals, solutions prefetch (the firm's memberships are a subquery)
    with django_assert_num_queries(5):
        response = client.get("/proposals/mine/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.content.decode().count("/proposals/") >= n
    assert len(response.context["proposals"]) == n


def test_my_proposals_empty_state(clock, dave, client_as):
    body = client_as(dave).get("/proposals/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your firm has no proposals yet" in body


@pytest.mark.parametrize("n", [1, 3])
def test_owner_dashboard_with_a_flat_query_count(clock, county, firm, alice, client_as, django_assert_num_queries, n):
    for _ in range(n):
        pf.proposal(scenario=pf.scenario(owner=county, deadline=DEADLINE), firm=firm)
    client = client_as(alice)
    client.get("/county/scenarios/")
    # session, user, scenarios with counts (the office's memberships are a subquery), evaluation progress,
    # engagements
    with django_assert_num_queries(5):
        response = client.get("/county/scenarios/", HTTP_ACCEPT_LANGUAGE="en")
    assert [row.proposal_count for row in response.context["rows"]] == [1] * n


@pytest.mark.parametrize(
    ("price", "error"),
    [
        ("-1", "cannot be negative"),
        ("1e309", "e.g. 1200000, 1,200,000 or 120万"),
        ("12.5", "e.g. 1200000, 1,200,000 or 120万"),
        ("十万", "e.g. 1200000, 1,200,000 or 120万"),
    ],
)
def test_proposal_form_rejects_bad_prices_with_a_clear_message(world, clock, client_as, dave, price, error):
    Proposal.objects.filter(pk=world.dave_proposal.pk).delete()
    solution = pf.solution(firm=world.dave_other_proposal.firm)
    response = client_as(dave).post(
        f"/proposals/new/{world.scenario.pk}/",
        {
            "solutions": [solution.pk],
            "approach": "x",
            "price": price,
            "declares_no_conflict": "on",
            "declares_data_security": "on",
            "submit": "1",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Proposal.objects.filter(scenario=world.scenario, firm__name_zh__contains="云途").exists()


def test_proposal_form_accepts_full_width_digits_and_submits(world, clock, client_as, dave):
    Proposal.objects.filter(pk=world.dave_proposal.pk).delete()
    solution = pf.solution(firm=world.dave_other_proposal.firm)
    response = client_as(dave).post(
        f"/proposals/new/{world.scenario.pk}/",
        {
            "solutions": [solution.pk],
            "approach": "x",
            "price": "１２００００",
            "declares_no_conflict": "on",
            "declares_data_security": "on",
            "submit": "1",
        },
    )
    proposal = Proposal.objects.get(scenario=world.scenario, firm=world.dave_other_proposal.firm)
    assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/"
    assert (proposal.price, proposal.status) == (120_000, "submitted")


def test_proposal_form_after_the_deadline_shows_the_deadline_message(world, clock, client_as, dave):
    Proposal.objects.filter(pk=world.dave_proposal.pk).delete()
    solution = pf.solution(firm=world.dave_other_proposal.firm)
    clock(DEADLINE)
    response = client_as(dave).post(
        f"/proposals/new/{world.scenario.pk}/",
        {
            "solutions": [solution.pk],
            "approach": "x",
            "price": "100",
            "declares_no_conflict": "on",
            "declares_data_security": "on",
            "submit": "1",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The deadline for proposals passed at 2026-12-01 17:00:00; nothing was saved." in response.content.decode()


def test_proposal_form_with_another_firms_solution_is_a_form_error(world, clock, client_as, dave):
    Proposal.objects.filter(pk=world.dave_proposal.pk).delete()
    erins = world.erin_proposal.solutions.get()
    response = client_as(dave).post(
        f"/proposals/new/{world.scenario.pk}/",
        {"solutions": [erins.pk], "approach": "x", "price": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_proposal_withdraw_page(world, clock, client_as, dave):
    client = client_as(dave)
    detail = client.get(f"/proposals/{world.dave_proposal.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<form method="post" action="/proposals/{world.dave_proposal.pk}/withdraw/"' not in detail
    confirm = client.get(f"/proposals/{world.dave_proposal.pk}/withdraw/", HTTP_ACCEPT_LANGUAGE="en")
    assert confirm.status_code == 200
    assert "it is not evaluated and cannot be awarded" in confirm.content.decode()
    world.dave_proposal.refresh_from_db()
    assert world.dave_proposal.status == "submitted"  # the page only asks
    response = client.post(f"/proposals/{world.dave_proposal.pk}/withdraw/")
    assert response.status_code == 302
    world.dave_proposal.refresh_from_db()
    assert world.dave_proposal.status == "withdrawn"


def test_proposal_form_needs_a_firm(world, clock, client_as, alice, mallory):
    assert client_as(alice).get(f"/proposals/new/{world.scenario.pk}/").status_code == 403
    assert client_as(mallory).get(f"/proposals/new/{world.scenario.pk}/").status_code == 403


def test_evaluation_and_award_pages_end_to_end(world, clock, client_as, alice, dave, erin):
    clock(AFTER)
    client = client_as(alice)
    assert client.post(f"/county/scenarios/{world.scenario.pk}/evaluators/", {"evaluator": alice.pk}).status_code == 302
    evaluation = alice.evaluations.get()
    client.post(f"/evaluations/{evaluation.pk}/declare/", {"decision": "no_conflict"})
    criteria = list(world.scenario.criteria.order_by("position"))
    for proposal, values in ((world.dave_proposal, [9, 9, 9]), (world.erin_proposal, [4, 4, 4])):
        data = {"proposal": proposal.pk}
        data.update({f"p{proposal.pk}-c{c.pk}": v for c, v in zip(criteria, values, strict=True)})
        assert client.post(f"/evaluations/{evaluation.pk}/scores/", data).status_code == 302
    bad = {
        "proposal": world.dave_proposal.pk,
        **{f"p{world.dave_proposal.pk}-c{c.pk}": 11 for c in criteria},
    }
    response = client.post(f"/evaluations/{evaluation.pk}/scores/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "less than or equal to 10" in response.content.decode()
    client.post(f"/evaluations/{evaluation.pk}/complete/")
    page = client.get(f"/county/scenarios/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 of 1 evaluators done" in page
    assert "<td>1</td><td>Suzhou Yuntu Mobility</td><td>90.00</td>" in page.replace("\n", "")
    response = client.post(
        f"/county/scenarios/{world.scenario.pk}/award/decide/",
        {"proposals": [world.dave_proposal.pk], "reason": "综合第一", "standstill": 5, "confirmed": "yes"},
    )
    assert response.status_code == 302
    notice = client_as(erin).get(f"/awards/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "综合第一" in notice and "1,234,567" not in notice
    assert client_as(erin).post(f"/awards/{world.scenario.pk}/objections/", {"text": "不服"}).status_code == 302
    assert world.scenario.award.objections.get().text == "不服"
    # The selected firm is not offered, nor allowed, an objection to its own award.
    winner = client_as(dave)
    assert 'action="/awards/' not in winner.get(f"/awards/{world.scenario.pk}/").content.decode()
    assert winner.post(f"/awards/{world.scenario.pk}/objections/", {"text": "x"}).status_code == 403


def test_owner_viewer_cannot_award_or_assign(world, clock, client_as, bob, alice):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [4, 4, 4]})
    response = client_as(bob).post(
        f"/county/scenarios/{world.scenario.pk}/award/decide/",
        {"proposals": [world.dave_proposal.pk], "reason": "x", "standstill": 5},
    )
    assert response.status_code == 403
    assert (
        client_as(bob).post(f"/county/scenarios/{world.scenario.pk}/evaluators/", {"evaluator": bob.pk}).status_code
        == 403
    )


def test_anonymous_award_notice_404_without_award(world, clock, client_as):
    assert client_as(None).get(f"/awards/{world.scenario.pk}/").status_code == 404


def test_other_county_scenario_is_not_in_the_dashboard(world, clock, client_as, alice):
    OrganizationFactory()
    body = client_as(alice).get("/county/scenarios/").content.decode()
    assert "沭阳远程会诊试点" not in body


def test_only_the_evaluator_posts_on_an_evaluation(world, clock, client_as, alice, bob):
    clock(AFTER)
    from proposals import services

    evaluation = services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=bob)
    response = client_as(alice).post(f"/evaluations/{evaluation.pk}/declare/", {"decision": "no_conflict"})
    assert response.status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.status == "assigned"


@pytest.mark.parametrize("n", [1, 3])
def test_engagement_and_evaluation_lists_with_a_flat_query_count(
    clock, county, firm, alice, dave, client_as, django_assert_num_queries, n
):
    import datetime as dt

    from proposals.models import Award, Engagement, Evaluation

    for _ in range(n):
        scenario = pf.scenario(owner=county, deadline=DEADLINE)
        proposal = pf.proposal(scenario=scenario, firm=firm)
        award = Award.objects.create(scenario=scenario, reason="x", standstill_until=DEADLINE + dt.timedelta(days=1))
        Engagement.objects.create(
            award=award, proposal=proposal, scenario=scenario, firm=firm, solution=proposal.solutions.get()
        )
        Evaluation.objects.create(scenario=scenario, evaluator=alice)
    # /evaluations/ also lists the user's seats on drawn panels (one query)
    for user, path, expected in ((dave, "/engagements/", 5), (alice, "/evaluations/", 4)):
        client = client_as(user)
        client.get(path)
        # session, user, memberships (one query answers the provincial check too), count, page rows
        with django_assert_num_queries(expected):
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.content.decode().count(f"/{path.strip('/')}/") >= n
