"""The admin shows non-superuser staff no more enrolment data than the site does."""

import pytest
from django.contrib.auth.models import Permission

from talent import services


@pytest.fixture
def staff(charlie):
    """charlie as a staff user allowed to view enrolments and exchanges in the admin."""
    charlie.is_staff = True
    charlie.save()
    charlie.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_enrolment", "view_certificate", "view_calendartoken"])
    )
    return charlie


def test_admin_enrolments_for_staff_are_scoped(client_as, staff, session, bob, mallory):
    services.enrolment_create(person=bob, session=session)
    services.enrolment_create(person=staff, session=session)
    response = client_as(staff).get("/admin/talent/enrolment/")
    assert response.status_code == 200
    assert [e.person.username for e in response.context["cl"].result_list] == ["charlie"]
    searched = client_as(staff).get("/admin/talent/enrolment/", {"q": "bob"})
    assert list(searched.context["cl"].result_list) == []


def test_admin_enrolments_for_superuser_are_all(client_as, session, bob, charlie, django_user_model):
    services.enrolment_create(person=bob, session=session)
    services.enrolment_create(person=charlie, session=session)
    root = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    response = client_as(root).get("/admin/talent/enrolment/", {"q": "bob"})
    assert [e.person.username for e in response.context["cl"].result_list] == ["bob"]


def test_admin_calendar_tokens_hidden_from_staff(client_as, staff, bob):
    services.calendar_token_for(user=bob)
    response = client_as(staff).get("/admin/talent/calendartoken/")
    assert list(response.context["cl"].result_list) == []
