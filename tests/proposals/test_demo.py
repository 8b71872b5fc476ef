"""The demo data reaches every state the issue names, and running it twice changes nothing."""

from __future__ import annotations

from catalog.models import Deployment, Scenario
from matching.proposals import demo, selectors, services
from matching.proposals.models import Award, Engagement, Proposal


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

    bus = Scenario.objects.get(external_ref="demo-ks-bus")
    assert bus.effective_status == "open"
    assert sorted(Proposal.objects.filter(scenario=bus).values_list("status", flat=True)) == [
        "draft",
        "submitted",
        "submitted",
    ]
    health = Scenario.objects.get(external_ref="demo-prop-ks-health")
    state = services.evaluation_state(health)
    assert (health.effective_status, state["done"], state["total"]) == ("evaluating", 1, 2)
    assert Award.objects.get(scenario__external_ref="demo-prop-rg-elder").status == "standstill"
    assert Engagement.objects.get(scenario__external_ref="demo-prop-tx-road").status == "piloting"
    accepted = Engagement.objects.get(scenario__external_ref="demo-prop-sy-bus")
    assert accepted.status == "accepted"
    assert selectors.reference_cases_similar_to(bus) == [accepted]
