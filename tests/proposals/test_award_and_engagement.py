"""Award, standstill and objections, engagements, and the whole path from a scenario to a reference case."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from catalog.models import Deployment, Scenario
from core.exceptions import StateConflict
from proposals import selectors, services
from proposals.models import Award, Engagement, Proposal
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import AFTER, DEADLINE
from tests.proposals.helpers import complete_evaluation, ready_for_acceptance


@pytest.fixture
def evaluated(world, clock, alice):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 8, 7], world.erin_proposal.pk: [6, 6, 6]})
    return world


def test_award_before_the_evaluation_completes_is_rejected(world, clock, alice):
    clock(AFTER)
    services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=alice)
    with pytest.raises(ValidationError) as exc:
        services.award_decide(scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="x")
    assert exc.value.messages == ["The evaluation is not complete (0 of 1 evaluators done); award after it."]
    assert Award.objects.count() == 0
    stored = Scenario.objects.get(pk=world.scenario.pk)
    assert (stored.status, stored.effective_status) == ("open", "evaluating")  # nothing partial was saved


def test_award_twice_is_rejected(evaluated, alice):
    services.award_decide(scenario=evaluated.scenario, actor=alice, proposals=[evaluated.dave_proposal], reason="最优")
    with pytest.raises(ValidationError, match="already been awarded"):
        services.award_decide(
            scenario=evaluated.scenario, actor=alice, proposals=[evaluated.erin_proposal], reason="再次"
        )
    assert list(Award.objects.get().proposals.values_list("pk", flat=True)) == [evaluated.dave_proposal.pk]


def test_award_parallel_pilots_and_standstill_from_settings(evaluated, alice, settings):
    settings.PROPOSALS_STANDSTILL_DAYS = 7
    award = services.award_decide(
        scenario=evaluated.scenario,
        actor=alice,
        proposals=[evaluated.dave_proposal.pk, evaluated.erin_proposal.pk],
        reason="赛马",
    )
    assert award.standstill_until == AFTER + dt.timedelta(days=7)
    assert sorted(award.proposals.values_list("pk", flat=True)) == sorted(
        [evaluated.dave_proposal.pk, evaluated.erin_proposal.pk]
    )
    assert Scenario.objects.get(pk=evaluated.scenario.pk).status == "awarded"


@pytest.mark.parametrize("bad", [[], ["x"], [999999]])
def test_award_of_unknown_or_foreign_proposals_is_rejected(evaluated, alice, bad):
    with pytest.raises(ValidationError):
        services.award_decide(scenario=evaluated.scenario, actor=alice, proposals=bad, reason="x")
    assert Award.objects.count() == 0


def test_award_of_a_disqualified_or_other_scenarios_proposal_is_rejected(evaluated, alice):
    with pytest.raises(ValidationError):
        services.award_decide(
            scenario=evaluated.scenario, actor=alice, proposals=[evaluated.dave_other_proposal], reason="x"
        )


@pytest.mark.parametrize("who", ["bob", "charlie", "pat", "dave"])
def test_award_only_by_owner_editors(request, evaluated, who):
    with pytest.raises(PermissionDenied):
        services.award_decide(
            scenario=evaluated.scenario,
            actor=request.getfixturevalue(who),
            proposals=[evaluated.dave_proposal],
            reason="x",
        )


def test_objection_during_standstill_then_response_then_final(evaluated, clock, alice, erin, dave):
    award = services.award_decide(
        scenario=evaluated.scenario, actor=alice, proposals=[evaluated.dave_proposal], reason="最优", standstill=10
    )
    objection = services.objection_submit(award=award, actor=erin, proposal=evaluated.erin_proposal, text="评分不公")
    clock(AFTER + dt.timedelta(days=11))
    with pytest.raises(ValidationError, match="standstill period has ended"):
        services.objection_submit(award=award, actor=erin, proposal=evaluated.erin_proposal, text="再议")
    with pytest.raises(ValidationError, match="Answer every objection"):
        services.award_finalise(award=award, actor=alice)
    services.objection_respond(objection=objection, actor=alice, response="评分过程已复核，维持原决定。")
    award = services.award_finalise(award=award, actor=alice)
    assert award.status == "final"
    engagement = Engagement.objects.get()
    assert (engagement.firm_id, engagement.status, engagement.proposal_id) == (
        dave.memberships.get().organization_id,
        "contracted",
        evaluated.dave_proposal.pk,
    )
    with pytest.raises(ValidationError, match="already final"):
        services.award_finalise(award=award, actor=alice)


def test_finalise_before_the_standstill_ends_is_rejected(evaluated, clock, alice):
    award = services.award_decide(
        scenario=evaluated.scenario, actor=alice, proposals=[evaluated.dave_proposal], reason="最优"
    )
    with pytest.raises(ValidationError, match="has not ended"):
        services.award_finalise(award=award, actor=alice)


def test_finalise_awards_command_finalises_only_what_is_due(evaluated, clock, alice):
    services.award_decide(
        scenario=evaluated.scenario, actor=alice, proposals=[evaluated.dave_proposal], reason="最优", standstill=3
    )
    call_command("finalise_awards")
    assert Award.objects.get().status == "standstill"
    clock(AFTER + dt.timedelta(days=3))
    call_command("finalise_awards")
    assert Award.objects.get().status == "final"
    assert Engagement.objects.count() == 1


def test_objection_by_a_non_bidder_is_refused(evaluated, alice, charlie, dave):
    award = services.award_decide(
        scenario=evaluated.scenario, actor=alice, proposals=[evaluated.dave_proposal], reason="最优"
    )
    with pytest.raises(PermissionDenied):
        services.objection_submit(award=award, actor=charlie, proposal=evaluated.erin_proposal, text="x")
    with pytest.raises(Proposal.DoesNotExist):
        services.objection_submit(award=award, actor=dave, proposal=evaluated.dave_other_proposal, text="x")
    with pytest.raises(StateConflict):
        services.objection_submit(award=award, actor=dave, proposal=evaluated.dave_proposal, text="x")


def test_whole_path_from_scenario_to_reference_case(world, clock, alice, bob, dave, erin, charlie, other_county, sent):
    # Submission and revision before the deadline, through the services.
    services.proposal_update(proposal=world.dave_proposal, actor=dave, price=1_100_000)
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [5, 5, 5]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="综合得分第一", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    engagement = Engagement.objects.get()
    milestone = services.milestone_add(
        engagement=engagement, actor=dave, title="三个乡镇上线", due_date=dt.date(2026, 12, 20)
    )
    services.engagement_advance(engagement=engagement, actor=alice, to="piloting")
    assert Scenario.objects.get(pk=world.scenario.pk).status == "piloting"
    services.milestone_done(milestone=milestone, actor=dave)
    services.kpi_record(
        engagement=engagement, actor=dave, name="会诊量", target="每月 200 例", result="每月 260 例", met=True
    )
    services.engagement_advance(engagement=engagement, actor=alice, to="deployed")
    services.engagement_report(engagement=engagement, actor=alice, lessons="乡镇医生培训要前置。")
    ready_for_acceptance(engagement, alice, bob)
    with pytest.raises(PermissionDenied):
        services.engagement_advance(engagement=engagement, actor=dave, to="accepted")
    services.engagement_advance(engagement=engagement, actor=alice, to="accepted")

    engagement.refresh_from_db()
    assert engagement.status == "accepted" and engagement.is_reference_case
    assert Scenario.objects.get(pk=world.scenario.pk).status == "completed"
    deployment = Deployment.objects.get(solution=engagement.solution)
    assert (deployment.county_id, deployment.year) == ("320583", 2026)
    assert selectors.reference_cases_for_solution(engagement.solution) == [engagement]
    assert selectors.reference_cases_for_scenario(world.scenario) == [engagement]
    # charlie's county opens a similar scenario (same domain, shared capability): the case is shown to it.
    similar = pf.scenario(owner=other_county, status="draft", capabilities=("telemedicine", "chronic_disease"))
    unrelated = pf.scenario(owner=other_county, status="draft", domain_code="transport", capabilities=("bus_dispatch",))
    assert selectors.reference_cases_similar_to(similar) == [engagement]
    assert selectors.reference_cases_similar_to(unrelated) == []
    # Audit: each state change is recorded once, with its actor.
    scenario_changes = [
        (e.actor.username if e.actor else None, e.changes.get("status"))
        for e in LogEntry.objects.get_for_object(world.scenario).order_by("timestamp", "pk")
        if "status" in (e.changes or {}) and e.action == LogEntry.Action.UPDATE
    ]
    assert scenario_changes == [
        # The deadline had passed; the award persisted that first, inside alice's request.
        ("alice", ["open", "evaluating"]),
        ("alice", ["evaluating", "awarded"]),
        ("alice", ["awarded", "piloting"]),
        ("alice", ["piloting", "completed"]),
    ]
    engagement_changes = [
        (e.actor.username, e.changes["status"])
        for e in LogEntry.objects.get_for_object(engagement).order_by("timestamp", "pk")
        if "status" in (e.changes or {}) and e.action == LogEntry.Action.UPDATE
    ]
    assert engagement_changes == [
        ("alice", ["contracted", "piloting"]),
        ("alice", ["piloting", "deployed"]),
        ("alice", ["deployed", "accepted"]),
    ]
    proposal_entries = LogEntry.objects.get_for_object(world.dave_proposal)
    assert all("price" not in (e.changes or {}) for e in proposal_entries)


def test_reference_case_shows_on_the_owner_page_of_a_similar_scenario(
    world, clock, alice, bob, dave, charlie, other_county, client_as
):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [5, 5, 5]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    engagement = Engagement.objects.get()
    for state in ("piloting", "deployed"):
        services.engagement_advance(engagement=engagement, actor=alice, to=state)
    ready_for_acceptance(engagement, alice, bob)
    services.engagement_advance(engagement=engagement, actor=alice, to="accepted")
    similar = pf.scenario(owner=other_county, status="draft", capabilities=("telemedicine",))
    body = client_as(charlie).get(f"/county/scenarios/{similar.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reference cases of similar scenarios" in body
    assert "云途会诊平台" in body and "昆山远程会诊试点" in body
    assert "1,234,567" not in body


def test_terminating_needs_a_reason(evaluated, alice):
    award = services.award_decide(
        scenario=evaluated.scenario, actor=alice, proposals=[evaluated.dave_proposal], reason="x", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    engagement = Engagement.objects.get()
    with pytest.raises(ValidationError):
        services.engagement_advance(engagement=engagement, actor=alice, to="terminated")
    with pytest.raises(ValidationError, match="cannot become"):
        services.engagement_advance(engagement=engagement, actor=alice, to="accepted")
    services.engagement_advance(engagement=engagement, actor=alice, to="terminated", outcome="企业退出")
    assert Engagement.objects.get().status == "terminated"
    assert Deployment.objects.count() == 0


def test_audit_records_the_proposal_lifecycle_once_each(world, clock, dave):
    services.proposal_withdraw(proposal=world.dave_proposal, actor=dave)
    entries = [
        (e.actor.username, e.changes.get("status"))
        for e in LogEntry.objects.get_for_object(world.dave_proposal).filter(action=LogEntry.Action.UPDATE)
    ]
    assert entries == [("dave", ["submitted", "withdrawn"])]


def test_deadline_constant_is_what_the_world_uses(world):
    assert world.scenario.deadline == DEADLINE
