"""Proposal services: submission, revisions, withdrawal, the deadline rule and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Scenario
from directory.models import Membership
from proposals import services
from proposals.models import Proposal, ProposalRevision, solution_snapshot
from tests.factories import MembershipFactory, UserFactory
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import DEADLINE

FIELDS = {
    "approach": "三个乡镇先行试点",
    "deliverables": "平台与培训",
    "timeline": "6 个月",
    "team": "8 人",
    "local_service": "昆山驻点 2 人",
    "declares_no_conflict": True,
    "declares_data_security": True,
}


@pytest.fixture
def setup(clock, county, firm, other_firm, dave, erin, alice):
    scenario = pf.scenario(owner=county, deadline=DEADLINE)
    return scenario, pf.solution(firm=firm), pf.solution(firm=other_firm)


def _submit(actor, scenario, solution, price=1_000_000, **extra):
    return services.proposal_create(
        actor=actor, scenario=scenario, solutions=[solution], price=price, submit=True, **{**FIELDS, **extra}
    )


def test_proposal_submit_records_the_first_revision(setup, dave):
    scenario, solution, _other = setup
    proposal = _submit(dave, scenario, solution, price="１２０００００")
    assert (proposal.status, proposal.version, proposal.price) == ("submitted", 1, 1_200_000)
    revision = ProposalRevision.objects.get(proposal=proposal)
    assert revision.snapshot == {
        **FIELDS,
        "price": 1_200_000,
        "solutions": [solution_snapshot(solution)],
        "attachments": [],
        "status": "submitted",
    }
    assert revision.actor == dave


def test_proposal_draft_then_submit(setup, dave):
    scenario, solution, _other = setup
    draft = services.proposal_create(actor=dave, scenario=scenario, solutions=[solution], approach="草稿")
    assert (draft.status, draft.version, draft.revisions.count()) == ("draft", 0, 0)
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(proposal=draft, actor=dave)
    assert set(exc.value.message_dict) == {"price", "declares_no_conflict", "declares_data_security"}
    services.proposal_update(
        proposal=draft, actor=dave, price=900_000, declares_no_conflict=True, declares_data_security=True
    )
    assert services.proposal_submit(proposal=draft, actor=dave).status == "submitted"


def test_proposal_every_revision_is_kept(setup, dave, clock):
    scenario, solution, _other = setup
    proposal = _submit(dave, scenario, solution)
    services.proposal_update(proposal=proposal, actor=dave, price=950_000)
    services.proposal_update(proposal=proposal, actor=dave, approach="改进方案")
    prices = list(
        ProposalRevision.objects.filter(proposal=proposal).order_by("number").values_list("number", "snapshot__price")
    )
    assert prices == [(1, 1_000_000), (2, 950_000), (3, 950_000)]
    assert ProposalRevision.objects.get(proposal=proposal, number=3).snapshot["approach"] == "改进方案"


def test_proposal_one_second_after_the_deadline_is_rejected(setup, dave, clock):
    scenario, solution, _other = setup
    proposal = _submit(dave, scenario, solution)
    clock(DEADLINE + dt.timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        services.proposal_update(proposal=proposal, actor=dave, price=1)
    assert exc.value.messages == ["The deadline for proposals passed at 2026-12-01 17:00:00; nothing was saved."]
    proposal.refresh_from_db()
    assert (proposal.price, proposal.version) == (1_000_000, 1)
    with pytest.raises(ValidationError):
        services.proposal_withdraw(proposal=proposal, actor=dave)
    Proposal.objects.filter(pk=proposal.pk).delete()
    with pytest.raises(ValidationError, match="deadline for proposals passed"):
        _submit(dave, scenario, solution)
    assert Proposal.objects.count() == 0


def test_proposal_exactly_at_the_deadline_is_rejected(setup, dave, clock):
    scenario, solution, _other = setup
    clock(DEADLINE)
    with pytest.raises(ValidationError, match="deadline for proposals passed"):
        _submit(dave, scenario, solution)


def test_proposal_one_active_per_firm_and_scenario(setup, dave):
    scenario, solution, _other = setup
    first = _submit(dave, scenario, solution)
    with pytest.raises(ValidationError, match="already has an active proposal"):
        _submit(dave, scenario, solution)
    services.proposal_withdraw(proposal=first, actor=dave)
    second = _submit(dave, scenario, solution, price=800_000)
    assert list(Proposal.objects.order_by("pk").values_list("status", flat=True)) == ["withdrawn", "submitted"]
    assert second.pk != first.pk


def test_proposal_database_constraint_holds_without_the_service(setup, firm):
    scenario, _solution, _other = setup
    pf.proposal(scenario=scenario, firm=firm)
    with pytest.raises(IntegrityError), transaction.atomic():
        pf.proposal(scenario=scenario, firm=firm, status=Proposal.Status.DRAFT)


@pytest.mark.parametrize(
    ("price", "message"),
    [
        (-1, "The price cannot be negative."),
        ("-1", "The price cannot be negative."),
        (float("inf"), "Enter the price as a whole number of yuan, e.g. 1200000."),
        (1e309, "Enter the price as a whole number of yuan, e.g. 1200000."),
        ("1e309", "Enter the price in yuan, e.g. 1200000, 1,200,000 or 120万."),
        ("1000.5", "Enter the price in yuan, e.g. 1200000, 1,200,000 or 120万."),
        ("1.00001万", "Enter the price in yuan, e.g. 1200000, 1,200,000 or 120万."),
        ("很多", "Enter the price in yuan, e.g. 1200000, 1,200,000 or 120万."),
        (True, "Enter the price as a whole number of yuan, e.g. 1200000."),
        (10**12, "The price cannot exceed 100,000,000,000 yuan."),
    ],
)
def test_proposal_bad_prices_are_rejected_and_nothing_is_saved(setup, dave, price, message):
    scenario, solution, _other = setup
    with pytest.raises(ValidationError) as exc:
        _submit(dave, scenario, solution, price=price)
    assert exc.value.message_dict == {"price": [message]}
    assert Proposal.objects.count() == 0


def test_proposal_with_another_firms_solution_is_rejected(setup, dave):
    scenario, _solution, erins = setup
    with pytest.raises(ValidationError) as exc:
        _submit(dave, scenario, erins)
    assert exc.value.message_dict == {"solutions": ["Choose only published solutions of your own firm."]}
    assert Proposal.objects.count() == 0


def test_proposal_with_a_draft_solution_is_rejected(setup, dave, firm):
    scenario, _solution, _other = setup
    with pytest.raises(ValidationError):
        _submit(dave, scenario, pf.solution(firm=firm, status="draft"))


@pytest.mark.parametrize("who", ["alice", "pat", "mallory", "trudy"])
def test_proposal_only_firm_editors_submit(request, setup, who):
    scenario, solution, _other = setup
    with pytest.raises(PermissionDenied):
        _submit(request.getfixturevalue(who), scenario, solution)


def test_proposal_firm_viewer_reads_but_cannot_revise(setup, dave, firm):
    scenario, solution, _other = setup
    proposal = _submit(dave, scenario, solution)
    viewer = UserFactory(username="victor")
    MembershipFactory(user=viewer, organization=firm, role=Membership.Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.proposal_update(proposal=proposal, actor=viewer, price=1)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal=proposal, actor=viewer)


def test_proposal_on_a_draft_scenario_is_rejected(clock, county, firm, dave, alice):
    scenario = pf.scenario(owner=county, status="draft", deadline=DEADLINE)
    with pytest.raises(Scenario.DoesNotExist):  # a draft is invisible to firms: nothing is revealed
        _submit(dave, scenario, pf.solution(firm=firm))
    assert Proposal.objects.count() == 0


def test_proposal_withdraw_twice_is_rejected(setup, dave):
    scenario, solution, _other = setup
    proposal = _submit(dave, scenario, solution)
    services.proposal_withdraw(proposal=proposal, actor=dave)
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.proposal_withdraw(proposal=proposal, actor=dave)
