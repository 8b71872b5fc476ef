import io

from django.core.management import call_command

from catalog.models import Batch, Deployment, Question, ResourceRequest, Scenario, Solution
from core.models import Notification


def test_seed_demo_fills_the_catalog_and_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    # The gap monitor's twenty months of history (insights/demo.py) are counted apart.
    history = Scenario.objects.filter(external_ref__startswith="gap-history-")
    counts = (Scenario.objects.count(), Solution.objects.count(), Question.objects.count())
    assert (
        counts[0] - history.count(),
        counts[1],
        counts[2] - Question.objects.filter(scenario__in=history).count(),
    ) == (
        27,  # 23 published directly, and 4 that went through review before publication (seed_late)
        26,  # 25 published and one firm's draft
        4,
    )
    assert set(Scenario.objects.values_list("county__zone", flat=True)) == {"south", "centre", "north"}
    assert Scenario.objects.values("domain").distinct().count() == 10
    assert set(Scenario.objects.values_list("status", flat=True)) == {
        "draft",
        "open",
        "evaluating",
        "awarded",
        "piloting",
        "completed",
        "cancelled",
        "submitted",
        "reviewed",
    }
    batch = Batch.objects.get()
    assert (batch.number, sorted(batch.scenarios.values_list("grade", flat=True))) == (
        1,
        ["benchmark", "demonstration"],
    )
    # Every published demo scenario has KPI rows; each demo scenario opens resources; 昆山's bus scenario has
    # one pending and one approved access request; firms' own deployments stay self-declared.
    demo = Scenario.objects.filter(external_ref__startswith="demo-", published_at__isnull=False)
    assert [s.external_ref for s in demo if not s.kpis.exists()] == []
    assert [s.external_ref for s in demo.filter(replicated_from__isnull=True) if not s.resources.exists()] == []
    requests = ResourceRequest.objects.filter(resource__scenario__external_ref="demo-ks-bus")
    assert sorted(requests.values_list("status", flat=True)) == ["approved", "pending"]
    assert Deployment.objects.filter(verification="self_declared").exists()
    source = Scenario.objects.get(external_ref="demo-ks-bus")
    assert sorted(source.adoptions.values_list("county__zone", flat=True)) == ["north", "north"]
    call_command("seed_demo", stdout=io.StringIO())
    assert (Scenario.objects.count(), Solution.objects.count(), Question.objects.count()) == counts


def test_seed_demo_shows_a_draft_solution_and_typed_keywords(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    draft = Solution.objects.get(status=Solution.Status.DRAFT)
    assert draft.tags and draft.owner.name_zh.startswith("苏州云途")
    # The keywords typed beside the chosen capabilities were read by the vocabulary, as on the page.
    tagged = Solution.objects.get(title="云途公交智能排班调度系统")
    assert "定制公交" in tagged.tags
    assert tagged.capabilities.count() > 1
    # Questions were asked through the service, so the owner offices were told (without the firm's name).
    told = Notification.objects.filter(kind="scenario_question")
    assert told.exists()
    assert not any("云途" in n.title or "康宁" in n.title for n in told)
