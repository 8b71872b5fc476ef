"""The data migration that carries existing data into structured outcomes: free-text KPI results are linked to
KPI rows of their scenario, accepted engagements get their replicable case and a verified deployment, firm-typed
deployments stay self-declared, and a scenario published without KPI rows stays published."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("proposals", "0003_milestone_evidence_random_names"), ("catalog", "0006_list_order_indexes")]


@pytest.mark.django_db(transaction=True)
def test_existing_results_and_accepted_pilots_are_carried_over(county, firm):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Scenario = old.get_model("catalog", "Scenario")
    Solution = old.get_model("catalog", "Solution")
    Deployment = old.get_model("catalog", "Deployment")
    Proposal = old.get_model("proposals", "Proposal")
    Award = old.get_model("proposals", "Award")
    Engagement = old.get_model("proposals", "Engagement")
    KpiResult = old.get_model("proposals", "KpiResult")
    Domain = old.get_model("catalog", "Domain")
    domain = Domain.objects.first() or Domain.objects.create(code="transport", name_zh="交通", name_en="Transport")
    now = timezone.now()
    scenario = Scenario.objects.create(
        owner_id=county.pk,
        county_id="320583",
        domain=domain,
        title="公交排班",
        problem_statement="候车久",
        expected_outcomes="候车时间下降 20%",
        status="completed",
        published_at=now,
        contact_name="项目科",
    )
    solution = Solution.objects.create(owner_id=firm.pk, title="排班系统", summary="动态排班", status="published")
    typed = Deployment.objects.create(solution=solution, county_id="320583", year=2024)
    accepted_row = Deployment.objects.create(solution=solution, county_id="320583", year=2026)
    proposal = Proposal.objects.create(scenario=scenario, firm_id=firm.pk, price=1, status="submitted")
    award = Award.objects.create(scenario=scenario, reason="x", standstill_until=now)
    engagement = Engagement.objects.create(
        award=award,
        proposal=proposal,
        scenario=scenario,
        firm_id=firm.pk,
        solution=solution,
        status="accepted",
        accepted_at=now,
        lessons="先治理数据",
        deployment=accepted_row,
    )
    KpiResult.objects.create(engagement=engagement, name="候车时间", target="下降 20%", result="下降 27%", met=True)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from catalog.models import Deployment as NewDeployment
    from catalog.models import Scenario as NewScenario
    from proposals.models import KpiResult as NewResult
    from proposals.models import ReplicableCase

    migrated = NewScenario.objects.get(pk=scenario.pk)
    assert (migrated.status, migrated.expected_outcomes) == ("completed", "候车时间下降 20%")
    assert list(migrated.kpis.values_list("indicator", "target")) == [("候车时间", "下降 20%")]
    assert NewResult.objects.get().kpi == migrated.kpis.get()
    case = ReplicableCase.objects.get()
    assert (case.engagement_id, case.problem, case.lessons, case.contact_name) == (
        engagement.pk,
        "候车久",
        "先治理数据",
        "项目科",
    )
    assert case.kpis_achieved[0]["result"] == "下降 27%"
    assert NewDeployment.objects.get(pk=accepted_row.pk).verification == "verified"
    assert NewDeployment.objects.get(pk=typed.pk).verification == "self_declared"
