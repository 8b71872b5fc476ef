"""A call with a submitted proposal cannot be closed early (service, API and page); cancelling tells every
bidder; the close and cancel pages ask first and say what will happen."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog import services as catalog_services
from catalog.models import Scenario
from proposals.models import Proposal
from tests.factories import proposal_factories as pf

S = Scenario.Status


def test_close_early_refused_once_a_proposal_is_submitted(world, alice):
    with pytest.raises(ValidationError, match="already been submitted"):
        catalog_services.scenario_close(scenario=world.scenario, actor=alice)
    world.scenario.refresh_from_db()
    assert world.scenario.status == S.OPEN
    assert not world.scenario.transitions.filter(to_status=S.EVALUATING).exists()


def test_close_early_refused_even_after_the_proposal_was_withdrawn(world, alice):
    Proposal.objects.filter(scenario=world.scenario).update(status=Proposal.Status.WITHDRAWN)
    with pytest.raises(ValidationError):
        catalog_services.scenario_close(scenario=world.scenario, actor=alice)


def test_close_early_allowed_with_drafts_only(clock, county, alice, firm):
    scenario = pf.scenario(owner=county)
    pf.proposal(scenario=scenario, firm=firm, status=Proposal.Status.DRAFT)
    catalog_services.scenario_close(scenario=scenario, actor=alice, reason="需求变化")
    scenario.refresh_from_db()
    assert scenario.status == S.EVALUATING


def test_api_close_early_is_409_and_changes_nothing(world, alice, api_as):
    response = api_as(alice).post(f"/api/v1/scenarios/{world.scenario.pk}/close/", {"reason": "早点结束"})
    assert response.status_code == 409
    assert "already been submitted" in str(response.json())
    world.scenario.refresh_from_db()
    assert world.scenario.status == S.OPEN


def test_close_page_explains_the_refusal_and_offers_the_alternatives(world, alice, client_as):
    url = reverse("catalog:scenario-transition", args=[world.scenario.pk, "close"])
    html = client_as(alice).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="confirm-refusal"' in html
    assert 'id="confirm-submit"' not in html
    assert reverse("catalog:scenario-edit", args=[world.scenario.pk]) in html
    assert reverse("catalog:scenario-transition", args=[world.scenario.pk, "cancel"]) in html
    response = client_as(alice).post(url, {"reason": ""})
    assert response.status_code == 302
    world.scenario.refresh_from_db()
    assert world.scenario.status == S.OPEN


def test_close_page_asks_first_then_closes(clock, county, alice, firm, client_as):
    scenario = pf.scenario(owner=county)
    pf.proposal(scenario=scenario, firm=firm, status=Proposal.Status.DRAFT)
    client = client_as(alice)
    url = reverse("catalog:scenario-transition", args=[scenario.pk, "close"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Firms still preparing a proposal can no longer submit it." in html
    scenario.refresh_from_db()
    assert scenario.status == S.OPEN  # a GET changes nothing
    client.post(url, {"reason": ""})
    scenario.refresh_from_db()
    assert scenario.status == S.EVALUATING


def test_cancel_needs_a_reason_and_tells_every_bidder(
    world, alice, client_as, sent, firm, other_firm, dave, erin, charlie, django_capture_on_commit_callbacks
):
    draft_firm_user = dave  # dave's firm also has a draft elsewhere; here both firms submitted
    client = client_as(alice)
    url = reverse("catalog:scenario-transition", args=[world.scenario.pk, "cancel"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Every firm with a proposal, draft or submitted, is told at once, with your reason." in html
    response = client.post(url, {"reason": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    world.scenario.refresh_from_db()
    assert world.scenario.status == S.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "预算调整，项目取消"})
    assert response.status_code == 302
    world.scenario.refresh_from_db()
    assert world.scenario.status == S.CANCELLED
    cancelled = [n for n in sent if n["kind"] == "scenario_cancelled"]
    assert len(cancelled) == 1
    assert {u.username for u in cancelled[0]["users"]} == {draft_firm_user.username, erin.username}
    assert cancelled[0]["body"] == "预算调整，项目取消"
    assert "DAVE" not in cancelled[0]["title"] + cancelled[0]["body"]


def test_close_and_cancel_pages_count_no_drafts_for_the_owner(clock, county, alice, firm, other_firm, client_as):
    """Before the deadline the owner office learns only how many proposals were submitted (``proposal_count_for``):
    drafts are private to their firms, so the confirmation pages say what happens to them without counting them."""
    scenario = pf.scenario(owner=county)
    pf.proposal(scenario=scenario, firm=firm, status=Proposal.Status.DRAFT)
    pf.proposal(scenario=scenario, firm=other_firm, status=Proposal.Status.DRAFT)
    for name in ("close", "cancel"):
        url = reverse("catalog:scenario-transition", args=[scenario.pk, name])
        html = client_as(alice).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert re.findall(r"\b\d+ firms?\b", html) == [], name
    assert Scenario.objects.get(pk=scenario.pk).status == S.OPEN


# The scenario is public, so other signed-in people get 403 (a draft would be 404, as on every catalog page).
@pytest.mark.parametrize(("who", "status"), [("bob", 403), ("charlie", 403), ("dave", 403), ("mallory", 403)])
def test_confirmation_pages_only_for_the_owner(world, request, client_as, who, status):
    user = request.getfixturevalue(who)
    for name in ("close", "cancel"):
        url = reverse("catalog:scenario-transition", args=[world.scenario.pk, name])
        assert client_as(user).get(url).status_code == status
        assert client_as(user).post(url, {"reason": "x"}).status_code == status
    world.scenario.refresh_from_db()
    assert world.scenario.status == S.OPEN
