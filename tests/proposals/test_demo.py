"""The demo data reaches every state the issue names, and running it twice changes nothing."""

from __future__ import annotations

from catalog.models import Deployment, Scenario
from proposals import demo, selectors, services
from proposals.models import Award, Engagement, Expert, Proposal


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
    # 2 office evaluators and the drawn panel of 3 (one drawn expert declined; the first reserve took the seat)
    assert (bus.effective_status, state["done"], state["total"]) == ("evaluating", 1, 5)
    draw = bus.panel_draw
    assert services.panel_draw_replay(draw).same
    assert Expert.objects.count() == 9 and len(draw.pool) == 9 and len(draw.excluded) == 3
    assert sorted(draw.seats.values_list("status", flat=True)) == ["declined", "seated", "seated", "seated", "waiting"]
    assert Award.objects.get(scenario__external_ref="demo-rg-health").status == "standstill"
    assert Engagement.objects.get(scenario__external_ref="demo-tx-bus").status == "piloting"
    # Money: a negotiated contract value in the standstill, 30% paid on the pilot, every award with a value.
    from proposals.models import Contract, Payment

    assert Contract.objects.get(award__scenario__external_ref="demo-rg-health").value == 2_700_000
    money = selectors.engagement_money(Engagement.objects.get(scenario__external_ref="demo-tx-bus"))
    assert (money["contract_value"], money["paid"], money["remaining"]) == (1_380_000, 414_000, 966_000)
    assert Payment.objects.count() == 2
    assert not Award.objects.exclude(contracts__isnull=False).exists()
    accepted = Engagement.objects.get(status="accepted", scenario__replicated_from=bus)
    assert accepted.scenario.replicated_from == bus and accepted.scenario.county_id == "321322"
    fengxian_draft = Scenario.objects.get(replicated_from=bus, owner__name_zh__startswith="丰县")
    assert selectors.reference_cases_similar_to(fengxian_draft) == [accepted]
    # 沭阳 joined the deployments as verified, beside the firm's own (self-declared) entry for an earlier year.
    assert sorted(
        Deployment.objects.filter(solution=accepted.solution, county_id="321322").values_list("verification", flat=True)
    ) == ["self_declared", "verified"]
    # Acceptance that means something: a milestone waived with a reason, every KPI reported, a report on file and
    # a committee of two 沭阳 members who both signed; the replicable case records it.
    assert [m.waived_reason != "" for m in accepted.milestones.order_by("id")] == [False, True]
    assert accepted.kpis.filter(kpi__isnull=False).count() == accepted.scenario.kpis.count() == 2
    assert accepted.acceptance_report.conclusion == "passed"
    assert sorted((s.member.username, s.signed_at is not None) for s in accepted.committee.all()) == [
        ("shuyang_admin", True),
        ("shuyang_editor", True),
    ]
    case = accepted.replicable_case
    assert (case.cost, [k["result"] for k in case.kpis_achieved]) == (1_150_000, ["下降 27%（18 → 13 分钟）", "93%"])
