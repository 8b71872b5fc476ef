"""Writes for proposals, evaluation, award and engagements. Views, the API, admin, commands and the demo call
these; nothing else saves these models.

Guarantees:

* Every function checks who acts (``PermissionDenied``) and what must hold (``ValidationError`` with messages
  per field), runs in one transaction and leaves nothing half-saved.
* Proposal writes lock the scenario row and compare the server clock with the deadline *inside* that
  transaction, so a save that commits was accepted before the deadline.
* At most one active proposal per firm and scenario: checked under the lock and held by a unique constraint.
* Every change is recorded by django-auditlog with the acting user (``set_actor``); no ``QuerySet.update()``.
"""

from proposals.services.acceptance import (
    CASE_FIELDS,
    acceptance_missing,
    acceptance_report_submit,
    acceptance_sign,
    committee_appoint,
    completion_refusal,
    kpi_report,
    milestone_waive,
    owner_office_members,
    replicable_case_update,
)
from proposals.services.award import (
    award_decide,
    award_finalise,
    awards_finalise_due,
    objection_respond,
    objection_submit,
)
from proposals.services.bids import (
    proposal_attachment_add,
    proposal_create,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    snapshot,
)
from proposals.services.common import (
    MAX_PRICE,
    PROPOSAL_FIELDS,
    TEXT_FIELDS,
    E,
    P,
    S,
    audited,
    clean_price,
    clean_score,
    scenario_url,
    standstill_days,
)
from proposals.services.engagements import (
    ENGAGEMENT_FLOW,
    engagement_advance,
    engagement_report,
    kpi_record,
    milestone_add,
    milestone_done,
)
from proposals.services.evaluation import (
    evaluation_complete,
    evaluation_declare,
    evaluation_state,
    evaluator_assign,
    proposal_disqualify,
    scores_save,
    scores_set,
)
from proposals.services.money import clean_amount, contract_value_set, paid_total, payment_record
from proposals.services.panels import (
    draw_order,
    expert_add,
    expert_set_active,
    expert_tie_declare,
    panel_draw,
    panel_draw_replay,
    panel_seat_conflict,
    panel_seat_decline,
)
from proposals.services.reminders import announce_answer, announce_answers, remind_deadlines, remind_milestones
from proposals.services.sealed_reads import sealed_reads_log, trail_reads_log

__all__ = [
    "CASE_FIELDS",
    "ENGAGEMENT_FLOW",
    "MAX_PRICE",
    "PROPOSAL_FIELDS",
    "TEXT_FIELDS",
    "E",
    "P",
    "S",
    "acceptance_missing",
    "acceptance_report_submit",
    "acceptance_sign",
    "announce_answer",
    "announce_answers",
    "audited",
    "award_decide",
    "award_finalise",
    "awards_finalise_due",
    "clean_amount",
    "clean_price",
    "clean_score",
    "committee_appoint",
    "completion_refusal",
    "contract_value_set",
    "draw_order",
    "engagement_advance",
    "engagement_report",
    "evaluation_complete",
    "evaluation_declare",
    "evaluation_state",
    "evaluator_assign",
    "expert_add",
    "expert_set_active",
    "expert_tie_declare",
    "kpi_record",
    "kpi_report",
    "milestone_add",
    "milestone_done",
    "milestone_waive",
    "objection_respond",
    "objection_submit",
    "owner_office_members",
    "paid_total",
    "panel_draw",
    "panel_draw_replay",
    "panel_seat_conflict",
    "panel_seat_decline",
    "payment_record",
    "proposal_attachment_add",
    "proposal_create",
    "proposal_disqualify",
    "proposal_submit",
    "proposal_update",
    "proposal_withdraw",
    "remind_deadlines",
    "remind_milestones",
    "replicable_case_update",
    "scenario_url",
    "scores_save",
    "scores_set",
    "sealed_reads_log",
    "snapshot",
    "standstill_days",
    "trail_reads_log",
]
