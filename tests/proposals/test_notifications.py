"""Notifications through core's notification centre: in-app rows, immediate e-mail or the daily digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from core.models import Notification, NotificationPreference
from proposals import services
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import BEFORE, DEADLINE


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_proposal_received_reaches_the_owner_in_app_and_by_mail_count_only(
    world, clock, english, dave, alice, bob, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=bob, kind="proposal_received", delivery=NotificationPreference.Delivery.DIGEST
    )
    services.proposal_withdraw(proposal=world.dave_proposal, actor=dave)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_create(
            actor=dave, scenario=world.scenario, solutions=[world.dave_proposal.solutions.get()], approach="again",
            price=3_333_333, declares_no_conflict=True, declares_data_security=True, submit=True,
        )  # fmt: skip
    rows = Notification.objects.filter(kind="proposal_received").order_by("user__username")
    assert [(n.user.username, n.title) for n in rows] == [
        ("alice", "A proposal was received for “昆山远程会诊试点”"),
        ("bob", "A proposal was received for “昆山远程会诊试点”"),
    ]
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]  # bob chose the daily digest
    assert "3333333" not in mail.outbox[0].body and "3,333,333" not in mail.outbox[0].body
    clock(BEFORE + dt.timedelta(minutes=5))
    call_command("send_notification_digests")
    assert [m.to for m in mail.outbox] == [["alice@example.com"], ["bob@example.com"]]


def test_deadline_reminder_goes_once_to_firms_with_drafts(clock, english, county, firm, other_firm, dave, erin):
    scenario = pf.scenario(owner=county, deadline=DEADLINE)
    pf.proposal(scenario=scenario, firm=firm, status="draft")
    pf.proposal(scenario=scenario, firm=other_firm)  # submitted: no reminder
    assert services.remind_deadlines() == 1
    assert services.remind_deadlines() == 0
    rows = list(Notification.objects.filter(kind="deadline_approaching"))
    assert [(n.user.username, n.body) for n in rows] == [
        ("dave", "Your proposal is still a draft. Submit it before 2026-12-01 17:00.")
    ]


def test_evaluation_assigned_and_milestone_due(world, clock, english, alice, bob, dave):
    services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=bob)
    assert list(Notification.objects.filter(kind="evaluation_assigned").values_list("user__username", flat=True)) == [
        "bob"
    ]
    from tests.proposals.conftest import AFTER
    from tests.proposals.helpers import complete_evaluation

    clock(AFTER)
    services.evaluation_declare(evaluation=bob.evaluations.get(), actor=bob, no_conflict=True)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [1, 1, 1]})
    assert services.evaluation_state(world.scenario)["complete"] is False  # bob has not scored
    Notification.objects.all().delete()
    from proposals.models import Engagement, Evaluation

    bob_evaluation = Evaluation.objects.get(evaluator=bob)
    criteria = list(world.scenario.criteria.order_by("position"))
    for proposal in (world.dave_proposal, world.erin_proposal):
        services.scores_set(evaluation=bob_evaluation, actor=bob, proposal=proposal, scores={c.pk: 5 for c in criteria})
    services.evaluation_complete(evaluation=bob_evaluation, actor=bob)
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    engagement = Engagement.objects.get()
    services.milestone_add(
        engagement=engagement, actor=dave, title="上线", due_date=AFTER.date() + dt.timedelta(days=2)
    )
    assert services.remind_milestones() == 1
    assert services.remind_milestones() == 0
    assert sorted(Notification.objects.filter(kind="milestone_due").values_list("user__username", flat=True)) == [
        "alice",
        "bob",
        "dave",
    ]


def test_a_waived_milestone_is_not_reminded(world, clock, english, alice, dave):
    """A waived milestone is settled, as acceptance counts it: nobody is told it is due."""
    from proposals.models import Engagement, Milestone
    from tests.proposals.conftest import AFTER
    from tests.proposals.helpers import complete_evaluation

    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [1, 1, 1]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    engagement = Engagement.objects.get()
    due = AFTER.date() + dt.timedelta(days=2)
    screens = services.milestone_add(engagement=engagement, actor=dave, title="电子站牌", due_date=due)
    services.milestone_waive(milestone=screens, actor=alice, reason="改由交通局统一采购")
    services.milestone_add(engagement=engagement, actor=dave, title="线路接入", due_date=due)
    assert services.remind_milestones() == 1
    titles = set(Notification.objects.filter(kind="milestone_due").values_list("title", flat=True))
    assert titles == {"Milestone due: 线路接入"}
    assert Milestone.objects.get(pk=screens.pk).reminded_at is None


def test_answered_question_is_announced_once_to_bidders_and_the_asker(
    world, clock, english, dave, erin, alice, charlie
):
    from catalog.models import Question

    question = Question.objects.create(
        scenario=world.scenario, asker_organization=world.erin_proposal.firm, text="可以利旧吗？"
    )
    question.answer = "可以。"
    question.answered_at = world.scenario.deadline
    question.save()
    assert services.announce_answers() == 1
    assert services.announce_answers() == 0
    rows = Notification.objects.filter(kind="question_answered")
    assert sorted(rows.values_list("user__username", flat=True)) == ["dave", "erin"]
    assert {n.body for n in rows} == {"可以。"}


def test_answering_through_the_catalog_announces_at_once(
    world, clock, english, dave, erin, alice, django_capture_on_commit_callbacks
):
    from catalog import services as catalog_services
    from catalog.models import Question

    clock(BEFORE)
    question = Question.objects.create(
        scenario=world.scenario, asker_organization=world.erin_proposal.firm, text="接口文档能否提前提供？"
    )
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.question_answer(question=question, actor=alice, answer="开标前一周提供。")
    rows = Notification.objects.filter(kind="question_answered")
    assert sorted(rows.values_list("user__username", flat=True)) == ["dave", "erin"]
    assert "erin" not in rows.get(user__username="dave").body  # the asker stays private
    assert services.announce_answers() == 0  # the cron safety net finds nothing left
