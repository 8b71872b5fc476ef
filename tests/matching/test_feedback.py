"""Confirm / dismiss: kept for tuning, dismissed pairs hidden from that side only, permission matrix."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from matching import selectors, services
from matching.models import Suggestion, SuggestionFeedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(radiology, teleradiology, imaging_cloud, charlies_data):
    services.refresh_all()
    return Suggestion.objects.get(scenario=radiology, solution=teleradiology)


def test_dismiss_hides_the_pair_for_the_county_only(suggestion, alice, radiology, teleradiology, imaging_cloud):
    services.suggestion_feedback_give(actor=alice, suggestion=suggestion, side="scenario", verdict="dismiss")

    assert [s.solution_id for s in selectors.suggestions_for_scenario(scenario=radiology)] == [imaging_cloud.pk]
    assert radiology.pk in [s.scenario_id for s in selectors.suggestions_for_solution(solution=teleradiology)]


def test_dismiss_by_the_firm_hides_it_from_the_feed_but_not_from_the_county(suggestion, dave, radiology, teleradiology):
    services.suggestion_feedback_give(actor=dave, suggestion=suggestion, side="solution", verdict="dismiss")

    assert radiology.pk not in [s.scenario_id for s in selectors.feed_for(user=dave)]
    assert teleradiology.pk in [s.solution_id for s in selectors.suggestions_for_scenario(scenario=radiology)]


def test_feedback_is_kept_across_refreshes_and_recomputation(suggestion, alice, radiology, teleradiology):
    services.suggestion_feedback_give(actor=alice, suggestion=suggestion, side="scenario", verdict="dismiss")
    Suggestion.objects.all().delete()

    services.refresh_all()

    feedback = SuggestionFeedback.objects.get()
    assert (feedback.scenario_id, feedback.solution_id, feedback.side, feedback.verdict) == (
        radiology.pk,
        teleradiology.pk,
        "scenario",
        "dismiss",
    )
    assert feedback.organization == radiology.owner
    assert feedback.user == alice
    assert feedback.reasons == suggestion.reasons
    assert teleradiology.pk not in [s.solution_id for s in selectors.suggestions_for_scenario(scenario=radiology)]


def test_latest_verdict_wins_and_confirm_is_shown(suggestion, alice, radiology, teleradiology):
    services.suggestion_feedback_give(actor=alice, suggestion=suggestion, side="scenario", verdict="dismiss")
    services.suggestion_feedback_give(actor=alice, suggestion=suggestion, side="scenario", verdict="confirm")

    assert SuggestionFeedback.objects.count() == 1
    row = next(s for s in selectors.suggestions_for_scenario(scenario=radiology) if s.solution_id == teleradiology.pk)
    assert row.verdict == "confirm"


@pytest.mark.parametrize(
    ("who", "side", "expected"),
    [
        ("alice", "scenario", None),
        ("bob", "scenario", PermissionDenied),
        ("charlie", "scenario", PermissionDenied),
        ("dave", "scenario", PermissionDenied),
        ("dave", "solution", None),
        ("erin", "solution", PermissionDenied),
        ("alice", "solution", PermissionDenied),
        ("mallory", "scenario", PermissionDenied),
    ],
)
def test_feedback_permission_matrix(suggestion, request, who, side, expected):
    user = request.getfixturevalue(who)
    if expected is None:
        services.suggestion_feedback_give(actor=user, suggestion=suggestion, side=side, verdict="confirm")
        assert SuggestionFeedback.objects.filter(side=side).count() == 1
    else:
        with pytest.raises(expected):
            services.suggestion_feedback_give(actor=user, suggestion=suggestion, side=side, verdict="confirm")
        assert SuggestionFeedback.objects.count() == 0


@pytest.mark.parametrize(("side", "verdict"), [("scenario", "love"), ("middle", "confirm")])
def test_feedback_rejects_bad_values(suggestion, alice, side, verdict):
    with pytest.raises(ValidationError):
        services.suggestion_feedback_give(actor=alice, suggestion=suggestion, side=side, verdict=verdict)
    assert SuggestionFeedback.objects.count() == 0
