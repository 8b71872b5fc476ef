"""Deadline and milestone reminders and answer announcements (``send_proposal_reminders``, catalog hooks)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from catalog.models import Question
from proposals import notifications
from proposals.models import (
    Milestone,
    Proposal,
    QuestionNotice,
)
from proposals.services.common import E, P, S, _firm_users, _owner_users, scenario_url


def remind_deadlines(*, within: dt.timedelta = dt.timedelta(hours=48)) -> int:
    """Tell firms whose proposal is still a draft that the deadline approaches (once per proposal)."""
    now = timezone.now()
    sent = 0
    drafts = Proposal.objects.filter(
        status=P.DRAFT,
        reminded_at__isnull=True,
        scenario__status=S.OPEN,
        scenario__deadline__gt=now,
        scenario__deadline__lte=now + within,
    ).select_related("scenario")
    for proposal in drafts:
        with transaction.atomic():
            notifications.send(
                users=_firm_users([proposal.firm_id]),
                kind="deadline_approaching",
                message=notifications.DEADLINE_APPROACHING,
                params={
                    "title": proposal.scenario.title,
                    "deadline": proposal.scenario.deadline,
                    "scenario": proposal.scenario_id,
                },
                url=reverse("proposals:proposal-detail", args=[proposal.pk]),
            )
            proposal.reminded_at = now
            proposal.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def remind_milestones(*, within: dt.timedelta = dt.timedelta(days=3)) -> int:
    """Tell the firm and the owner office that a milestone falls due (once per milestone): one neither done nor
    waived (a waived milestone is settled, as acceptance counts it), of an engagement still running."""
    today = timezone.localdate()
    sent = 0
    due = Milestone.objects.filter(
        done_date__isnull=True,
        waived_at__isnull=True,
        reminded_at__isnull=True,
        due_date__lte=today + within,
        engagement__status__in=(E.CONTRACTED, E.PILOTING, E.DEPLOYED),
    ).select_related("engagement__scenario")
    for milestone in due:
        engagement = milestone.engagement
        with transaction.atomic():
            notifications.send(
                users=_firm_users([engagement.firm_id]) + _owner_users(engagement.scenario),
                kind="milestone_due",
                message=notifications.MILESTONE_DUE,
                params={
                    "title": milestone.title,
                    "date": milestone.due_date,
                    "scenario": engagement.scenario.title,
                    "engagement": engagement.pk,
                },
                url=reverse("proposals:engagement-detail", args=[engagement.pk]),
            )
            milestone.reminded_at = timezone.now()
            milestone.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def announce_answers() -> int:
    """Announce every answered question not yet announced (the cron safety net for :func:`announce_answer`)."""
    pending = Question.objects.filter(answered_at__isnull=False).exclude(
        pk__in=QuestionNotice.objects.values("question_id")
    )
    return sum(announce_answer(question_id=pk) for pk in pending.values_list("pk", flat=True))


def announce_answer(*, question_id: int) -> bool:
    """Tell the firms with a proposal (draft or submitted) on the scenario, and the asker's firm, that a question
    was answered — once per question. Askers stay private: the message names neither the asker nor other
    bidders. Called through catalog's ``on_question_answered`` hook as soon as an answer commits."""
    with transaction.atomic():
        question = (
            Question.objects.select_for_update()
            .select_related("scenario")
            .filter(pk=question_id, answered_at__isnull=False)
            .first()
        )
        if question is None or QuestionNotice.objects.filter(question=question).exists():
            return False
        firm_ids = set(Proposal.objects.active().filter(scenario=question.scenario).values_list("firm_id", flat=True))
        firm_ids.add(question.asker_organization_id)
        notifications.send(
            users=_firm_users(firm_ids),
            kind="question_answered",
            message=notifications.QUESTION_ANSWERED,
            params={"title": question.scenario.title, "scenario": question.scenario_id},
            body=question.answer[:500],
            url=scenario_url(question.scenario_id),
        )
        QuestionNotice.objects.create(question=question)
    return True
