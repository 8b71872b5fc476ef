"""Public questions on a scenario and their answers."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import hooks, notifications
from catalog.models import (
    Question,
    Scenario,
)
from catalog.services.common import EXTENSION_WINDOW, S, _actor, _require
from catalog.services.scenarios import scenario_update
from core.exceptions import StateConflict
from core.text import normalize_text
from directory.models import Organization, User
from directory.permissions import is_member_of_verified_firm
from directory.selectors import affiliations_of


@transaction.atomic
def question_ask(*, scenario: Scenario, actor: User, text: str, organization: Organization | None = None) -> Question:
    """A verified firm's member asks on an open scenario. The firm defaults to the user's first verified firm.
    The owner office's people who may answer are notified (without the firm's name)."""
    _require(actor, "catalog.ask_question", scenario)
    if organization is None:
        firms = affiliations_of(actor).organizations(kinds=[Organization.Kind.FIRM], verified=True)
        organization = min(firms, key=lambda firm: firm.pk, default=None)
    if organization is None or not is_member_of_verified_firm(actor, organization):
        raise PermissionDenied(_("Only members of a verified firm ask questions."))
    if not scenario.is_open:
        raise StateConflict(_("Questions are taken only while the scenario is open."))
    text = (text or "").strip()
    if not normalize_text(text):
        raise ValidationError({"text": [_("Write your question.")]})
    question = Question.objects.create(
        scenario=scenario, asker_organization=organization, asked_by=actor, text=text[:4000]
    )
    notifications.announce_question(question)
    return question


@transaction.atomic
def question_answer(
    *, question: Question, actor: User, answer: str, extend_deadline_to: dt.datetime | None = None
) -> Question:
    """The owner answers; the answer becomes public. Within the last three days before the deadline the owner
    may extend the deadline in the same step (it may only move later)."""
    scenario = question.scenario
    _require(actor, "catalog.answer_question", scenario)
    answer = (answer or "").strip()
    if not normalize_text(answer):
        raise ValidationError({"answer": [_("Write the answer.")]})
    if scenario.effective_status not in (S.OPEN, S.EVALUATING):
        raise StateConflict(_("This scenario no longer takes answers."))
    question.answer = answer[:8000]
    question.answered_by = _actor(actor)
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    if extend_deadline_to is not None:
        if scenario.deadline and extend_deadline_to <= scenario.deadline:
            raise ValidationError({"extend_deadline_to": [_("The new deadline must be later than the current one.")]})
        if scenario.effective_status != S.OPEN:
            raise StateConflict({"extend_deadline_to": [_("The deadline has passed; it can no longer be extended.")]})
        scenario_update(scenario=scenario, actor=actor, deadline=extend_deadline_to)
    hooks.question_answered(question.pk)
    return question


def deadline_extension_offered(scenario: Scenario, *, now: dt.datetime | None = None) -> bool:
    """True in the last three days before the deadline of an open scenario."""
    now = now or timezone.now()
    return (
        scenario.effective_status == S.OPEN
        and scenario.deadline is not None
        and scenario.deadline - now <= EXTENSION_WINDOW
    )
