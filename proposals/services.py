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

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from catalog import hooks as catalog_hooks
from catalog import services as catalog_services
from catalog.attachments import validate_upload
from catalog.models import Deployment, EvaluationCriterion, Scenario, Solution
from core.text import normalize_text
from directory.models import Membership, Organization, User
from matching import tasks
from proposals import notifications, scoring
from proposals import permissions as perms
from proposals.models import (
    MAX_SCORE,
    MIN_SCORE,
    Award,
    Engagement,
    Evaluation,
    KpiResult,
    Milestone,
    Objection,
    Proposal,
    ProposalAttachment,
    ProposalRevision,
    Score,
)

S = Scenario.Status
P = Proposal.Status
E = Engagement.Status

# 1000 亿元: far above any county pilot, far below the column's limit.
MAX_PRICE = 100_000_000_000
PROPOSAL_FIELDS = (
    "approach",
    "deliverables",
    "price",
    "timeline",
    "team",
    "local_service",
    "declares_no_conflict",
    "declares_data_security",
)
TEXT_FIELDS = ("approach", "deliverables", "timeline", "team", "local_service")


def audited(func):
    """Run a service with its ``actor`` as the auditlog actor, in one transaction."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with set_actor(kwargs.get("actor")), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def _require(user, perm: str, obj) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _text(value, limit: int) -> str:
    return normalize_text(str(value or ""))[:limit]


def standstill_days(scenario: Scenario | None = None) -> int:
    return int(getattr(settings, "PROPOSALS_STANDSTILL_DAYS", 10))


def scenario_url(pk: int) -> str:
    """The catalog's page of a scenario (the award notice page until the catalog pages exist)."""
    try:
        return reverse("catalog:scenario-detail", args=[pk])
    except NoReverseMatch:
        return reverse("proposals:award-notice", args=[pk])


# ---------------------------------------------------------------- input


def clean_price(value) -> int:
    """A price in whole CNY. Accepts an int or a string of digits (full-width digits too); rejects negative
    numbers, decimals, exponents ("1e309"), separators ("1,000") and anything above ``MAX_PRICE``."""
    if isinstance(value, bool):
        raise ValidationError({"price": [_("Enter the price as a whole number of yuan, e.g. 1200000.")]})
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = normalize_text(value)
        if text.startswith("-"):
            raise ValidationError({"price": [_("The price cannot be negative.")]})
        if not text.isascii() or not text.isdigit():
            raise ValidationError(
                {
                    "price": [
                        _(
                            "Enter the price as a whole number of yuan with digits only "
                            "(no commas, decimals or units), e.g. 1200000."
                        )
                    ]
                }
            )
        number = int(text)
    else:
        raise ValidationError({"price": [_("Enter the price as a whole number of yuan, e.g. 1200000.")]})
    if number < 0:
        raise ValidationError({"price": [_("The price cannot be negative.")]})
    if number > MAX_PRICE:
        raise ValidationError({"price": [_("The price cannot exceed %(max)s yuan.") % {"max": f"{MAX_PRICE:,}"}]})
    return number


def clean_score(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
        raise ValidationError(
            {
                "scores": [
                    _("Each score is a whole number from %(min)d to %(max)d.") % {"min": MIN_SCORE, "max": MAX_SCORE}
                ]
            }
        )
    return value


# ---------------------------------------------------------------- proposals


def _lock_open_scenario(scenario: Scenario) -> Scenario:
    """Lock the scenario row and check, with the server's clock, that it still takes proposals."""
    locked = Scenario.objects.select_for_update().select_related("owner").get(pk=scenario.pk)
    now = timezone.now()
    if locked.status != S.OPEN or locked.deadline is None:
        raise ValidationError(_("This scenario is not open for proposals; nothing was saved."))
    if locked.deadline <= now:
        raise ValidationError(
            _("The deadline for proposals passed at %(deadline)s; nothing was saved.")
            % {"deadline": formats.date_format(timezone.localtime(locked.deadline), "Y-m-d H:i:s")}
        )
    # The instant the write was accepted: stamped on submissions and revisions, so records never post-date
    # the deadline check by the milliseconds the save takes.
    locked.checked_at = now
    return locked


def _lock_proposal(proposal: Proposal) -> tuple[Proposal, Scenario]:
    scenario = _lock_open_scenario(proposal.scenario)
    fresh = Proposal.objects.select_for_update().select_related("firm").get(pk=proposal.pk)
    fresh.scenario = scenario
    fresh.checked_at = scenario.checked_at
    return fresh, scenario


def _solution_objects(firm: Organization, solutions: Iterable) -> list[Solution]:
    ids = []
    for item in solutions or []:
        pk = item.pk if isinstance(item, Solution) else item
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            raise ValidationError({"solutions": [_("Choose solutions from the list.")]}) from None
    found = list(Solution.objects.filter(pk__in=ids, owner=firm, status=Solution.Status.PUBLISHED).order_by("pk"))
    if len(found) != len(set(ids)):
        # Another firm's solution and a missing one read the same: nothing is revealed.
        raise ValidationError({"solutions": [_("Choose only published solutions of your own firm.")]})
    return found


def _apply_fields(proposal: Proposal, fields: dict) -> None:
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "price":
            value = None if value in (None, "") else clean_price(value)
        elif name in TEXT_FIELDS:
            value = str(value or "").strip()
        elif name.startswith("declares_"):
            value = bool(value)
        setattr(proposal, name, value)


def _validate_for_submission(proposal: Proposal, solutions: Sequence[Solution]) -> None:
    errors: dict[str, list[str]] = {}
    if not solutions:
        errors["solutions"] = [_("Choose at least one of your firm's published solutions.")]
    if not normalize_text(proposal.approach):
        errors["approach"] = [_("Describe your approach.")]
    if proposal.price is None:
        errors["price"] = [_("Give the price in yuan.")]
    if not proposal.declares_no_conflict:
        errors["declares_no_conflict"] = [_("Declare that you have no conflict of interest.")]
    if not proposal.declares_data_security:
        errors["declares_data_security"] = [_("Declare compliance with the data-security rules.")]
    if errors:
        raise ValidationError(errors)
    proposal.full_clean(
        exclude=["scenario", "firm", "created_by", "disqualified_by", "solutions"], validate_constraints=False
    )


def snapshot(proposal: Proposal) -> dict:
    """The full content of a proposal as JSON (for the revision history)."""
    data = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
    data["solutions"] = sorted(proposal.solutions.values_list("pk", flat=True))
    data["attachments"] = list(proposal.attachments.order_by("id").values_list("original_name", flat=True))
    data["status"] = proposal.status
    return data


def _record_revision(proposal: Proposal, actor: User) -> ProposalRevision:
    """The revision row of the version just saved (callers bump ``version`` in the same save as the change, so
    the audit trail records one entry per revision)."""
    return ProposalRevision.objects.create(
        proposal=proposal,
        number=proposal.version,
        snapshot=snapshot(proposal),
        actor=actor,
        at=getattr(proposal, "checked_at", None) or timezone.now(),
    )


def _firm_for(actor: User, firm: Organization | None) -> Organization:
    if firm is None:
        firms = list(
            Organization.objects.verified().filter(
                kind=Organization.Kind.FIRM,
                memberships__user=actor,
                memberships__status=Membership.Status.ACTIVE,
                memberships__role__in=(Membership.Role.ADMIN, Membership.Role.EDITOR),
            )[:2]
        )
        if not firms:
            raise PermissionDenied(_("Only an admin or editor of a verified firm submits proposals."))
        if len(firms) > 1:
            raise ValidationError({"firm": [_("You act for several firms: say which one.")]})
        firm = firms[0]
    if firm.kind != Organization.Kind.FIRM or not perms.can_publish_for(actor, firm):
        raise PermissionDenied(_("Only an admin or editor of a verified firm submits proposals."))
    return firm


@audited
def proposal_create(
    *,
    actor: User,
    scenario: Scenario,
    firm: Organization | None = None,
    solutions: Iterable = (),
    submit: bool = False,
    **fields,
) -> Proposal:
    """A draft proposal of ``firm`` for an open scenario (submitted at once with ``submit=True``)."""
    firm = _firm_for(actor, firm)
    if not actor.has_perm("catalog.view_scenario", scenario):
        raise Scenario.DoesNotExist
    scenario = _lock_open_scenario(scenario)
    if Proposal.objects.active().filter(scenario=scenario, firm=firm).exists():
        raise ValidationError(_("Your firm already has an active proposal for this scenario; revise that one."))
    proposal = Proposal(scenario=scenario, firm=firm, created_by=actor, created_at=scenario.checked_at)
    proposal.checked_at = scenario.checked_at
    _apply_fields(proposal, fields)
    solution_objects = _solution_objects(firm, solutions)
    if submit:
        _validate_for_submission(proposal, solution_objects)
        proposal.status = P.SUBMITTED
        proposal.submitted_at = scenario.checked_at
        proposal.version = 1
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise ValidationError(
            _("Your firm already has an active proposal for this scenario; revise that one.")
        ) from None
    proposal.solutions.set(solution_objects)
    if submit:
        _record_revision(proposal, actor)
        _notify_received(scenario)
    return proposal


@audited
def proposal_update(*, proposal: Proposal, actor: User, solutions: Iterable | None = None, **fields) -> Proposal:
    """Revise a draft or submitted proposal before the deadline. A submitted proposal keeps every revision."""
    _require(actor, "proposals.change_proposal", proposal)
    proposal, _scenario = _lock_proposal(proposal)
    if proposal.status == P.WITHDRAWN:
        raise ValidationError(_("A withdrawn proposal cannot be revised."))
    _apply_fields(proposal, fields)
    solution_objects = (
        _solution_objects(proposal.firm, solutions) if solutions is not None else list(proposal.solutions.all())
    )
    if proposal.status == P.SUBMITTED:
        _validate_for_submission(proposal, solution_objects)
        proposal.version += 1
    proposal.save()
    if solutions is not None:
        proposal.solutions.set(solution_objects)
    if proposal.status == P.SUBMITTED:
        _record_revision(proposal, actor)
    return proposal


@audited
def proposal_submit(*, proposal: Proposal, actor: User) -> Proposal:
    """draft → submitted, before the deadline; the owner is told only that the count went up."""
    _require(actor, "proposals.change_proposal", proposal)
    proposal, scenario = _lock_proposal(proposal)
    if proposal.status != P.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted (this proposal is %(state)s).") % {"state": proposal.get_status_display()}
        )
    _validate_for_submission(proposal, list(proposal.solutions.all()))
    proposal.status = P.SUBMITTED
    proposal.submitted_at = proposal.checked_at
    proposal.version += 1
    proposal.save()
    _record_revision(proposal, actor)
    _notify_received(scenario)
    return proposal


@audited
def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    """Withdraw before the deadline. The firm may then start a new proposal."""
    _require(actor, "proposals.change_proposal", proposal)
    proposal, _scenario = _lock_proposal(proposal)
    if proposal.status == P.WITHDRAWN:
        raise ValidationError(_("This proposal is already withdrawn."))
    proposal.status = P.WITHDRAWN
    proposal.withdrawn_at = proposal.checked_at
    proposal.save()
    return proposal


@audited
def proposal_attachment_add(*, proposal: Proposal, actor: User, upload) -> ProposalAttachment:
    _require(actor, "proposals.change_proposal", proposal)
    proposal, _scenario = _lock_proposal(proposal)
    if proposal.status == P.WITHDRAWN:
        raise ValidationError(_("A withdrawn proposal cannot be revised."))
    try:
        name, extension, mime = validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    attachment = ProposalAttachment(
        proposal=proposal,
        original_name=name,
        extension=extension,
        content_type=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    upload.seek(0)
    attachment.file.save(f"upload{extension}", upload, save=False)
    attachment.save()
    if proposal.status == P.SUBMITTED:
        proposal.version += 1
        proposal.save(update_fields=["version", "updated_at"])
        _record_revision(proposal, actor)
    return attachment


def _owner_users(scenario: Scenario) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization_id=scenario.owner_id, memberships__status=Membership.Status.ACTIVE
        ).distinct()
    )


def _firm_users(firm_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization_id__in=list(firm_ids), memberships__status=Membership.Status.ACTIVE
        ).distinct()
    )


def _notify_received(scenario: Scenario) -> None:
    count = Proposal.objects.filter(scenario=scenario, status=P.SUBMITTED).count()
    with notifications.site_language():
        notifications.send(
            users=_owner_users(scenario),
            kind="proposal_received",
            title=_("A proposal was received for “%(title)s”") % {"title": scenario.title},
            body=_("The scenario now has %(count)d submitted proposal(s). Proposals stay sealed until the deadline.")
            % {"count": count},
            url=reverse("proposals:my-scenarios"),
        )


# ---------------------------------------------------------------- evaluation


def _require_unsealed(scenario: Scenario) -> None:
    if not perms.is_unsealed(scenario):
        raise ValidationError(_("Proposals stay sealed until the deadline; evaluation starts after it."))


def _not_awarded(scenario: Scenario) -> None:
    if Award.objects.filter(scenario=scenario).exists():
        raise ValidationError(_("This scenario has been awarded; the evaluation is closed."))


@audited
def evaluator_assign(*, scenario: Scenario, actor: User, evaluator: User) -> Evaluation:
    """Name a member of the owner office as an evaluator (once)."""
    _require(actor, "proposals.manage_evaluation", scenario)
    if scenario.status in (S.DRAFT, S.CANCELLED):
        raise ValidationError(_("Evaluators are named for published scenarios only."))
    _not_awarded(scenario)
    if not Membership.objects.active().filter(user=evaluator, organization_id=scenario.owner_id).exists():
        raise ValidationError({"evaluator": [_("Evaluators are members of the office that owns the scenario.")]})
    evaluation, created = Evaluation.objects.get_or_create(
        scenario=scenario, evaluator=evaluator, defaults={"assigned_by": actor}
    )
    if not created:
        raise ValidationError({"evaluator": [_("This person is already an evaluator of the scenario.")]})
    with notifications.site_language():
        notifications.send(
            users=[evaluator],
            kind="evaluation_assigned",
            title=_("You are an evaluator of “%(title)s”") % {"title": scenario.title},
            body=_("Declare that you have no conflict of interest (or recuse), then score every proposal."),
            url=reverse("proposals:evaluation-detail", args=[evaluation.pk]),
        )
    return evaluation


@audited
def evaluation_declare(*, evaluation: Evaluation, actor: User, no_conflict: bool, reason: str = "") -> Evaluation:
    """The evaluator declares no conflict of interest, or recuses with a reason."""
    _require(actor, "proposals.score", evaluation)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != Evaluation.Status.ASSIGNED:
        raise ValidationError(_("You have already declared for this evaluation."))
    _not_awarded(evaluation.scenario)
    if no_conflict:
        evaluation.status = Evaluation.Status.DECLARED
    else:
        reason = _text(reason, 2000)
        if not reason:
            raise ValidationError({"reason": [_("Say why you recuse.")]})
        evaluation.status = Evaluation.Status.RECUSED
        evaluation.recusal_reason = reason
    evaluation.declared_at = timezone.now()
    evaluation.save()
    return evaluation


def _competing(scenario: Scenario) -> list[Proposal]:
    return list(Proposal.objects.competing().filter(scenario=scenario).order_by("pk"))


@audited
def scores_set(
    *, evaluation: Evaluation, actor: User, proposal: Proposal, scores: dict, comment: str = ""
) -> list[Score]:
    """Score one proposal on every criterion of the scenario (``{criterion_id: value}``), after the deadline."""
    _require(actor, "proposals.score", evaluation)
    evaluation = Evaluation.objects.select_for_update().select_related("scenario").get(pk=evaluation.pk)
    scenario = evaluation.scenario
    _require_unsealed(scenario)
    _not_awarded(scenario)
    if evaluation.status == Evaluation.Status.ASSIGNED:
        raise ValidationError(_("Declare that you have no conflict of interest before scoring."))
    if evaluation.status == Evaluation.Status.RECUSED:
        raise ValidationError(_("You recused from this evaluation."))
    if evaluation.status == Evaluation.Status.COMPLETED:
        raise ValidationError(_("You have completed this evaluation; scores are final."))
    if proposal.scenario_id != scenario.pk or proposal.status != P.SUBMITTED or proposal.is_disqualified:
        raise Proposal.DoesNotExist
    criteria = {c.pk: c for c in EvaluationCriterion.objects.filter(scenario=scenario)}
    try:
        values = {int(k): v for k, v in dict(scores).items()}
    except (TypeError, ValueError):
        raise ValidationError({"scores": [_("Score every criterion of the scenario.")]}) from None
    if set(values) != set(criteria):
        raise ValidationError({"scores": [_("Score every criterion of the scenario.")]})
    cleaned = {pk: clean_score(v) for pk, v in values.items()}
    result = []
    for criterion_id, value in sorted(cleaned.items()):
        score = Score.objects.filter(evaluation=evaluation, proposal=proposal, criterion_id=criterion_id).first()
        if score is None:
            score = Score(evaluation=evaluation, proposal=proposal, criterion_id=criterion_id, value=value)
        score.value = value
        score.comment = _text(comment, 1000)
        score.save()
        result.append(score)
    return result


def _missing_scores(evaluation: Evaluation) -> int:
    proposals = _competing(evaluation.scenario)
    n_criteria = EvaluationCriterion.objects.filter(scenario=evaluation.scenario).count()
    done = Score.objects.filter(evaluation=evaluation, proposal__in=proposals).count()
    return len(proposals) * n_criteria - done


@audited
def evaluation_complete(*, evaluation: Evaluation, actor: User) -> Evaluation:
    """The evaluator confirms: every competing proposal is scored on every criterion."""
    _require(actor, "proposals.score", evaluation)
    evaluation = Evaluation.objects.select_for_update().select_related("scenario").get(pk=evaluation.pk)
    _require_unsealed(evaluation.scenario)
    if evaluation.status != Evaluation.Status.DECLARED:
        raise ValidationError(_("Only a declared, unfinished evaluation can be completed."))
    missing = _missing_scores(evaluation)
    if missing:
        raise ValidationError(_("%(n)d score(s) are still missing.") % {"n": missing})
    evaluation.status = Evaluation.Status.COMPLETED
    evaluation.completed_at = timezone.now()
    evaluation.save()
    return evaluation


@audited
def proposal_disqualify(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    """Exclude a submitted proposal from the ranking, with a reason (the firm sees it)."""
    scenario = proposal.scenario
    _require(actor, "proposals.manage_evaluation", scenario)
    _require_unsealed(scenario)
    _not_awarded(scenario)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != P.SUBMITTED:
        raise Proposal.DoesNotExist
    if proposal.is_disqualified:
        raise ValidationError(_("This proposal is already disqualified."))
    reason = _text(reason, 2000)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for disqualification.")]})
    proposal.disqualified_at = timezone.now()
    proposal.disqualified_reason = reason
    proposal.disqualified_by = actor
    proposal.save()
    return proposal


def evaluation_state(scenario: Scenario) -> dict:
    """Progress and, once every non-recused evaluator has completed, the exact ranking.

    Returns ``{"done": n, "total": m, "complete": bool, "ranking": [scoring.Ranked] | None, "evaluators": [...]}``.
    Callers check that the reader may see the proposals (owner office or provincial office, after the deadline).
    """
    evaluations = list(Evaluation.objects.filter(scenario=scenario).select_related("evaluator").order_by("pk"))
    active = [e for e in evaluations if e.status != Evaluation.Status.RECUSED]
    done = [e for e in active if e.status == Evaluation.Status.COMPLETED]
    proposals = _competing(scenario)
    complete = bool(active) and len(done) == len(active) and bool(proposals) and perms.is_unsealed(scenario)
    ranking = None
    if complete:
        weights = dict(EvaluationCriterion.objects.filter(scenario=scenario).values_list("pk", "weight"))
        table: dict[int, dict[int, dict[int, int]]] = {e.pk: {p.pk: {} for p in proposals} for e in active}
        for evaluation_id, proposal_id, criterion_id, value in Score.objects.filter(
            evaluation__in=active, proposal__in=proposals
        ).values_list("evaluation_id", "proposal_id", "criterion_id", "value"):
            table[evaluation_id][proposal_id][criterion_id] = value
        entries = [scoring.Entry(p.pk, p.price or 0, p.submitted_at or p.created_at) for p in proposals]
        ranking = scoring.rank(entries, weights, table, max_score=MAX_SCORE)
    return {
        "done": len(done),
        "total": len(active),
        "complete": complete,
        "ranking": ranking,
        "evaluations": evaluations,
    }


# ---------------------------------------------------------------- award and objections


@audited
def award_decide(
    *, scenario: Scenario, actor: User, proposals: Sequence[Proposal], reason: str, standstill: int | None = None
) -> Award:
    """Award one or more ranked proposals (parallel pilots) with a published reason, once the evaluation is
    complete. Starts the standstill period; every bidder is told the outcome for their own proposal."""
    _require(actor, "proposals.award", scenario)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if Award.objects.filter(scenario=scenario).exists():
        raise ValidationError(_("This scenario has already been awarded."))
    state = evaluation_state(scenario)
    if not state["complete"]:
        raise ValidationError(
            _("The evaluation is not complete (%(done)d of %(total)d evaluators done); award after it.")
            % {"done": state["done"], "total": state["total"]}
        )
    reason = _text(reason, 5000)
    if not reason:
        raise ValidationError({"reason": [_("Publish the reason for the award.")]})
    competing = {p.pk: p for p in _competing(scenario)}
    chosen_ids = []
    for item in proposals or []:
        try:
            chosen_ids.append(int(item.pk if isinstance(item, Proposal) else item))
        except (TypeError, ValueError):
            raise ValidationError({"proposals": [_("Choose ranked proposals of this scenario.")]}) from None
    if not chosen_ids or any(pk not in competing for pk in chosen_ids):
        raise ValidationError({"proposals": [_("Choose ranked proposals of this scenario.")]})
    days = standstill if standstill is not None else standstill_days(scenario)
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 60:
        raise ValidationError({"standstill": [_("The standstill period is 0 to 60 days.")]})
    now = timezone.now()
    catalog_services.scenario_award(scenario=scenario, actor=actor, reason=reason)
    award = Award.objects.create(
        scenario=scenario,
        reason=reason,
        decided_by=actor,
        decided_at=now,
        standstill_until=now + dt.timedelta(days=days),
    )
    award.proposals.set([competing[pk] for pk in dict.fromkeys(chosen_ids)])
    _notify_award(scenario, award, set(chosen_ids))
    return award


def _notify_award(scenario: Scenario, award: Award, winner_ids: set[int]) -> None:
    url = reverse("proposals:award-notice", args=[scenario.pk])
    until = formats.date_format(timezone.localtime(award.standstill_until), "Y-m-d H:i")
    for proposal in Proposal.objects.filter(scenario=scenario, status=P.SUBMITTED).select_related("firm"):
        won = proposal.pk in winner_ids
        with notifications.site_language():
            notifications.send(
                users=_firm_users([proposal.firm_id]),
                kind="award_decision",
                title=(_("Your proposal for “%(title)s” was selected") if won else _("Award decision on “%(title)s”"))
                % {"title": scenario.title},
                body=(
                    _("Congratulations. Objections may be raised until %(until)s; the award becomes final after that.")
                    if won
                    else _("Your proposal was not selected. You may object until %(until)s.")
                )
                % {"until": until},
                url=url,
            )


@audited
def objection_submit(*, award: Award, actor: User, proposal: Proposal, text: str) -> Objection:
    """A bidder objects during the standstill period."""
    _require(actor, "proposals.change_proposal", proposal)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if proposal.scenario_id != award.scenario_id or proposal.status != P.SUBMITTED:
        raise Proposal.DoesNotExist
    if award.status != Award.Status.STANDSTILL or timezone.now() >= award.standstill_until:
        raise ValidationError(_("The standstill period has ended; objections are no longer taken."))
    text = _text(text, 5000)
    if not text:
        raise ValidationError({"text": [_("Write your objection.")]})
    objection = Objection.objects.create(award=award, proposal=proposal, text=text, submitted_by=actor)
    with notifications.site_language():
        notifications.send(
            users=_owner_users(award.scenario),
            kind="objection",
            title=_("An objection to the award of “%(title)s”") % {"title": award.scenario.title},
            body=_("Answer it before the award can become final."),
            url=reverse("proposals:award-manage", args=[award.scenario_id]),
        )
    return objection


@audited
def objection_respond(*, objection: Objection, actor: User, response: str) -> Objection:
    _require(actor, "proposals.award", objection.award.scenario)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.award.status != Award.Status.STANDSTILL:
        raise ValidationError(_("The award is final; objections are closed."))
    if objection.responded_at is not None:
        raise ValidationError(_("This objection has already been answered."))
    response = _text(response, 5000)
    if not response:
        raise ValidationError({"response": [_("Write the response.")]})
    objection.response = response
    objection.responded_by = actor
    objection.responded_at = timezone.now()
    objection.save()
    with notifications.site_language():
        notifications.send(
            users=_firm_users([objection.proposal.firm_id]),
            kind="objection",
            title=_("Your objection on “%(title)s” was answered") % {"title": objection.award.scenario.title},
            body=response[:500],
            url=reverse("proposals:award-notice", args=[objection.award.scenario_id]),
        )
    return objection


@audited
def award_finalise(*, award: Award, actor: User | None) -> Award:
    """After the standstill period, with every objection answered: the award is final and one engagement per
    winning proposal is contracted. ``actor=None`` is the system (the ``finalise_awards`` command)."""
    if actor is not None:
        _require(actor, "proposals.award", award.scenario)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.status != Award.Status.STANDSTILL:
        raise ValidationError(_("This award is already final."))
    if timezone.now() < award.standstill_until:
        raise ValidationError(_("The standstill period has not ended yet."))
    if award.objections.filter(responded_at__isnull=True).exists():
        raise ValidationError(_("Answer every objection before the award becomes final."))
    award.status = Award.Status.FINAL
    award.finalised_at = timezone.now()
    award.save()
    for proposal in award.proposals.select_related("firm").order_by("pk"):
        Engagement.objects.create(
            award=award,
            proposal=proposal,
            scenario_id=award.scenario_id,
            firm=proposal.firm,
            solution=proposal.solutions.order_by("pk").first(),
        )
    return award


def awards_finalise_due(*, now: dt.datetime | None = None) -> int:
    """Finalise every award whose standstill has passed and whose objections are answered. Idempotent."""
    now = now or timezone.now()
    finalised = 0
    for award in Award.objects.filter(status=Award.Status.STANDSTILL, standstill_until__lte=now):
        if award.objections.filter(responded_at__isnull=True).exists():
            continue
        award_finalise(award=award, actor=None)
        finalised += 1
    return finalised


# ---------------------------------------------------------------- engagements

ENGAGEMENT_FLOW = {
    E.PILOTING: (E.CONTRACTED,),
    E.DEPLOYED: (E.PILOTING,),
    E.ACCEPTED: (E.DEPLOYED,),
    E.TERMINATED: (E.CONTRACTED, E.PILOTING, E.DEPLOYED),
}


@audited
def engagement_advance(*, engagement: Engagement, actor: User, to: str, outcome: str = "") -> Engagement:
    """contracted → piloting → deployed → accepted (验收), or terminated before acceptance (outcome required).
    The first pilot moves the scenario to piloting; acceptance adds the county to the solution's deployments
    and makes the engagement a reference case; when every engagement has ended with one accepted the scenario
    is completed."""
    _require(actor, "proposals.manage_engagement", engagement)
    engagement = Engagement.objects.select_for_update().select_related("scenario", "solution").get(pk=engagement.pk)
    if to not in ENGAGEMENT_FLOW:
        raise ValidationError({"to": [_("Unknown engagement state.")]})
    if engagement.status not in ENGAGEMENT_FLOW[to]:
        raise ValidationError(
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
        engagement.accepted_at = now
        # Catalog's deployment_add asks the firm's permission; acceptance is the county's act, so the
        # deployment row is written here (the only catalog write of this app).
        deployment, _created = Deployment.objects.get_or_create(
            solution=engagement.solution,
            county=scenario.county,
            year=timezone.localdate().year,
            defaults={"note": _text(_("Accepted pilot: %(title)s") % {"title": scenario.title}, 300)},
        )
        engagement.deployment = deployment
        # A proven solution: its track record changed (suggestions) and it is pushed towards counties with
        # similar needs, 苏北 and 苏中 first (matching's replication push), once this transaction commits.
        catalog_hooks.solution_changed(engagement.solution_id, "deployment")
        transaction.on_commit(lambda e=engagement: tasks.enqueue("replication_push", e.solution_id, e.scenario_id))
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
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if lessons is not None:
        engagement.lessons = _text(lessons, 10000)
    if outcome is not None:
        engagement.outcome = _text(outcome, 5000)
    engagement.save()
    return engagement


def _open_engagement(engagement: Engagement) -> None:
    if engagement.status in (E.ACCEPTED, E.TERMINATED):
        raise ValidationError(_("This engagement has ended."))


@audited
def milestone_add(*, engagement: Engagement, actor: User, title: str, due_date: dt.date) -> Milestone:
    _require(actor, "proposals.report_engagement", engagement)
    _open_engagement(engagement)
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
    """Mark a milestone done (today by default) with an optional evidence file (checked like any attachment)."""
    _require(actor, "proposals.report_engagement", milestone.engagement)
    _open_engagement(milestone.engagement)
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
    _require(actor, "proposals.report_engagement", engagement)
    name, target = _text(name, 200), _text(target, 200)
    if not name or not target:
        raise ValidationError({"name": [_("Name the indicator and its target.")]})
    kpi = KpiResult.objects.filter(engagement=engagement, name=name).first() or KpiResult(
        engagement=engagement, name=name
    )
    kpi.target = target
    kpi.result = _text(result, 200)
    kpi.met = met
    kpi.measured_at = timezone.localdate() if kpi.result else None
    kpi.save()
    return kpi


# ---------------------------------------------------------------- reminders (the ``send_proposal_reminders`` command)


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
            with notifications.site_language():
                notifications.send(
                    users=_firm_users([proposal.firm_id]),
                    kind="deadline_approaching",
                    title=_("Deadline approaching: “%(title)s”") % {"title": proposal.scenario.title},
                    body=_("Your proposal is still a draft. Submit it before %(deadline)s.")
                    % {"deadline": formats.date_format(timezone.localtime(proposal.scenario.deadline), "Y-m-d H:i")},
                    url=reverse("proposals:proposal-detail", args=[proposal.pk]),
                )
            proposal.reminded_at = now
            proposal.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def remind_milestones(*, within: dt.timedelta = dt.timedelta(days=3)) -> int:
    today = timezone.localdate()
    sent = 0
    due = Milestone.objects.filter(
        done_date__isnull=True,
        reminded_at__isnull=True,
        due_date__lte=today + within,
        engagement__status__in=(E.CONTRACTED, E.PILOTING, E.DEPLOYED),
    ).select_related("engagement__scenario")
    for milestone in due:
        engagement = milestone.engagement
        with transaction.atomic():
            with notifications.site_language():
                notifications.send(
                    users=_firm_users([engagement.firm_id]) + _owner_users(engagement.scenario),
                    kind="milestone_due",
                    title=_("Milestone due: %(title)s") % {"title": milestone.title},
                    body=_("Due on %(date)s for “%(scenario)s”.")
                    % {"date": milestone.due_date.isoformat(), "scenario": engagement.scenario.title},
                    url=reverse("proposals:engagement-detail", args=[engagement.pk]),
                )
            milestone.reminded_at = timezone.now()
            milestone.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def announce_answers() -> int:
    """Announce every answered question not yet announced (the cron safety net for :func:`announce_answer`)."""
    from catalog.models import Question
    from proposals.models import QuestionNotice

    pending = Question.objects.filter(answered_at__isnull=False).exclude(
        pk__in=QuestionNotice.objects.values("question_id")
    )
    return sum(announce_answer(question_id=pk) for pk in pending.values_list("pk", flat=True))


def announce_answer(*, question_id: int) -> bool:
    """Tell the firms with a proposal (draft or submitted) on the scenario, and the asker's firm, that a question
    was answered — once per question. Askers stay private: the message names neither the asker nor other
    bidders. Called through catalog's ``on_question_answered`` hook as soon as an answer commits."""
    from catalog.models import Question
    from proposals.models import QuestionNotice

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
        with notifications.site_language():
            notifications.send(
                users=_firm_users(firm_ids),
                kind="question_answered",
                title=_("A question on “%(title)s” was answered") % {"title": question.scenario.title},
                body=question.answer[:500],
                url=scenario_url(question.scenario_id),
            )
        QuestionNotice.objects.create(question=question)
    return True
