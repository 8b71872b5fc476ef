from __future__ import annotations

import pytest

from matching import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/matching/suggestion/",
        "/admin/matching/suggestionfeedback/",
        "/admin/matching/invitation/",
        "/admin/matching/replicationrecommendation/",
        "/admin/matching/subscription/",
        "/admin/matching/regionpair/",
    ],
)
def test_admin_lists_render_for_superusers(client_as, superuser, radiology, teleradiology, path):
    services.refresh_all()

    response = client_as(superuser).get(path)

    assert response.status_code == 200


def test_staff_without_superuser_cannot_see_private_matching_data(client_as, county):
    staff = UserFactory(username="staffer", is_staff=True)

    assert client_as(staff).get("/admin/matching/suggestion/").status_code == 403
    assert client_as(staff).get("/admin/matching/subscription/").status_code == 403
    assert client_as(staff).get("/admin/matching/regionpair/").status_code == 403


def test_provincial_staff_manage_region_pairs_in_admin(client_as, pat):
    pat.is_staff = True
    pat.save()

    assert client_as(pat).get("/admin/matching/regionpair/").status_code == 200
    assert client_as(pat).get("/admin/matching/suggestion/").status_code == 403
