"""factory_boy factories. They create exactly what they name: no memberships or verification side effects
beyond the fields given (use ``MembershipFactory`` or the conftest fixtures for people in organisations)."""

from tests.factories import proposals as proposal_factories
from tests.factories.directory import MembershipFactory, OrganizationFactory, UserFactory, region

__all__ = ["MembershipFactory", "OrganizationFactory", "UserFactory", "proposal_factories", "region"]
