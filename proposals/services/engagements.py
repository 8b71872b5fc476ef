"""Engagements after an award: stages, reports, milestones and KPIs."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import hooks as catalog_hooks
from catalog import services as catalog_services
from catalog.attachments import validate_upload
from core.background import enqueue
from core.exceptions import StateConflict
from directory.models import User
from matching import tasks
from proposals.models import (
    Engagement,
    KpiResult,
    Milestone,
)
from proposals.services import acceptance
from proposals.services.common import (
    E,
    S,
    _locked_engagement,
    _open_engagement,
    _require,
    _require_open,
    _save_kpi_result,
    _text,
    audited,
)

ENGAGEMENT_FLOW = {
    E.PILOTING: (E.CONTRACTED,),
    E.DEPLOYED: (E.PILOTING,),
    E.ACCEPTED: (E.DEPLOYED,),
    E.TERMINATED: (E.CONTRACTED, E.PILOTING, E.DEPLOYED),
}


@audited
def engagement_advance(
    *, engagement: Engagement, actor: User, to: str, outcome: str = "", cost: int | None = None
) -> Engagement:
    """contracted → piloting → deployed → accepted (验收), or terminated before acceptance (outcome required).
    The first pilot moves the scenario to piloting. Acceptance needs every milestone settled, every KPI
    reported, an acceptance report and the committee's quorum of sign-offs (``acceptance.acceptance_missing``);
    it then writes the replicable case (``cost`` in CNY, optional), marks the county's deployment verified and
    makes the engagement a reference case. When every engagement has ended with one accepted the scenario is
    completed."""
    _require(actor, "proposals.manage_engagement", engagement)
    engagement = _locked_engagement(engagement)
    if to not in ENGAGEMENT_FLOW:
        raise ValidationError({"to": [_("Unknown engagement state.")]})
    if engagement.status not in ENGAGEMENT_FLOW[to]:
        raise StateConflict(
            _("An engagement that is %(state)s cannot become %(target)s.")
            % {"state": engagement.get_status_display(), "target": E(to).label}
        )
    outcome = _text(outcome, 5000)
    if to == E.TERMINATED and not outcome:
        raise ValidationError({"outcome": [_("Say why the engagement ends.")]})
    now = timezone.now()
    scenario = engagement.scenario
    engagement.status = to
    if outcome:
        engagement.outcome = outcome
    if to == E.PILOTING:
        engagement.piloting_at = now
        if scenario.status == S.AWARDED:
            catalog_services.scenario_start_pilot(scenario=scenario, actor=actor)
    elif to == E.DEPLOYED:
        engagement.deployed_at = now
    elif to == E.ACCEPTED:
        acceptance.check_acceptable(engagement)
        if cost is not None and (isinstance(cost, bool) or not isinstance(cost, int) or cost < 0):
            raise ValidationError({"cost": [_("Give the cost as a whole number of yuan.")]})
        engagement.accepted_at = now
        acceptance.accept(engagement, actor=actor, cost=cost)
        # A proven solution: its track record changed (suggestions) and it is pushed towards counties with
        # similar needs, 苏北 and 苏中 first (matching's replication push), once this transaction commits.
        catalog_hooks.solution_changed(engagement.solution_id, "deployment")
        enqueue(tasks.replication_push, engagement.solution_id, engagement.scenario_id)
    else:
        engagement.terminated_at = now
    engagement.save()
    others = Engagement.objects.filter(scenario=scenario).values_list("status", flat=True)
    statuses = list(others)
    if all(s in (E.ACCEPTED, E.TERMINATED) for s in statuses) and E.ACCEPTED in statuses:
        scenario.refresh_from_db()
        if scenario.status == S.PILOTING:
            catalog_services.scenario_complete(scenario=scenario, actor=actor)
    return engagement


@audited
def engagement_report(
    *, engagement: Engagement, actor: User, lessons: str | None = None, outcome: str | None = None
) -> Engagement:
    _require(actor, "proposals.report_engagement", engagement)
    engagement = _locked_engagement(engagement)
    # Once ended, the outcome (the owner office's reason for terminating, too) and the lessons stay as they were.
    _open_engagement(engagement)
    if lessons is not None:
        engagement.lessons = _text(lessons, 10000)
    if outcome is not None:
        engagement.outcome = _text(outcome, 5000)
    engagement.save()
    return engagement


@audited
def milestone_add(*, engagement: Engagement, actor: User, title: str, due_date: dt.date) -> Milestone:
    _require_open(actor, "proposals.report_engagement", engagement)
    title = _text(title, 200)
    errors = {}
    if not title:
        errors["title"] = [_("Give the milestone a title.")]
    if not isinstance(due_date, dt.date):
        errors["due_date"] = [_("Give a due date.")]
    if errors:
        raise ValidationError(errors)
    return Milestone.objects.create(engagement=engagement, title=title, due_date=due_date)


@audited
def milestone_done(*, milestone: Milestone, actor: User, done_date: dt.date | None = None, evidence=None) -> Milestone:
    """Mark a milestone done (today by default) with an optional evidence file (checked like any attachment).
    Once, and not after a waiver: a settled milestone keeps how it was settled (payments follow its done date; a
    waived one is not payable), as :func:`acceptance.milestone_waive` refuses a done one."""
    _require_open(actor, "proposals.report_engagement", milestone.engagement)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_date is not None:
        raise StateConflict(_("This milestone is already done."))
    if milestone.waived_at is not None:
        raise StateConflict(_("This milestone was waived; it is not marked done."))
    done_date = done_date or timezone.localdate()
    if done_date > timezone.localdate():
        raise ValidationError({"done_date": [_("A milestone cannot be done in the future.")]})
    if evidence is not None:
        try:
            name, extension, _mime = validate_upload(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from None
        evidence.seek(0)
        milestone.evidence.save(f"evidence{extension}", evidence, save=False)
        milestone.evidence_name = name
    milestone.done_date = done_date
    milestone.save()
    return milestone


@audited
def kpi_record(
    *, engagement: Engagement, actor: User, name: str, target: str, result: str = "", met: bool | None = None
) -> KpiResult:
    """A free-text result (the API's ``kpis`` without ``kpi``); refused once the engagement has ended, like
    :func:`acceptance.kpi_report`. It updates only a free-text row of the same name: a result against a KPI row
    (what acceptance counts) changes only through :func:`acceptance.kpi_report`, whatever name is posted."""
    _require_open(actor, "proposals.report_engagement", engagement)
    name, target = _text(name, 200), _text(target, 200)
    if not name or not target:
        raise ValidationError({"name": [_("Name the indicator and its target.")]})
    result = _text(result, 200)
    return _save_kpi_result(
        engagement,
        {"name": name, "kpi": None},
        target=target,
        result=result,
        met=met,
        measured_at=timezone.localdate() if result else None,
    )
