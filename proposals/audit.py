"""The audit trail: django-auditlog records every change of scenarios, proposals, evaluations, scores, awards,
objections and engagements (actor, time, object, before/after). Services set the actor with
``auditlog.context.set_actor``; nobody updates these models with ``QuerySet.update()``.

Prices are excluded from the log: the trail is read by the owner office and the provincial office, and a price
must not appear in a trail entry written before the deadline. The revision history of a proposal (readable
under the sealing rule) keeps every price instead.
"""

from __future__ import annotations

from auditlog.registry import auditlog

from catalog.models import Scenario
from proposals.models import Award, Engagement, Evaluation, Milestone, Objection, Proposal, Score

NOISE = ["updated_at", "search_text"]


def _fields(model, exclude=()) -> dict:
    # Concrete fields only: without include_fields auditlog also lists reverse relations on creation.
    names = [f.name for f in model._meta.concrete_fields if f.name not in (*NOISE, *exclude)]
    return {"include_fields": names}


def register() -> None:
    if auditlog.contains(Scenario):
        return
    # published_at is written right after the open transition by catalog; the status change carries the event.
    auditlog.register(Scenario, **_fields(Scenario, ["published_at"]))
    auditlog.register(Proposal, **_fields(Proposal, ["price", "reminded_at"]))
    for model in (Evaluation, Score, Award, Objection, Engagement):
        auditlog.register(model, **_fields(model))
    auditlog.register(Milestone, **_fields(Milestone, ["reminded_at"]))
