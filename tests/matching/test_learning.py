"""Learning from use: signals (feedback, invitations, bids once unsealed, final awards) become preferences, a fit is
proposed and shown, applied, and reverted; the curation page maps unmatched tags in one click; only the provincial
office may do either."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Capability, UnmappedTag
from matching import learning, ranking, services
from matching.engine.weights import DEFAULT_WEIGHTS
from matching.models import Suggestion, WeightSet
from proposals.models import Award
from tests.factories import proposals as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(radiology, teleradiology, imaging_cloud, farm_iot):
    services.refresh_all()
    return radiology


def _kinds(signals):
    return sorted((s.scenario_id, s.solution_id, s.side, s.kind, s.positive) for s in signals)


def test_feedback_and_invitations_are_signals(world, alice, dave, teleradiology, imaging_cloud):
    tele = Suggestion.objects.get(scenario=world, solution=teleradiology)
    cloud = Suggestion.objects.get(scenario=world, solution=imaging_cloud)
    services.suggestion_feedback_give(actor=alice, suggestion=tele, side="scenario", verdict="confirm")
    services.suggestion_feedback_give(actor=alice, suggestion=cloud, side="scenario", verdict="dismiss")
    services.suggestion_invite(actor=alice, suggestion=tele)
    assert _kinds(learning.collect_signals()) == sorted(
        [
            (world.pk, teleradiology.pk, "scenario", "confirm", True),
            (world.pk, imaging_cloud.pk, "scenario", "dismiss", False),
            (world.pk, teleradiology.pk, "scenario", "invitation", True),
        ]
    )
    prefs = learning.preferences(learning.collect_signals(), ranking.public_index())
    # One list (the scenario's): the confirmed/invited solution preferred to the dismissed one.
    assert len(prefs) == 1 and prefs[0].group == f"scenario:{world.pk}"
    assert prefs[0].better == pytest.approx(
        ranking.public_index().components(str(world.pk), str(teleradiology.pk)), abs=1e-6
    )


def test_a_sealed_bid_is_no_signal_until_the_deadline_and_a_final_award_counts_double(county, firm, alice):
    call = pf.scenario(owner=county, deadline=timezone.now() + dt.timedelta(days=3))
    bid = pf.proposal(scenario=call, firm=firm)
    solution = bid.solutions.get()
    assert [s for s in learning.collect_signals() if s.kind == "proposal"] == []  # sealed: not even counted

    call.deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save(update_fields=["deadline"])
    assert _kinds(s for s in learning.collect_signals() if s.kind == "proposal") == [
        (call.pk, solution.pk, "solution", "proposal", True)
    ]

    award = Award.objects.create(
        scenario=call, reason="最优", status=Award.Status.STANDSTILL, standstill_until=timezone.now()
    )
    award.proposals.set([bid])
    assert [s for s in learning.collect_signals() if s.kind == "award"] == []  # not final yet
    Award.objects.filter(pk=award.pk).update(status=Award.Status.FINAL, finalised_at=timezone.now())
    awards = [s for s in learning.collect_signals() if s.kind == "award"]
    assert [(s.side, s.weight) for s in awards] == [("scenario", 2.0)]


def test_a_fit_is_proposed_and_changes_nothing_until_applied_then_reverts(world, alice, teleradiology, imaging_cloud):
    tele = Suggestion.objects.get(scenario=world, solution=teleradiology)
    cloud = Suggestion.objects.get(scenario=world, solution=imaging_cloud)
    services.suggestion_feedback_give(actor=alice, suggestion=cloud, side="scenario", verdict="confirm")
    services.suggestion_feedback_give(actor=alice, suggestion=tele, side="scenario", verdict="dismiss")

    with pytest.raises(ValidationError, match="at least 20 are needed"):
        learning.weights_fit(evaluate=False)

    proposed, _fit = learning.weights_fit(min_preferences=1, evaluate=False, strength=0.01)
    assert proposed.status == WeightSet.Status.PROPOSED
    assert proposed.summary["signals"] == {"confirm": 1, "dismiss": 1}
    assert ranking.active_weights() == DEFAULT_WEIGHTS  # shown, not applied
    assert proposed.values != {name: getattr(DEFAULT_WEIGHTS, name) for name in proposed.values}

    learning.weights_apply(weight_set=proposed)
    proposed.refresh_from_db()
    assert proposed.status == WeightSet.Status.ACTIVE
    assert ranking.active_weights().concept == pytest.approx(proposed.values["concept"])
    with pytest.raises(ValidationError, match="Only a proposed weight set"):
        learning.weights_apply(weight_set=proposed)

    assert learning.weights_revert() is None  # nothing was active before: the defaults again
    assert ranking.active_weights() == DEFAULT_WEIGHTS
    with pytest.raises(ValidationError, match="nothing to revert"):
        learning.weights_revert()


def test_the_command_prints_the_proposal_beside_the_weights_in_use(world, alice, teleradiology, imaging_cloud):
    from io import StringIO

    for solution, verdict in ((imaging_cloud, "confirm"), (teleradiology, "dismiss")):
        suggestion = Suggestion.objects.get(scenario=world, solution=solution)
        services.suggestion_feedback_give(actor=alice, suggestion=suggestion, side="scenario", verdict=verdict)
    out = StringIO()
    call_command("fit_matching_weights", "--min-preferences", "1", "--no-evaluate", stdout=out)
    text = out.getvalue()
    assert "(not applied)" in text and "in use" in text and "proposed" in text
    assert "held-out pairwise accuracy" in text
    assert WeightSet.objects.get().status == WeightSet.Status.PROPOSED


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), ("alice", 403), ("dave", 403), ("mallory", 403), ("pat", 200)]
)
def test_only_the_provincial_office_opens_the_tuning_page(client_as, request, who, status):
    user = request.getfixturevalue(who) if who else None
    assert client_as(user).get("/matching/tuning/").status_code == status
    if user is not None and status == 403:
        assert client_as(user).post("/matching/tuning/", {"action": "revert"}).status_code == 403


def test_unmatched_tags_are_listed_by_frequency_with_likely_capabilities_and_map_in_one_click(client_as, pat):
    UnmappedTag.objects.create(text="路灯远程开关", count=2)
    UnmappedTag.objects.create(text="water quality sensing", count=5)
    page = client_as(pat).get("/matching/tuning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.index("water quality sensing") < page.index("路灯远程开关")  # most frequent first
    lighting = Capability.objects.get(code="street_lighting")
    assert f'name="capability" value="{lighting.pk}"' in page  # a likely capability, one click away

    tag = UnmappedTag.objects.get(text="路灯远程开关")
    response = client_as(pat).post("/matching/tuning/", {"action": "map", "tag": tag.pk, "capability": lighting.pk})
    assert response.status_code == 302
    tag.refresh_from_db()
    lighting.refresh_from_db()
    assert tag.mapped_to == lighting and "路灯远程开关" in lighting.synonyms_zh
    assert "路灯远程开关" not in client_as(pat).get("/matching/tuning/").content.decode()


def test_the_page_shows_a_proposal_and_applies_and_reverts_it(client_as, pat):
    proposed = WeightSet.objects.create(
        values={"text": 0.1, "gloss": 0.2, "concept": 0.45, "domain": 0.15, "maturity": 0.05, "track_record": 0.05},
        summary={
            "preferences": 40,
            "lists": 8,
            "held_out_accuracy_before": 0.61,
            "held_out_accuracy_after": 0.7,
            "independent_sets_before": {"set_a": {"ndcg@5": 0.97, "recall@5": 0.96, "cross_lingual_hit@5": 1.0}},
            "independent_sets_after": {"set_a": {"ndcg@5": 0.98, "recall@5": 0.96, "cross_lingual_hit@5": 1.0}},
        },
    )
    page = client_as(pat).get("/matching/tuning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0.450" in page and "0.610" in page and "0.970 → 0.980" in page
    client_as(pat).post("/matching/tuning/", {"action": "apply", "weight_set": proposed.pk})
    assert ranking.active_weights().concept == pytest.approx(0.45)
    page = client_as(pat).get("/matching/tuning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Revert to the weights used before" in page and "Apply the proposed weights" not in page
    client_as(pat).post("/matching/tuning/", {"action": "revert"})
    assert ranking.active_weights() == DEFAULT_WEIGHTS
