"""'Invite to propose': notifies the firm's admins once, says only what is public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from catalog.models import Scenario
from core.models import Notification
from directory.models import Membership
from matching import services
from matching.models import Invitation, Suggestion
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(radiology, teleradiology):
    services.refresh_all()
    return Suggestion.objects.get(scenario=radiology, solution=teleradiology)


def test_invite_notifies_the_firm_admins_once(
    suggestion, alice, dave, firm, radiology, teleradiology, django_capture_on_commit_callbacks
):
    viewer = UserFactory(username="firm_viewer")
    MembershipFactory(user=viewer, organization=firm, role=Membership.Role.VIEWER)

    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_invite(actor=alice, suggestion=suggestion)

    notification = Notification.objects.get()
    assert notification.user == dave
    assert notification.kind == "matching_invitation"
    assert radiology.title in notification.title
    assert teleradiology.title in notification.body
    assert notification.url == f"/scenarios/{radiology.pk}/"
    assert "2,000,000" not in notification.body and "2000000" not in notification.body
    assert len(mail.outbox) == 1
    assert Invitation.objects.get().invited_by == alice


def test_second_invitation_is_refused(suggestion, alice):
    services.suggestion_invite(actor=alice, suggestion=suggestion)
    with pytest.raises(ValidationError):
        services.suggestion_invite(actor=alice, suggestion=suggestion)
    assert Notification.objects.count() == 1


def test_invite_needs_an_open_scenario(suggestion, alice, radiology):
    Scenario.objects.filter(pk=radiology.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    suggestion.scenario.refresh_from_db()
    with pytest.raises(ValidationError):
        services.suggestion_invite(actor=alice, suggestion=suggestion)
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("who", ["bob", "charlie", "dave", "mallory"])
def test_only_the_owner_office_editors_invite(suggestion, request, who):
    with pytest.raises(PermissionDenied):
        services.suggestion_invite(actor=request.getfixturevalue(who), suggestion=suggestion)
    assert Invitation.objects.count() == 0
