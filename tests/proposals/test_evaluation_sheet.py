"""The evaluation sheet: one page with every proposal and criterion, one save for all, completion that checks
and never discards, the proposal's content and price beside the scores (only for the evaluator, who may read
it after the deadline)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import Evaluation, Score
from tests.proposals.conftest import AFTER


@pytest.fixture
def sheet(world, clock, alice):
    clock(AFTER)
    evaluation = services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=alice)
    services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    return evaluation


def _data(world, values: dict, *, action="save", comments=None):
    criteria = list(world.scenario.criteria.order_by("position"))
    data = {"action": action}
    for proposal in (world.dave_proposal, world.erin_proposal):
        for c, v in zip(criteria, values.get(proposal.pk, [""] * len(criteria)), strict=True):
            data[f"p{proposal.pk}-c{c.pk}"] = v
        data[f"p{proposal.pk}-comment"] = (comments or {}).get(proposal.pk, "")
    return data


def test_sheet_shows_every_proposal_with_content_and_price(world, sheet, client_as, alice):
    html = client_as(alice).get(reverse("proposals:evaluation-detail", args=[sheet.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = html.content.decode()
    assert html.count('id="score-sheet"') == 1
    assert "DAVE-SECRET-APPROACH" in html and "ERIN-SECRET-APPROACH" in html
    assert "CNY 1,234,567" in html and "CNY 7,654,321" in html
    assert html.count('name="action"') == 2  # save all, save and complete — both in the one form


def test_save_all_keeps_half_scored_proposals(world, sheet, client_as, alice):
    url = reverse("proposals:evaluation-save", args=[sheet.pk])
    response = client_as(alice).post(
        url, _data(world, {world.dave_proposal.pk: [9, 8, ""]}, comments={world.dave_proposal.pk: "方案扎实"})
    )
    assert response.status_code == 302
    saved = dict(Score.objects.filter(evaluation=sheet).values_list("criterion__position", "value"))
    assert saved == {0: 9, 1: 8}
    assert set(Score.objects.values_list("comment", flat=True)) == {"方案扎实"}
    page = client_as(alice).get(reverse("proposals:evaluation-detail", args=[sheet.pk])).content.decode()
    assert 'value="9"' in page and 'value="8"' in page and "方案扎实" in page


def test_complete_with_missing_scores_saves_and_does_not_complete(world, sheet, client_as, alice):
    url = reverse("proposals:evaluation-save", args=[sheet.pk])
    values = {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [5, "", ""]}
    client = client_as(alice)
    response = client.post(url, _data(world, values, action="complete"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == Evaluation.Status.DECLARED
    assert Score.objects.filter(evaluation=sheet).count() == 4
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nanjing Kangning Medical IT still miss scores" in page


def test_complete_with_everything_scored(world, sheet, client_as, alice):
    url = reverse("proposals:evaluation-save", args=[sheet.pk])
    values = {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [5, 5, 5]}
    client_as(alice).post(url, _data(world, values, action="complete"))
    sheet.refresh_from_db()
    assert sheet.status == Evaluation.Status.COMPLETED
    assert Score.objects.filter(evaluation=sheet).count() == 6


def test_a_bad_value_saves_nothing_and_keeps_what_was_typed(world, sheet, client_as, alice):
    url = reverse("proposals:evaluation-save", args=[sheet.pk])
    values = {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [5, 11, 5]}
    response = client_as(alice).post(url, _data(world, values), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert "less than or equal to 10" in html
    assert html.count('value="9"') >= 3  # dave's typed scores are still in the form
    assert not Score.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("bob", 403), ("pat", 403), ("dave", 404), ("charlie", 404)])
def test_only_the_evaluator_saves_the_sheet(world, sheet, client_as, request, who, status):
    user = request.getfixturevalue(who)
    url = reverse("proposals:evaluation-save", args=[sheet.pk])
    response = client_as(user).post(url, _data(world, {world.dave_proposal.pk: [1, 1, 1]}))
    assert response.status_code == status
    assert not Score.objects.exists()


# ---------------------------------------------------------------- disqualify, award and finalise ask first


def test_disqualify_asks_first_and_needs_a_reason(world, clock, client_as, alice, bob):
    clock(AFTER)
    url = reverse("proposals:proposal-disqualify", args=[world.erin_proposal.pk])
    client = client_as(alice)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The firm sees the disqualification and your reason" in html
    assert client.post(url, {"reason": ""}).status_code == 400
    world.erin_proposal.refresh_from_db()
    assert not world.erin_proposal.is_disqualified
    assert client_as(bob).get(url).status_code == 403
    client.post(url, {"reason": "资质不符"})
    world.erin_proposal.refresh_from_db()
    assert (world.erin_proposal.is_disqualified, world.erin_proposal.disqualified_reason) == (True, "资质不符")


def test_award_shows_what_will_happen_before_publishing(world, clock, client_as, alice):
    from tests.proposals.helpers import complete_evaluation

    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [4, 4, 4]})
    url = reverse("proposals:award-decide", args=[world.scenario.pk])
    data = {"proposals": [world.dave_proposal.pk], "reason": "综合第一", "standstill": 5}
    client = client_as(alice)
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Winning: Suzhou Yuntu Mobility." in html
    assert "All 2 bidders are told the outcome for their own proposal." in html
    assert 'name="confirmed" value="yes"' in html
    world.scenario.refresh_from_db()
    assert not hasattr(world.scenario, "award")
    response = client.post(url, {**data, "confirmed": "yes"})
    assert response.status_code == 302
    world.scenario.refresh_from_db()
    assert list(world.scenario.award.proposals.all()) == [world.dave_proposal]


def test_finalise_asks_first(world, clock, client_as, alice):
    from tests.proposals.helpers import complete_evaluation

    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [4, 4, 4]})
    services.award_decide(scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一")
    url = reverse("proposals:award-finalise", args=[world.scenario.pk])
    html = client_as(alice).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This cannot be undone." in html
    world.scenario.award.refresh_from_db()
    assert world.scenario.award.status == "standstill"
