"""factory_boy factories. They create exactly what they name: no memberships or verification side effects
beyond the fields given (use ``MembershipFactory`` or the conftest fixtures for people in organisations)."""

from tests.factories import proposals as proposal_factories
from tests.factories.catalog import QuestionFactory, ScenarioFactory, SolutionFactory, capability, domain
from tests.factories.directory import MembershipFactory, OrganizationFactory, UserFactory, region

__all__ = [
    "MembershipFactory",
    "OrganizationFactory",
    "QuestionFactory",
    "ScenarioFactory",
    "SolutionFactory",
    "UserFactory",
    "capability",
    "domain",
    "proposal_factories",
    "region",
]
