"""Each form of a proposals page posts to its own small view: success redirects to the page with a message,
a form or service error shows on the page again (or as a message) and saves nothing, outsiders get 404 and
read-only members 403."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals import services
from proposals.models import Engagement, SealedReadLog
from tests.proposals.conftest import AFTER
from tests.proposals.helpers import complete_evaluation


@pytest.fixture
def awarded(world, clock, alice):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 8, 7], world.erin_proposal.pk: [6, 6, 6]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="最优", standstill=3
    )
    return award


@pytest.fixture
def engagement(awarded, clock, alice):
    clock(AFTER + dt.timedelta(days=4))
    services.award_finalise(award=awarded, actor=alice)
    return Engagement.objects.get()


def _messages(response) -> list[str]:
    """The messages this request added (earlier ones wait in the cookie until a page shows them)."""
    return [str(m) for m in response.wsgi_request._messages._queued_messages]


def test_firm_attaches_a_file_and_an_empty_upload_is_a_message(world, clock, client_as, dave):
    client = client_as(dave)
    url = f"/proposals/{world.dave_proposal.pk}/attach/"
    response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == f"/proposals/{world.dave_proposal.pk}/"
    assert _messages(response) == ["Choose a file to attach."]
    assert world.dave_proposal.attachments.count() == 0
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert _messages(response) == ["File attached."]
    assert [a.original_name for a in world.dave_proposal.attachments.all()] == ["plan.pdf"]


@pytest.mark.parametrize("action", ["submit", "attach"])
def test_proposal_actions_are_405_on_get(world, clock, client_as, dave, action):
    assert client_as(dave).get(f"/proposals/{world.dave_proposal.pk}/{action}/").status_code == 405


def test_withdraw_get_is_its_confirmation_page(world, clock, client_as, dave):
    response = client_as(dave).get(f"/proposals/{world.dave_proposal.pk}/withdraw/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert 'id="confirm-submit"' in response.content.decode()
    world.dave_proposal.refresh_from_db()
    assert world.dave_proposal.status == "submitted"


def test_submitting_a_submitted_proposal_says_why(world, clock, client_as, dave):
    response = client_as(dave).post(f"/proposals/{world.dave_proposal.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert len(_messages(response)) == 1 and "Proposal submitted." not in _messages(response)


def test_score_for_a_proposal_outside_the_evaluation_is_404(world, clock, client_as, alice):
    clock(AFTER)
    evaluation = services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=alice)
    services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    client = client_as(alice)
    url = f"/evaluations/{evaluation.pk}/scores/"
    assert client.post(url, {"proposal": world.dave_other_proposal.pk}).status_code == 404
    assert client.post(url, {"proposal": "x"}).status_code == 404
    assert not evaluation.scores.exists()


def test_scoring_before_the_declaration_is_404_and_declaring_twice_is_a_message(world, clock, client_as, alice):
    clock(AFTER)
    evaluation = services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=alice)
    client = client_as(alice)
    assert client.post(f"/evaluations/{evaluation.pk}/scores/", {"proposal": world.dave_proposal.pk}).status_code == 404
    response = client.post(f"/evaluations/{evaluation.pk}/declare/", {"decision": "no_conflict"})
    assert response.status_code == 302 and response["Location"] == f"/evaluations/{evaluation.pk}/"
    response = client.post(f"/evaluations/{evaluation.pk}/declare/", {"decision": "no_conflict"})
    assert response.status_code == 302 and len(_messages(response)) == 1
    evaluation.refresh_from_db()
    assert evaluation.status == "declared"


def test_a_score_error_reads_the_proposals_once(world, clock, client_as, alice):
    clock(AFTER)
    evaluation = services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=alice)
    services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    response = client_as(alice).post(
        f"/evaluations/{evaluation.pk}/scores/", {"proposal": world.dave_proposal.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert SealedReadLog.objects.filter(user=alice, via="evaluation").count() == 2


def test_completing_with_missing_scores_is_a_message(world, clock, client_as, alice):
    clock(AFTER)
    evaluation = services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=alice)
    services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    response = client_as(alice).post(f"/evaluations/{evaluation.pk}/complete/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and len(_messages(response)) == 1
    evaluation.refresh_from_db()
    assert evaluation.status == "declared"


def test_award_form_errors_show_on_the_award_page(world, clock, client_as, alice):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 8, 7], world.erin_proposal.pk: [6, 6, 6]})
    response = client_as(alice).post(
        f"/county/scenarios/{world.scenario.pk}/award/decide/",
        {"proposals": [world.dave_proposal.pk], "reason": "", "standstill": 5},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not hasattr(world.scenario, "award") or world.scenario.award is None


def test_deciding_twice_is_a_message(awarded, world, clock, client_as, alice):
    response = client_as(alice).post(
        f"/county/scenarios/{world.scenario.pk}/award/decide/",
        {"proposals": [world.dave_proposal.pk], "reason": "再次", "standstill": 5},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert _messages(response) == ["This scenario has already been awarded."]


def test_owner_responds_to_an_objection_then_finalises(awarded, world, clock, client_as, alice, bob, erin, charlie):
    objection = services.objection_submit(award=awarded, actor=erin, proposal=world.erin_proposal, text="评分不公")
    respond = f"/county/scenarios/{world.scenario.pk}/award/objections/{objection.pk}/respond/"
    finalise = f"/county/scenarios/{world.scenario.pk}/award/finalise/"
    assert client_as(charlie).post(respond, {"response": "x"}).status_code == 404
    assert client_as(bob).post(respond, {"response": "x"}).status_code == 403
    assert client_as(bob).post(finalise).status_code == 403
    client = client_as(alice)
    assert client.post(f"/county/scenarios/{world.scenario.pk}/award/objections/999999/respond/").status_code == 404
    clock(AFTER + dt.timedelta(days=4))
    response = client.post(finalise, HTTP_ACCEPT_LANGUAGE="en")
    assert _messages(response) == ["Answer every objection before the award becomes final."]
    response = client.post(respond, {"response": "已复核维持原决定"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _messages(response) == ["Response published."]
    response = client.post(finalise, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == f"/county/scenarios/{world.scenario.pk}/award/"
    assert _messages(response) == ["The award is final."]
    awarded.refresh_from_db()
    objection.refresh_from_db()
    assert (awarded.status, objection.response) == ("final", "已复核维持原决定")


def test_objection_errors_show_on_the_notice_and_non_bidders_get_403(awarded, world, clock, client_as, erin, charlie):
    url = f"/awards/{world.scenario.pk}/objections/"
    assert client_as(charlie).post(url, {"text": "x"}).status_code == 403
    response = client_as(erin).post(url, {"text": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not awarded.objections.exists()


def test_engagement_actions_each_post_to_their_own_view(engagement, clock, client_as, alice, dave, bob):
    base = f"/engagements/{engagement.pk}/"
    assert client_as(bob).post(base + "milestones/", {"title": "x", "due_date": "2027-01-10"}).status_code == 403
    assert client_as(dave).post(base + "advance/", {"to": "piloting"}).status_code == 403
    client = client_as(dave)
    response = client.post(base + "milestones/", {"title": "三个乡镇上线", "due_date": "2027-01-10"})
    assert response.status_code == 302 and response["Location"] == base
    milestone = engagement.milestones.get()
    response = client.post(base + "milestones/", {"title": "", "due_date": "soon"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Enter a valid date." in response.content.decode()
    assert engagement.milestones.count() == 1
    assert client.post(base + "milestones/999999/done/", {"done_date": "2026-12-05"}).status_code == 404
    response = client.post(base + f"milestones/{milestone.pk}/done/", {"done_date": "2026-12-05"})
    assert response.status_code == 302
    from catalog.models import ScenarioKpi

    kpi = ScenarioKpi.objects.create(scenario=engagement.scenario, indicator="会诊量", target="每月 200 例")
    response = client.post(base + "kpis/", {"kpi": kpi.pk, "result": "每月 260 例"})
    assert response.status_code == 302
    response = client.post(base + "report/", {"lessons": "乡镇医生培训要前置。", "outcome": ""})
    assert response.status_code == 302
    response = client_as(alice).post(base + "advance/", {"to": "piloting"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _messages(response) == ["Engagement updated."]
    response = client_as(alice).post(base + "advance/", {"to": "terminated"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200  # a termination needs a reason: shown on the form
    engagement.refresh_from_db()
    milestone.refresh_from_db()
    assert (engagement.status, engagement.lessons, str(milestone.done_date)) == (
        "piloting",
        "乡镇医生培训要前置。",
        "2026-12-05",
    )
    assert [(k.name, k.result) for k in engagement.kpis.all()] == [("会诊量", "每月 260 例")]
