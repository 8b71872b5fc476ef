"""Existing data under the structured outcomes:

* every KPI result recorded as free text is linked to a KPI row of its scenario (created from the result's
  indicator and target when the scenario has no row of that name), so acceptance can ask "every KPI reported";
* every engagement accepted before replicable cases existed gets its case (problem, solution, KPIs achieved,
  lessons, the scenario's contact) and its deployment is marked verified — an accepted pilot is exactly what
  verifies a deployment. Firm-typed deployments stay self-declared.

Reversible: the reverse unlinks the results, deletes the cases it could have made and sets those deployments
back to self-declared.
"""

from django.db import migrations

LEGACY_METHOD = "(from a KPI result recorded before KPIs were structured)"


def forwards(apps, schema_editor):
    KpiResult = apps.get_model("proposals", "KpiResult")
    ScenarioKpi = apps.get_model("catalog", "ScenarioKpi")
    Engagement = apps.get_model("proposals", "Engagement")
    ReplicableCase = apps.get_model("proposals", "ReplicableCase")
    Deployment = apps.get_model("catalog", "Deployment")

    for result in KpiResult.objects.filter(kpi__isnull=True).select_related("engagement").order_by("id"):
        scenario_id = result.engagement.scenario_id
        kpi = ScenarioKpi.objects.filter(scenario_id=scenario_id, indicator=result.name[:200]).first()
        if kpi is None:
            position = ScenarioKpi.objects.filter(scenario_id=scenario_id).count()
            kpi = ScenarioKpi.objects.create(
                scenario_id=scenario_id,
                indicator=result.name[:200],
                target=result.target[:200] or "—",
                method=LEGACY_METHOD,
                position=position,
            )
        if not KpiResult.objects.filter(engagement_id=result.engagement_id, kpi=kpi).exists():
            result.kpi = kpi
            result.save(update_fields=["kpi"])

    for engagement in Engagement.objects.filter(status="accepted").select_related("scenario", "solution"):
        if not ReplicableCase.objects.filter(engagement=engagement).exists():
            scenario, solution = engagement.scenario, engagement.solution
            achieved = [
                {
                    "indicator": r.name,
                    "unit": "",
                    "baseline": "",
                    "target": r.target,
                    "result": r.result,
                    "met": r.met,
                }
                for r in KpiResult.objects.filter(engagement=engagement).order_by("id")
            ]
            ReplicableCase.objects.create(
                engagement=engagement,
                title=scenario.title[:200],
                problem=(scenario.problem_statement or scenario.summary or scenario.title)[:5000],
                solution_summary=(solution.summary or solution.title)[:5000],
                kpis_achieved=achieved,
                lessons=engagement.lessons[:10000],
                contact_name=scenario.contact_name[:100],
                contact_email=scenario.contact_email,
                contact_phone=scenario.contact_phone[:30],
                published_at=engagement.accepted_at or engagement.contracted_at,
            )
        if engagement.deployment_id:
            Deployment.objects.filter(pk=engagement.deployment_id).update(
                verification="verified", verified_at=engagement.accepted_at
            )


def backwards(apps, schema_editor):
    KpiResult = apps.get_model("proposals", "KpiResult")
    ScenarioKpi = apps.get_model("catalog", "ScenarioKpi")
    ReplicableCase = apps.get_model("proposals", "ReplicableCase")
    Deployment = apps.get_model("catalog", "Deployment")
    Engagement = apps.get_model("proposals", "Engagement")
    deployment_ids = list(
        Engagement.objects.filter(replicable_case__isnull=False, deployment__isnull=False).values_list(
            "deployment_id", flat=True
        )
    )
    Deployment.objects.filter(pk__in=deployment_ids).update(verification="self_declared", verified_at=None)
    ReplicableCase.objects.all().delete()
    KpiResult.objects.update(kpi=None)
    ScenarioKpi.objects.filter(method=LEGACY_METHOD).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_acceptance_committee_and_replicable_cases"),
        ("catalog", "0007_structured_outcomes_and_verified_deployments"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
