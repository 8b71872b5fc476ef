from __future__ import annotations

from catalog.models import EvaluationCriterion
from proposals import services
from proposals.models import Proposal


def complete_evaluation(scenario, evaluator, scores: dict[int, list[int]]):
    """Name ``evaluator``, declare, score each proposal (criteria in position order) and complete."""
    evaluation = services.evaluator_assign(scenario=scenario, actor=evaluator, evaluator=evaluator)
    services.evaluation_declare(evaluation=evaluation, actor=evaluator, no_conflict=True)
    criteria = list(EvaluationCriterion.objects.filter(scenario=scenario).order_by("position", "id"))
    for proposal_id, values in scores.items():
        services.scores_set(
            evaluation=evaluation,
            actor=evaluator,
            proposal=Proposal.objects.get(pk=proposal_id),
            scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
        )
    return services.evaluation_complete(evaluation=evaluation, actor=evaluator)


def proposal_payload(scenario, solution, **extra) -> dict:
    """The API body of a complete proposal that is submitted at once."""
    return {
        "scenario": scenario.pk,
        "solutions": [solution.pk],
        "approach": "方案",
        "price": 1_000_000,
        "declares_no_conflict": True,
        "declares_data_security": True,
        "submit": True,
        **extra,
    }


PDF = b"%PDF-1.4\n% acceptance report\n%%EOF\n"


def ready_for_acceptance(engagement, owner, second, *, result="达标"):
    """Everything acceptance asks, done by the owner office (``owner`` and ``second`` are its members): every open
    milestone done, every KPI row reported, a passing report filed, a committee of the two who both sign."""
    from django.core.files.base import ContentFile

    for milestone in engagement.milestones.filter(done_date__isnull=True, waived_at__isnull=True):
        services.milestone_done(milestone=milestone, actor=owner)
    for kpi in engagement.scenario.kpis.all():
        services.kpi_report(engagement=engagement, actor=owner, kpi=kpi, result=result, met=True)
    services.acceptance_report_submit(
        engagement=engagement,
        actor=owner,
        conclusion="passed",
        summary="各项指标达标。",
        upload=ContentFile(PDF, name="验收报告.pdf"),
    )
    services.committee_appoint(engagement=engagement, actor=owner, members=[owner, second], quorum=2)
    services.acceptance_sign(engagement=engagement, actor=owner)
    services.acceptance_sign(engagement=engagement, actor=second)
