"""factory_boy factories. They create exactly what they name: no memberships or verification side effects
beyond the fields given (use ``MembershipFactory`` or the conftest fixtures for people in organisations)."""

from tests.factories import proposals as proposal_factories
from tests.factories.catalog import QuestionFactory, ScenarioFactory, SolutionFactory, capability, domain
from tests.factories.directory import MembershipFactory, OrganizationFactory, UserFactory, region
from tests.factories.matching import RegionPairFactory, SuggestionFactory
from tests.factories.talent import CourseFactory, EnrolmentFactory, SessionFactory, VenueFactory, skill

__all__ = [
    "CourseFactory",
    "EnrolmentFactory",
    "MembershipFactory",
    "OrganizationFactory",
    "QuestionFactory",
    "RegionPairFactory",
    "ScenarioFactory",
    "SessionFactory",
    "SolutionFactory",
    "SuggestionFactory",
    "UserFactory",
    "VenueFactory",
    "capability",
    "domain",
    "proposal_factories",
    "region",
    "skill",
]
