"""The demo data reaches every state the issue names, and running it twice changes nothing."""

from __future__ import annotations

from catalog.models import Deployment, Scenario
from proposals import demo, selectors, services
from proposals.models import Award, Engagement, Proposal


def test_demo_seed_covers_every_state_and_is_idempotent(db, settings):
    settings.LANGUAGE_CODE = "en"
    from catalog import demo as catalog_demo
    from directory import demo as directory_demo

    directory_demo.seed()
    catalog_demo.seed()
    demo.seed()
    counts = (Proposal.objects.count(), Award.objects.count(), Engagement.objects.count(), Deployment.objects.count())
    demo.seed()
    assert (
        Proposal.objects.count(),
        Award.objects.count(),
        Engagement.objects.count(),
        Deployment.objects.count(),
    ) == counts

    flowers = Scenario.objects.get(external_ref="demo-sy-flower")
    assert flowers.effective_status == "open"
    assert sorted(Proposal.objects.filter(scenario=flowers).values_list("status", flat=True)) == [
        "draft",
        "submitted",
        "submitted",
    ]
    bus = Scenario.objects.get(external_ref="demo-ks-bus")
    state = services.evaluation_state(bus)
    assert (bus.effective_status, state["done"], state["total"]) == ("evaluating", 1, 2)
    assert Award.objects.get(scenario__external_ref="demo-rg-health").status == "standstill"
    assert Engagement.objects.get(scenario__external_ref="demo-tx-bus").status == "piloting"
    accepted = Engagement.objects.get(status="accepted", scenario__replicated_from=bus)
    assert accepted.scenario.replicated_from == bus and accepted.scenario.county_id == "321322"
    fengxian_draft = Scenario.objects.get(replicated_from=bus, owner__name_zh__startswith="丰县")
    assert selectors.reference_cases_similar_to(fengxian_draft) == [accepted]
    assert Deployment.objects.filter(solution=accepted.solution, county_id="321322").exists()
