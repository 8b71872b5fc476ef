"""The evaluation arithmetic with hand-computed expectations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from proposals import scoring, services
from proposals.models import Evaluation
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import AFTER, BEFORE, DEADLINE
from tests.proposals.helpers import complete_evaluation

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_weighted_total_is_exact():
    # 50×7/10 + 30×9/10 + 20×4/10 = 35 + 27 + 8 = 70
    assert scoring.weighted_total({1: 7, 2: 9, 3: 4}, {1: 50, 2: 30, 3: 20}, max_score=10) == 70


def test_rank_mean_over_evaluators_and_tie_breaks():
    weights = {1: 50, 2: 30, 3: 20}
    entries = [
        scoring.Entry(10, price=900, submitted_at=T0),
        scoring.Entry(11, price=800, submitted_at=T0 + dt.timedelta(hours=1)),
        scoring.Entry(12, price=800, submitted_at=T0),
        scoring.Entry(13, price=500, submitted_at=T0),
    ]
    scores = {
        # evaluator A
        1: {10: {1: 8, 2: 8, 3: 8}, 11: {1: 7, 2: 9, 3: 4}, 12: {1: 7, 2: 9, 3: 4}, 13: {1: 1, 2: 2, 3: 3}},
        # evaluator B
        2: {10: {1: 6, 2: 7, 3: 9}, 11: {1: 9, 2: 5, 3: 5}, 12: {1: 9, 2: 5, 3: 5}, 13: {1: 2, 2: 2, 3: 2}},
    }
    # 10: A 80, B 30+21+18=69 → 74.5
    # 11 and 12: A 70, B 45+15+10=70 → 70; same price → earlier submission (12) first
    # 13: A 5+6+6=17, B 20 → 18.5
    ranked = scoring.rank(entries, weights, scores, max_score=10)
    assert [(r.proposal_id, r.rank, r.score) for r in ranked] == [
        (10, 1, Fraction(149, 2)),
        (12, 2, Fraction(70)),
        (11, 3, Fraction(70)),
        (13, 4, Fraction(37, 2)),
    ]
    assert ranked[0].per_evaluator == {1: Fraction(80), 2: Fraction(69)}
    assert ranked[0].score_display == Decimal("74.50")


def test_rank_tie_goes_to_the_lower_price_before_the_earlier_submission():
    entries = [
        scoring.Entry(1, price=1000, submitted_at=T0),
        scoring.Entry(2, price=999, submitted_at=T0 + dt.timedelta(days=1)),
    ]
    scores = {9: {1: {1: 5}, 2: {1: 5}}}
    assert [r.proposal_id for r in scoring.rank(entries, {1: 100}, scores, max_score=10)] == [2, 1]


def test_rank_thirds_round_half_up_only_for_display():
    # Three evaluators: 100, 0, 0 → 33.333…; 100, 100, 0 → 66.666…
    entries = [scoring.Entry(1, 1, T0), scoring.Entry(2, 1, T0)]
    scores = {1: {1: {1: 10}, 2: {1: 10}}, 2: {1: {1: 0}, 2: {1: 10}}, 3: {1: {1: 0}, 2: {1: 0}}}
    ranked = scoring.rank(entries, {1: 100}, scores, max_score=10)
    assert [(r.proposal_id, r.score, r.score_display) for r in ranked] == [
        (2, Fraction(200, 3), Decimal("66.67")),
        (1, Fraction(100, 3), Decimal("33.33")),
    ]


@pytest.fixture
def panel(clock, county, firm, other_firm, alice, bob, dave, erin):
    """Three proposals, evaluators alice and bob plus carol who recuses; criteria weights 50/30/20."""
    scenario = pf.scenario(owner=county, deadline=DEADLINE)
    third_firm = OrganizationFactory(firm=True, name_zh="无锡第三科技")
    p1 = pf.proposal(scenario=scenario, firm=firm, price=1_000_000, submitted_at=BEFORE - dt.timedelta(days=3))
    p2 = pf.proposal(scenario=scenario, firm=other_firm, price=900_000, submitted_at=BEFORE - dt.timedelta(days=2))
    p3 = pf.proposal(scenario=scenario, firm=third_firm, price=500_000, submitted_at=BEFORE - dt.timedelta(days=1))
    carol = UserFactory(username="carol")
    MembershipFactory(user=carol, organization=county)
    return scenario, p1, p2, p3, carol


def test_evaluation_ranking_end_to_end_with_recusal_and_disqualification(panel, clock, alice, bob):
    scenario, p1, p2, p3, carol = panel
    clock(AFTER)
    carols = services.evaluator_assign(scenario=scenario, actor=alice, evaluator=carol)
    services.evaluation_declare(evaluation=carols, actor=carol, no_conflict=False, reason="曾在投标企业任职")
    services.proposal_disqualify(proposal=p3, actor=alice, reason="资质不符")
    bob_evaluation = services.evaluator_assign(scenario=scenario, actor=alice, evaluator=bob)
    # alice: p1 8/6/10 → 40+18+20 = 78; p2 9/9/5 → 45+27+10 = 82
    complete_evaluation(scenario, alice, {p1.pk: [8, 6, 10], p2.pk: [9, 9, 5]})
    state = services.evaluation_state(scenario)
    assert (state["done"], state["total"], state["complete"], state["ranking"]) == (1, 2, False, None)
    # bob: p1 10/10/10 → 100; p2 6/7/8 → 30+21+16 = 67
    services.evaluation_declare(evaluation=bob_evaluation, actor=bob, no_conflict=True)
    from catalog.models import EvaluationCriterion

    c = list(EvaluationCriterion.objects.filter(scenario=scenario).order_by("position"))
    services.scores_set(
        evaluation=bob_evaluation, actor=bob, proposal=p1, scores={c[0].pk: 10, c[1].pk: 10, c[2].pk: 10}
    )
    with pytest.raises(ValidationError, match="Score every criterion"):
        services.scores_set(evaluation=bob_evaluation, actor=bob, proposal=p2, scores={c[0].pk: 6, c[1].pk: 7})
    with pytest.raises(ValidationError) as exc:
        services.evaluation_complete(evaluation=bob_evaluation, actor=bob)
    assert exc.value.messages == ["3 score(s) are still missing."]
    services.scores_set(evaluation=bob_evaluation, actor=bob, proposal=p2, scores={c[0].pk: 6, c[1].pk: 7, c[2].pk: 8})
    services.evaluation_complete(evaluation=bob_evaluation, actor=bob)
    state = services.evaluation_state(scenario)
    # p1: (78 + 100) / 2 = 89; p2: (82 + 67) / 2 = 74.5; p3 disqualified, carol recused
    assert (state["done"], state["total"], state["complete"]) == (2, 2, True)
    assert [(r.proposal_id, r.rank, r.score_display) for r in state["ranking"]] == [
        (p1.pk, 1, Decimal("89.00")),
        (p2.pk, 2, Decimal("74.50")),
    ]
    alice_eval = Evaluation.objects.get(evaluator=alice)
    assert state["ranking"][0].per_evaluator == {alice_eval.pk: 78, bob_evaluation.pk: 100}


def test_evaluation_ranking_api_shows_exact_values(panel, clock, alice, bob, api_as):
    scenario, p1, p2, p3, _carol = panel
    clock(AFTER)
    complete_evaluation(scenario, alice, {p1.pk: [8, 6, 10], p2.pk: [9, 9, 5], p3.pk: [0, 0, 0]})
    body = api_as(bob).get(f"/api/v1/evaluations/ranking/?scenario={scenario.pk}").json()
    assert body["complete"] is True
    assert [(r["rank"], r["proposal"], r["score"]) for r in body["ranking"]] == [
        (1, p2.pk, "82.00"),
        (2, p1.pk, "78.00"),
        (3, p3.pk, "0.00"),
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_evaluation_ranking_api_names_the_firms_in_the_readers_language(panel, clock, alice, bob, api_as, language):
    """As the ranking page does: an English reader gets the firms' English names, a Chinese one the Chinese."""
    scenario, p1, p2, p3, _carol = panel
    clock(AFTER)
    complete_evaluation(scenario, alice, {p1.pk: [8, 6, 10], p2.pk: [9, 9, 5], p3.pk: [0, 0, 0]})
    body = api_as(bob).get(f"/api/v1/evaluations/ranking/?scenario={scenario.pk}", HTTP_ACCEPT_LANGUAGE=language).json()
    names = {"en": lambda firm: firm.name_en, "zh-hans": lambda firm: firm.name_zh}[language]
    assert [r["firm"] for r in body["ranking"]] == [names(p2.firm), names(p1.firm), names(p3.firm)]


@pytest.mark.parametrize("value", [-1, 11, 7.5, "7", True, None, 10**100])
def test_scores_outside_the_scale_are_rejected(panel, clock, alice, value):
    scenario, p1, _p2, _p3, _carol = panel
    clock(AFTER)
    evaluation = services.evaluator_assign(scenario=scenario, actor=alice, evaluator=alice)
    services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    from catalog.models import EvaluationCriterion

    c = list(EvaluationCriterion.objects.filter(scenario=scenario).order_by("position"))
    with pytest.raises(ValidationError) as exc:
        services.scores_set(
            evaluation=evaluation, actor=alice, proposal=p1, scores={c[0].pk: value, c[1].pk: 5, c[2].pk: 5}
        )
    assert exc.value.message_dict == {"scores": ["Each score is a whole number from 0 to 10."]}
    assert evaluation.scores.count() == 0


def test_scores_api_rejects_bad_values_with_400(panel, clock, alice, api_as):
    scenario, p1, _p2, _p3, _carol = panel
    clock(AFTER)
    evaluation = services.evaluator_assign(scenario=scenario, actor=alice, evaluator=alice)
    client = api_as(alice)
    assert (
        client.post(f"/api/v1/evaluations/{evaluation.pk}/declare/", {"no_conflict": True}, format="json").status_code
        == 200
    )
    from catalog.models import EvaluationCriterion

    c = list(EvaluationCriterion.objects.filter(scenario=scenario).order_by("position"))
    response = client.post(
        f"/api/v1/evaluations/{evaluation.pk}/scores/",
        {"proposal": p1.pk, "scores": {str(c[0].pk): 99, str(c[1].pk): 5, str(c[2].pk): 5}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"scores": ["Each score is a whole number from 0 to 10."]}


def test_scoring_before_the_deadline_is_rejected(panel, clock, alice):
    scenario, p1, _p2, _p3, _carol = panel
    evaluation = services.evaluator_assign(scenario=scenario, actor=alice, evaluator=alice)
    services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    with pytest.raises(ValidationError, match="sealed until the deadline"):
        services.scores_set(evaluation=evaluation, actor=alice, proposal=p1, scores={})


def test_scoring_requires_a_declaration_and_only_the_evaluator_scores(panel, clock, alice, bob):
    scenario, p1, _p2, _p3, _carol = panel
    clock(AFTER)
    evaluation = services.evaluator_assign(scenario=scenario, actor=alice, evaluator=bob)
    with pytest.raises(ValidationError, match="Declare"):
        services.scores_set(evaluation=evaluation, actor=bob, proposal=p1, scores={})
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)


def test_evaluators_are_members_of_the_owner(panel, clock, alice, dave, charlie):
    scenario, *_rest = panel
    for outsider in (dave, charlie):
        with pytest.raises(ValidationError, match="members of the office"):
            services.evaluator_assign(scenario=scenario, actor=alice, evaluator=outsider)
