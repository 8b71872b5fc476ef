"""The Django admin answers to Django's model permissions only (issue 17, item 6): the site's ``rules``
permissions never have the shape of a model permission, so none of them opens an admin page."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("clerk", "clerk@example.com", "x", is_staff=True)


def test_staff_without_model_permissions_cannot_see_organisations(client_as, staff, county):
    client = client_as(staff)
    assert client.get("/admin/directory/organization/").status_code == 403
    assert client.get("/admin/catalog/scenario/").status_code == 403
    assert client.get("/admin/catalog/solution/").status_code == 403
    assert client.get(f"/admin/directory/organization/{county.pk}/change/").status_code == 403
    assert "/admin/directory/organization/" not in client.get("/admin/").content.decode()


def test_staff_with_the_view_permission_sees_organisations(client_as, staff, county):
    staff.user_permissions.add(Permission.objects.get(codename="view_organization"))
    response = client_as(staff).get("/admin/directory/organization/")
    assert response.status_code == 200
    assert county.name_zh in response.content.decode()


def test_provincial_staff_get_no_admin_page_from_their_site_rights(client_as, pat, county):
    pat.is_staff = True
    pat.save(update_fields=["is_staff"])
    client = client_as(pat)
    assert client.get("/admin/directory/organization/").status_code == 403
    assert client.get("/admin/catalog/scenario/").status_code == 403
    assert client.get("/admin/catalog/solution/").status_code == 403
