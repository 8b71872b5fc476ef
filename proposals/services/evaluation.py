"""Evaluators, conflict declarations, scores and disqualification."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import EvaluationCriterion, Scenario
from core.exceptions import StateConflict
from directory.models import User
from directory.selectors import is_member_of_any
from proposals import notifications, scoring
from proposals import permissions as perms
from proposals.models import (
    MAX_SCORE,
    Evaluation,
    Proposal,
    Score,
)
from proposals.services.common import P, S, _not_awarded, _require, _text, audited, clean_score
from proposals.services.panels import panel_recusal


def _require_unsealed(scenario: Scenario) -> None:
    if not perms.is_unsealed(scenario):
        raise StateConflict(_("Proposals stay sealed until the deadline; evaluation starts after it."))


@audited
def evaluator_assign(*, scenario: Scenario, actor: User, evaluator: User) -> Evaluation:
    """Name a member of the owner office as an evaluator (once)."""
    _require(actor, "proposals.manage_evaluation", scenario)
    if scenario.status in (S.DRAFT, S.CANCELLED):
        raise StateConflict(_("Evaluators are named for published scenarios only."))
    _not_awarded(scenario)
    if not is_member_of_any(user_id=evaluator.pk, organization_ids=[scenario.owner_id]):
        raise ValidationError({"evaluator": [_("Evaluators are members of the office that owns the scenario.")]})
    evaluation, created = Evaluation.objects.get_or_create(
        scenario=scenario, evaluator=evaluator, defaults={"assigned_by": actor}
    )
    if not created:
        raise ValidationError({"evaluator": [_("This person is already an evaluator of the scenario.")]})
    notifications.send(
        users=[evaluator],
        kind="evaluation_assigned",
        message=notifications.EVALUATOR_NAMED,
        params={"title": scenario.title, "scenario": scenario.pk},
        url=reverse("proposals:evaluation-detail", args=[evaluation.pk]),
    )
    return evaluation


@audited
def evaluation_declare(*, evaluation: Evaluation, actor: User, no_conflict: bool, reason: str = "") -> Evaluation:
    """The evaluator declares no conflict of interest, or recuses with a reason."""
    _require(actor, "proposals.score", evaluation)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != Evaluation.Status.ASSIGNED:
        raise StateConflict(_("You have already declared for this evaluation."))
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
    if not no_conflict:
        panel_recusal(evaluation, actor=actor)
    return evaluation


def _competing(scenario: Scenario) -> list[Proposal]:
    return list(Proposal.objects.competing().filter(scenario=scenario).order_by("pk"))


def _scoring_evaluation(*, evaluation: Evaluation, actor: User) -> Evaluation:
    """The evaluation re-read under a lock, once the actor may score it and it is open for scores: after the
    deadline, before the award, conflict of interest declared, neither recused nor completed."""
    _require(actor, "proposals.score", evaluation)
    evaluation = Evaluation.objects.select_for_update().select_related("scenario").get(pk=evaluation.pk)
    _require_unsealed(evaluation.scenario)
    _not_awarded(evaluation.scenario)
    if evaluation.status == Evaluation.Status.ASSIGNED:
        raise StateConflict(_("Declare that you have no conflict of interest before scoring."))
    if evaluation.status == Evaluation.Status.RECUSED:
        raise StateConflict(_("You recused from this evaluation."))
    if evaluation.status == Evaluation.Status.COMPLETED:
        raise StateConflict(_("You have completed this evaluation; scores are final."))
    return evaluation


@audited
def scores_set(
    *, evaluation: Evaluation, actor: User, proposal: Proposal, scores: dict, comment: str = ""
) -> list[Score]:
    """Score one proposal on every criterion of the scenario (``{criterion_id: value}``), after the deadline."""
    evaluation = _scoring_evaluation(evaluation=evaluation, actor=actor)
    scenario = evaluation.scenario
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


@audited
def scores_save(
    *, evaluation: Evaluation, actor: User, sheet: dict[int, tuple[dict[int, int | None], str]]
) -> dict[str, int]:
    """Save the evaluator's whole sheet at once: ``{proposal id: ({criterion id: value or None}, comment)}``.

    Every value given is kept, including a proposal scored on only some criteria (completeness is checked by
    :func:`evaluation_complete`, never by throwing typed work away); ``None`` clears a score. All or nothing:
    one bad value or foreign id and nothing is saved. Returns ``{"saved": n, "cleared": m}``."""
    evaluation = _scoring_evaluation(evaluation=evaluation, actor=actor)
    scenario = evaluation.scenario
    competing = {p.pk for p in _competing(scenario)}
    criteria = set(EvaluationCriterion.objects.filter(scenario=scenario).values_list("pk", flat=True))
    if not set(sheet) <= competing:
        raise Proposal.DoesNotExist
    existing = {(s.proposal_id, s.criterion_id): s for s in Score.objects.filter(evaluation=evaluation)}
    counts = {"saved": 0, "cleared": 0}
    for proposal_id, (values, comment) in sorted(sheet.items()):
        if not set(values) <= criteria:
            raise ValidationError({"scores": [_("Score every criterion of the scenario.")]})
        comment = _text(comment, 1000)
        for criterion_id, value in sorted(values.items()):
            score = existing.get((proposal_id, criterion_id))
            if value is None:
                if score is not None:
                    score.delete()
                    counts["cleared"] += 1
                continue
            value = clean_score(value)
            if score is None:
                score = Score(evaluation=evaluation, proposal_id=proposal_id, criterion_id=criterion_id, value=value)
            score.value, score.comment = value, comment
            score.save()
            counts["saved"] += 1
    return counts


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
        raise StateConflict(_("Only a declared, unfinished evaluation can be completed."))
    missing = _missing_scores(evaluation)
    if missing:
        raise StateConflict(_("%(n)d score(s) are still missing.") % {"n": missing})
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
        raise StateConflict(_("This proposal is already disqualified."))
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
