import pytest

from catalog.models import Capability, Domain
from catalog.vocabulary import read_capability_rows, sync_capabilities, sync_domains


@pytest.fixture(autouse=True)
def vocabulary(db):
    """Domains and capabilities come from a data migration; transactional tests flush them, so reload."""
    if not Capability.objects.exists():
        sync_domains(Domain)
        sync_capabilities(Capability, Domain, read_capability_rows())


@pytest.fixture
def county_editor(county):
    from directory.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="eve_editor")
    MembershipFactory(user=user, organization=county, role=Membership.Role.EDITOR)
    return user
