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
