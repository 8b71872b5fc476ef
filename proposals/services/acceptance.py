"""Acceptance (验收) that means something, and the replicable case it produces.

An engagement is accepted only when (``acceptance_missing`` lists what is not yet so):

* every milestone is done, or waived by the owner office with a reason;
* every KPI row of the scenario has a reported result;
* an acceptance report is on file (the uploaded document and a structured conclusion that is not *not passed*);
* a committee of named members of the owner office has been appointed and at least ``quorum`` of them have
  signed off (the quorum defaults to ``PROPOSALS_ACCEPTANCE_QUORUM``).

Acceptance then writes the standard replicable case (problem, solution, KPIs achieved, cost, lessons, contacts),
marks the county's deployment of the solution *verified* (the only way a deployment becomes verified) and
triggers the replication push. A scenario completes only when every engagement is accepted or terminated
(``completion_refusal``, registered as a catalog veto).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.attachments import validate_upload
from catalog.models import Deployment, ScenarioKpi
from core.exceptions import StateConflict
from directory.models import User
from directory.selectors import active_member_ids
from proposals import notifications
from proposals.models import (
    AcceptanceReport,
    AcceptanceSignoff,
    Engagement,
    KpiResult,
    Milestone,
    ReplicableCase,
)
from proposals.services.common import (
    E,
    _locked_engagement,
    _open_engagement,
    _owner_users,
    _require,
    _require_open,
    _save_kpi_result,
    _text,
    audited,
)

CASE_FIELDS = (
    "title",
    "problem",
    "solution_summary",
    "cost",
    "lessons",
    "contact_name",
    "contact_email",
    "contact_phone",
)


@audited
def milestone_waive(*, milestone: Milestone, actor: User, reason: str) -> Milestone:
    """The owner office waives a milestone that will not be done, saying why (acceptance counts it settled)."""
    _require_open(actor, "proposals.manage_engagement", milestone.engagement)
    reason = _text(reason, 2000)
    if not reason:
        raise ValidationError({"reason": [_("Say why the milestone is waived.")]})
    if milestone.done_date is not None:
        raise StateConflict(_("This milestone is done; there is nothing to waive."))
    milestone.waived_at = timezone.now()
    milestone.waived_reason = reason
    milestone.waived_by = actor
    milestone.save()
    return milestone


@audited
def kpi_report(
    *, engagement: Engagement, actor: User, kpi: ScenarioKpi, result: str, met: bool | None = None
) -> KpiResult:
    """Report the engagement's result against one of its scenario's KPI rows (the firm or the owner office)."""
    _require_open(actor, "proposals.report_engagement", engagement)
    if kpi.scenario_id != engagement.scenario_id:
        raise ValidationError({"kpi": [_("This KPI belongs to another scenario.")]})
    result = _text(result, 200)
    if not result:
        raise ValidationError({"result": [_("Give the measured result.")]})
    return _save_kpi_result(
        engagement,
        {"kpi": kpi},
        name=kpi.indicator[:200],
        target=f"{kpi.target}{kpi.unit}"[:200],
        result=result,
        met=met,
        measured_at=timezone.localdate(),
    )


@audited
def acceptance_report_submit(
    *, engagement: Engagement, actor: User, conclusion: str, summary: str, upload, conditions: str = ""
) -> AcceptanceReport:
    """The owner office files the acceptance report: the document (checked like any attachment) and its
    conclusion. Filing again replaces the previous report and clears the sign-offs already given (their members
    are asked to sign again)."""
    _require_open(actor, "proposals.manage_engagement", engagement)
    errors: dict[str, list[str]] = {}
    if conclusion not in AcceptanceReport.Conclusion.values:
        errors["conclusion"] = [_("Choose a conclusion.")]
    summary, conditions = _text(summary, 5000), _text(conditions, 2000)
    if not summary:
        errors["summary"] = [_("Summarise the findings of the acceptance.")]
    if conclusion == AcceptanceReport.Conclusion.CONDITIONS and not conditions:
        errors["conditions"] = [_("State the conditions.")]
    if upload is None:
        errors["file"] = [_("Attach the acceptance report.")]
    else:
        try:
            name, extension, _mime = validate_upload(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    report = AcceptanceReport.objects.filter(engagement=engagement).first() or AcceptanceReport(engagement=engagement)
    upload.seek(0)
    report.file.save(f"report{extension}", upload, save=False)
    report.file_name = name
    report.conclusion = conclusion
    report.summary = summary
    report.conditions = conditions
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.save()
    # The committee signs what is on file: a new report needs new signatures, and its members are asked again.
    cleared = []
    for seat in AcceptanceSignoff.objects.filter(engagement=engagement, signed_at__isnull=False).select_related(
        "member"
    ):
        seat.signed_at = None
        seat.note = ""
        seat.save()
        cleared.append(seat.member)
    if cleared:
        notifications.send(
            users=cleared,
            kind="acceptance_signoff",
            message=notifications.SIGNOFF_ASKED_AGAIN,
            params={"title": engagement.scenario.title, "engagement": engagement.pk},
            url=_engagement_url(engagement),
        )
    return report


def _engagement_url(engagement: Engagement) -> str:
    return reverse("proposals:engagement-detail", args=[engagement.pk]) + "#acceptance-h"


def _signed(engagement: Engagement) -> int:
    return AcceptanceSignoff.objects.filter(engagement=engagement, signed_at__isnull=False).count()


def _announce_quorum(engagement: Engagement, *, signed: int, quorum: int) -> None:
    """Tell the owner office that the committee's quorum of sign-offs is in."""
    notifications.send(
        users=_owner_users(engagement.scenario),
        kind="acceptance_quorum",
        message=notifications.QUORUM_REACHED,
        params={
            "title": engagement.scenario.title,
            "signed": signed,
            "quorum": quorum,
            "engagement": engagement.pk,
            **notifications.firm_params(engagement.firm),
        },
        url=_engagement_url(engagement),
    )


def owner_office_members(engagement: Engagement):
    """The active members of the owner office: who may sit on the acceptance committee."""
    return User.objects.filter(pk__in=active_member_ids(organization_ids=[engagement.scenario.owner_id])).order_by(
        "username"
    )


@audited
def committee_appoint(
    *, engagement: Engagement, actor: User, members: Iterable[User], quorum: int | None = None
) -> list[AcceptanceSignoff]:
    """Name the acceptance committee: members of the owner office only, at least ``quorum`` of them (default
    ``PROPOSALS_ACCEPTANCE_QUORUM``). Re-appointing keeps the signatures of members who stay. Newly named
    members are asked to sign off (a notification); the owner office is told if the quorum is thereby reached."""
    _require(actor, "proposals.manage_engagement", engagement)
    engagement = _locked_engagement(engagement)
    _open_engagement(engagement)
    chosen = {m.pk: m for m in members}
    quorum = settings.PROPOSALS_ACCEPTANCE_QUORUM if quorum is None else quorum
    allowed = set(owner_office_members(engagement).values_list("pk", flat=True))
    strangers = [m for pk, m in chosen.items() if pk not in allowed]
    if strangers:
        raise ValidationError(
            {
                "members": [
                    _("Only members of %(office)s sit on its acceptance committee (not: %(names)s).")
                    % {"office": engagement.scenario.owner.name, "names": ", ".join(str(m) for m in strangers)}
                ]
            }
        )
    if not isinstance(quorum, int) or isinstance(quorum, bool) or quorum < 1:
        raise ValidationError({"quorum": [_("The quorum is a whole number of at least 1.")]})
    if len(chosen) < quorum:
        raise ValidationError(
            {
                "members": [
                    _("Name at least %(quorum)d members: the committee needs %(quorum)d sign-offs.")
                    % {"quorum": quorum}
                ]
            }
        )
    before = engagement.acceptance_quorum
    reached_before = before > 0 and _signed(engagement) >= before
    AcceptanceSignoff.objects.filter(engagement=engagement).exclude(member_id__in=list(chosen)).delete()
    appointed = []
    for member in chosen.values():
        _seat, created = AcceptanceSignoff.objects.get_or_create(
            engagement=engagement, member=member, defaults={"appointed_by": actor}
        )
        if created:
            appointed.append(member)
    engagement.acceptance_quorum = quorum
    engagement.save()
    # Newly named members are asked to sign off; those who stay were asked when they were named.
    notifications.send(
        users=appointed,
        kind="acceptance_signoff",
        message=notifications.SIGNOFF_ASKED,
        params={
            "title": engagement.scenario.title,
            "quorum": quorum,
            "engagement": engagement.pk,
            **notifications.firm_params(engagement.firm),
        },
        url=_engagement_url(engagement),
    )
    signed = _signed(engagement)
    if signed >= quorum and not reached_before:
        _announce_quorum(engagement, signed=signed, quorum=quorum)
    return list(AcceptanceSignoff.objects.filter(engagement=engagement).select_related("member"))


@audited
def acceptance_sign(*, engagement: Engagement, actor: User, note: str = "") -> AcceptanceSignoff:
    """A committee member signs the acceptance off. Needs a report on file that did not fail. The signature
    that reaches the quorum notifies the owner office."""
    _require(actor, "proposals.sign_acceptance", engagement)
    # The engagement's row is locked so that concurrent signers count each other's signatures (the one that
    # reaches the quorum announces it, exactly once).
    engagement = _locked_engagement(engagement)
    _open_engagement(engagement)
    seat = AcceptanceSignoff.objects.select_for_update().get(engagement=engagement, member=actor)
    report = AcceptanceReport.objects.filter(engagement=engagement).first()
    if report is None:
        raise StateConflict(_("There is no acceptance report to sign yet."))
    if report.conclusion == AcceptanceReport.Conclusion.FAILED:
        raise StateConflict(_("The acceptance report concludes the pilot did not pass: it cannot be signed off."))
    if seat.signed_at is not None:
        raise StateConflict(_("You have already signed this acceptance off."))
    seat.signed_at = timezone.now()
    seat.note = _text(note, 1000)
    seat.save()
    quorum = Engagement.objects.filter(pk=engagement.pk).values_list("acceptance_quorum", flat=True).first() or 0
    signed = _signed(engagement)
    if quorum and signed == quorum:
        _announce_quorum(engagement, signed=signed, quorum=quorum)
    return seat


def acceptance_missing(engagement: Engagement) -> list[str]:
    """What still stands between the engagement and acceptance, as sentences for the page and the refusal
    (empty: it may be accepted)."""
    missing: list[str] = []
    open_milestones = [m.title for m in engagement.milestones.all() if not m.is_settled]
    if open_milestones:
        missing.append(_("Milestones neither done nor waived: %(titles)s.") % {"titles": "、".join(open_milestones)})
    reported = {r.kpi_id for r in KpiResult.objects.filter(engagement=engagement, kpi__isnull=False) if r.result}
    unreported = [k.indicator for k in engagement.scenario.kpis.all() if k.pk not in reported]
    if unreported:
        missing.append(_("KPIs without a reported result: %(names)s.") % {"names": "、".join(unreported)})
    report = AcceptanceReport.objects.filter(engagement=engagement).first()
    if report is None:
        missing.append(_("No acceptance report has been filed."))
    elif report.conclusion == AcceptanceReport.Conclusion.FAILED:
        missing.append(_("The acceptance report concludes the pilot did not pass."))
    seats = list(AcceptanceSignoff.objects.filter(engagement=engagement))
    # The quorum as stored (the caller's object may predate the committee's appointment).
    quorum = Engagement.objects.filter(pk=engagement.pk).values_list("acceptance_quorum", flat=True).first() or 0
    if not seats:
        missing.append(_("No acceptance committee has been named."))
    else:
        signed = sum(1 for s in seats if s.signed_at is not None)
        if signed < quorum:
            missing.append(
                _("%(signed)d of the %(quorum)d committee sign-offs needed.") % {"signed": signed, "quorum": quorum}
            )
    return missing


def check_acceptable(engagement: Engagement) -> None:
    missing = acceptance_missing(engagement)
    if missing:
        raise StateConflict([_("The engagement cannot be accepted yet."), *missing])


def case_kpis(engagement: Engagement) -> list[dict]:
    """The KPIs achieved as the case publishes them: each row of the scenario with its reported result."""
    results = {r.kpi_id: r for r in KpiResult.objects.filter(engagement=engagement, kpi__isnull=False)}
    rows = []
    for kpi in engagement.scenario.kpis.all():
        result = results.get(kpi.pk)
        rows.append(
            {
                "indicator": kpi.indicator,
                "unit": kpi.unit,
                "baseline": kpi.baseline,
                "target": kpi.target,
                "result": result.result if result else "",
                "met": result.met if result else None,
            }
        )
    return rows


def accept(engagement: Engagement, *, actor: User, cost: int | None = None) -> ReplicableCase:
    """The acceptance's effects (``engagement_advance`` to *accepted* calls this after ``check_acceptable``): the
    verified deployment and the replicable case. Returns the case."""
    scenario = engagement.scenario
    deployment, _created = Deployment.objects.get_or_create(
        solution=engagement.solution,
        county=scenario.county,
        year=timezone.localdate().year,
        defaults={"note": _text(_("Accepted pilot: %(title)s") % {"title": scenario.title}, 300)},
    )
    # Only here does a deployment become verified: a firm's own entry for the same county and year is upgraded.
    deployment.verification = Deployment.Verification.VERIFIED
    deployment.verified_at = timezone.now()
    deployment.save()
    engagement.deployment = deployment
    case, _created = ReplicableCase.objects.get_or_create(
        engagement=engagement,
        defaults={
            "title": scenario.title[:200],
            "problem": (scenario.problem_statement or scenario.summary or scenario.title)[:5000],
            "solution_summary": (engagement.solution.summary or engagement.solution.title)[:5000],
            "kpis_achieved": case_kpis(engagement),
            "cost": cost,
            "lessons": engagement.lessons,
            "contact_name": scenario.contact_name[:100],
            "contact_email": scenario.contact_email,
            "contact_phone": scenario.contact_phone[:30],
        },
    )
    return case


@audited
def replicable_case_update(*, case: ReplicableCase, actor: User, **fields) -> ReplicableCase:
    """The owner office edits its case's texts, cost and contacts (the KPIs achieved come from the results)."""
    _require(actor, "proposals.edit_case", case)
    case = ReplicableCase.objects.select_for_update().get(pk=case.pk)
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    limits = {"title": 200, "problem": 5000, "solution_summary": 5000, "lessons": 10000, "contact_name": 100}
    for name, value in fields.items():
        if name == "cost":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                errors["cost"] = [_("Give the cost as a whole number of yuan.")]
                continue
            case.cost = value
        elif name in limits:
            setattr(case, name, _text(value, limits[name]))
        else:
            setattr(case, name, _text(value, 254 if name == "contact_email" else 30))
    for name in ("title", "problem", "solution_summary"):
        if not getattr(case, name):
            errors.setdefault(name, [_("This part of the case cannot be empty.")])
    if errors:
        raise ValidationError(errors)
    case.full_clean(exclude=["engagement", "kpis_achieved"])
    case.save()
    return case


def completion_refusal(scenario_id: int) -> str:
    """The catalog's veto on completing a scenario: every engagement must be accepted or terminated."""
    running = list(
        Engagement.objects.filter(scenario_id=scenario_id)
        .exclude(status__in=(E.ACCEPTED, E.TERMINATED))
        .select_related("firm")
    )
    if not running:
        return ""
    return _("A scenario completes only when its engagements are accepted or terminated; still running: %(list)s.") % {
        "list": "、".join(f"{e.firm.name} ({e.get_status_display()})" for e in running)
    }
