import pytest

from tests.factories.catalog import use_test_vocabulary


@pytest.fixture(autouse=True)
def vocabulary(db):
    """The frozen test vocabulary (and the domains, which transactional tests flush)."""
    use_test_vocabulary()


@pytest.fixture
def county_editor(county):
    from directory.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="eve_editor")
    MembershipFactory(user=user, organization=county, role=Membership.Role.EDITOR)
    return user
