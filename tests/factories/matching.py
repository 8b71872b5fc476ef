from __future__ import annotations

import factory

from matching.models import RegionPair, Suggestion
from tests.factories.catalog import ScenarioFactory, SolutionFactory
from tests.factories.directory import region


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A stored suggestion between an open scenario and a published solution (rank 1 both ways)."""

    class Meta:
        model = Suggestion

    scenario = factory.SubFactory(ScenarioFactory, status="open")
    solution = factory.SubFactory(SolutionFactory)
    score = 0.5
    reasons = factory.LazyFunction(
        lambda: [
            {
                "code": "concepts",
                "items": [
                    {
                        "concept": "teleradiology",
                        "zh": "远程影像诊断",
                        "en": "Teleradiology",
                        "left": None,
                        "right": None,
                    },
                ],
            },
            {"code": "budget_within"},
        ]
    )
    rank_for_scenario = 1
    rank_for_solution = 1


class RegionPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionPair
        django_get_or_create = ("south_city", "north_city")

    south_city = factory.LazyFunction(lambda: region("320500"))
    north_city = factory.LazyFunction(lambda: region("321300"))
    programme = "南北挂钩合作"
