"""The audit trail: django-auditlog records every change of proposals, evaluations, scores, awards, objections,
engagements, milestones, KPI results, acceptance reports, committee sign-offs and replicable cases (actor, time,
object, before/after); scenarios are registered by catalog, the other apps' models by their own apps
(``core.audit``). Services set the actor with ``auditlog.context.set_actor``;
nobody updates these models with ``QuerySet.update()``.

Prices are excluded from the log: the trail is read by the owner office and the provincial office, and a price
must not appear in a trail entry written before the deadline. The revision history of a proposal (readable
under the sealing rule) keeps every price instead.
"""

from __future__ import annotations

from core import audit
from proposals import models


def register() -> None:
    audit.register(models.Proposal, exclude=("price", "reminded_at"))
    for model in (models.Evaluation, models.Score, models.Award, models.Objection, models.Engagement):
        audit.register(model)
    audit.register(models.Milestone, exclude=("reminded_at",))
    # Acceptance: results, the report, each committee seat and sign-off, and the replicable case.
    for acceptance_model in (
        models.KpiResult,
        models.AcceptanceReport,
        models.AcceptanceSignoff,
        models.ReplicableCase,
    ):
        audit.register(acceptance_model)
    # Contract values before the award is final are for the owner office and the awarded firm only; the trail
    # (also read by the provincial office) records that a value was stated, not the value. Payments follow a
    # final award, whose values are public.
    audit.register(models.Contract, exclude=("value",))
    audit.register(models.Payment)
