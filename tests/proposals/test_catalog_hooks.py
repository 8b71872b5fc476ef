"""The hooks on the catalog's scenario and solution pages."""

from __future__ import annotations

from proposals import services
from proposals.models import Engagement
from tests.proposals.conftest import AFTER
from tests.proposals.helpers import complete_evaluation, ready_for_acceptance


def test_scenario_page_panel_per_reader(world, clock, client_as, dave, erin, alice, charlie, mallory):
    from proposals.models import Proposal

    Proposal.objects.filter(pk=world.erin_proposal.pk).update(status="withdrawn")  # arrange: erin may bid again
    url = f"/scenarios/{world.scenario.pk}/"
    dave_page = client_as(dave).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/proposals/{world.dave_proposal.pk}/" in dave_page and "Submit a proposal" not in dave_page
    erin_page = client_as(erin).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submit a proposal" in erin_page and f"/proposals/{world.dave_proposal.pk}/" not in erin_page
    alice_page = client_as(alice).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 proposal submitted" in alice_page and "1,234,567" not in alice_page
    for reader in (charlie, mallory, None):
        page = client_as(reader).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "proposal submitted" not in page and "Submit a proposal" not in page


def test_accepted_engagement_is_a_reference_case_on_scenario_and_solution_pages(world, clock, client_as, alice, bob):
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [4, 4, 4]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    engagement = Engagement.objects.get()
    for state in ("piloting", "deployed"):
        services.engagement_advance(engagement=engagement, actor=alice, to=state)
    ready_for_acceptance(engagement, alice, bob)
    services.engagement_advance(engagement=engagement, actor=alice, to="accepted")
    scenario_page = client_as(None).get(f"/scenarios/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    solution_page = (
        client_as(None).get(f"/solutions/{engagement.solution_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    for page in (scenario_page, solution_page):
        assert "Reference cases" in page and "云途会诊平台" in page
        assert "1,234,567" not in page
    assert "Kunshan" in solution_page or "昆山" in solution_page  # the county joined the deployments
