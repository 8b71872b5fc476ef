from __future__ import annotations

import datetime as dt
from pathlib import Path

import factory
from django.utils import timezone

from catalog.concepts import sync_capabilities, sync_domains
from catalog.models import Capability, Domain, EvaluationCriterion, Question, Scenario, ScenarioKpi, Solution
from catalog.services import refresh_scenario_search_text, refresh_solution_search_text
from tests.factories.directory import OrganizationFactory, region
from vocabulary import load_concepts

TEST_VOCABULARY = Path(__file__).resolve().parents[1] / "catalog" / "data" / "test_capabilities.json"


def use_test_vocabulary() -> None:
    """Make the capability table hold exactly the test vocabulary (a frozen copy of the starter file), so tests
    do not depend on vocabulary/data/capabilities.json, which curators extend. Cheap when it already does."""
    concepts = load_concepts(TEST_VOCABULARY)
    wanted = {concept.code for concept in concepts}
    if not Domain.objects.exists():
        sync_domains(Domain)
    if set(Capability.objects.values_list("code", flat=True)) == wanted:
        return
    Capability.objects.exclude(code__in=wanted).delete()
    sync_capabilities(Capability, Domain, concepts)


def domain(code: str = "health") -> Domain:
    return Domain.objects.get(code=code)


def capability(code: str) -> Capability:
    return Capability.objects.get(code=code)


# Scenarios in review before publication are not public yet.
UNPUBLISHED_REVIEW_STATES = (Scenario.Status.SUBMITTED, Scenario.Status.REVIEWED)


class ScenarioFactory(factory.django.DjangoModelFactory):
    """A draft scenario of a Kunshan county office with everything publishing needs (deadline in 30 days,
    budget, problem statement, criteria summing to 100, one KPI row). ``status="open"`` also sets
    ``published_at``. Pass ``capabilities=[...]`` (codes or objects), ``kpis=[]`` for none."""

    class Meta:
        model = Scenario
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganizationFactory)
    county = factory.LazyAttribute(lambda o: o.owner.region if o.owner.region.level == "county" else region("320583"))
    title = factory.Sequence(lambda n: f"县域场景{n}")
    summary = "面向县域的开放应用场景"
    problem_statement = "群众反映问题突出，需要数字化手段解决。"
    domain = factory.LazyFunction(lambda: domain("health"))
    budget_min = 500_000
    budget_max = 2_000_000
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    status = Scenario.Status.DRAFT
    published_at = factory.LazyAttribute(
        lambda o: None if o.status in (Scenario.Status.DRAFT, *UNPUBLISHED_REVIEW_STATES) else timezone.now()
    )

    @factory.post_generation
    def capabilities(self, create, extracted, **kwargs):
        if extracted:
            self.capabilities.set([capability(c) if isinstance(c, str) else c for c in extracted])
        refresh_scenario_search_text(self)

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        for index, (name, weight) in enumerate(
            extracted if extracted is not None else [("技术方案", 60), ("价格", 40)]
        ):
            EvaluationCriterion.objects.create(scenario=self, name=name, weight=weight, position=index)

    @factory.post_generation
    def kpis(self, create, extracted, **kwargs):
        rows = (
            extracted
            if extracted is not None
            else [{"indicator": "群众平均等待时间", "unit": "分钟", "target": "≤ 15"}]
        )
        for index, row in enumerate(rows):
            ScenarioKpi.objects.create(scenario=self, position=index, **row)


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganizationFactory, firm=True)
    title = factory.Sequence(lambda n: f"解决方案{n}")
    summary = "成熟的县域数字化产品"
    description = "已在多个县区部署运行。"
    maturity = Solution.Maturity.DEPLOYED
    price_min = 300_000
    price_max = 900_000
    status = Solution.Status.PUBLISHED
    published_at = factory.LazyAttribute(lambda o: timezone.now() if o.status != Solution.Status.DRAFT else None)

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        self.domains.set([domain(c) if isinstance(c, str) else c for c in (extracted or ["health"])])

    @factory.post_generation
    def capabilities(self, create, extracted, **kwargs):
        if extracted:
            self.capabilities.set([capability(c) if isinstance(c, str) else c for c in extracted])
        refresh_solution_search_text(self)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    scenario = factory.SubFactory(ScenarioFactory, status=Scenario.Status.OPEN)
    asker_organization = factory.SubFactory(OrganizationFactory, firm=True)
    text = "请问数据接口采用什么标准？"
