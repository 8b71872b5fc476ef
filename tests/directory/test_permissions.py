"""The permission matrix for organisation and membership writes: role × action × owner."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory import services
from directory.models import Membership
from directory.permissions import can_publish_for
from tests.factories import OrganizationFactory, UserFactory

ACTORS = ["alice", "bob", "charlie", "pat", "mallory"]


@pytest.fixture
def cast(request, alice, bob, charlie, pat, mallory):
    return {"alice": alice, "bob": bob, "charlie": charlie, "pat": pat, "mallory": mallory}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("alice", True), ("bob", False), ("charlie", False), ("pat", False), ("mallory", False)],
)
def test_edit_organization(cast, county, actor, allowed):
    user = cast[actor]
    assert user.has_perm("directory.edit_organization", county) is allowed
    if allowed:
        services.organization_update(organization=county, actor=user, contact_name="李科长")
        county.refresh_from_db()
        assert county.contact_name == "李科长"
    else:
        with pytest.raises(PermissionDenied):
            services.organization_update(organization=county, actor=user, contact_name="hacked")
        county.refresh_from_db()
        assert county.contact_name != "hacked"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("alice", True), ("bob", False), ("charlie", False), ("pat", False), ("mallory", False)],
)
def test_approve_join_request(cast, county, actor, allowed):
    request = services.membership_request(user=UserFactory(username="applicant"), organization=county)
    if allowed:
        services.membership_approve(membership=request, actor=cast[actor], role="viewer")
        request.refresh_from_db()
        assert request.status == "active"
    else:
        with pytest.raises(PermissionDenied):
            services.membership_approve(membership=request, actor=cast[actor], role="admin")
        request.refresh_from_db()
        assert request.status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("alice", True), ("bob", False), ("charlie", False), ("pat", False), ("mallory", False)],
)
def test_remove_member(cast, county, bob, actor, allowed):
    membership = Membership.objects.get(user=bob, organization=county)
    if actor == "bob":
        # Leaving is always allowed for oneself.
        services.membership_remove(membership=membership, actor=bob)
        assert not Membership.objects.filter(pk=membership.pk).exists()
        return
    if allowed:
        services.membership_remove(membership=membership, actor=cast[actor])
        assert not Membership.objects.filter(pk=membership.pk).exists()
    else:
        with pytest.raises(PermissionDenied):
            services.membership_remove(membership=membership, actor=cast[actor])
        assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("alice", False), ("bob", False), ("charlie", False), ("pat", True), ("mallory", False)],
)
def test_verify_organization(cast, actor, allowed):
    pending = OrganizationFactory(pending=True)
    if allowed:
        services.organization_verify(organization=pending, actor=cast[actor])
    else:
        with pytest.raises(PermissionDenied):
            services.organization_verify(organization=pending, actor=cast[actor])
    pending.refresh_from_db()
    assert pending.is_verified is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "visible"),
    [("alice", True), ("bob", True), ("charlie", False), ("pat", True), ("mallory", False)],
)
def test_view_members(cast, county, actor, visible):
    assert cast[actor].has_perm("directory.read_members", county) is visible


@pytest.mark.django_db
def test_can_publish_needs_a_verified_org_and_an_editor(county, alice, bob):
    editor = UserFactory(username="editor")
    Membership.objects.create(user=editor, organization=county, role="editor", status="active")
    assert can_publish_for(alice, county)
    assert can_publish_for(editor, county)
    assert not can_publish_for(bob, county)  # viewer
    pending = OrganizationFactory(pending=True)
    Membership.objects.create(user=alice, organization=pending, role="admin", status="active")
    assert not can_publish_for(alice, pending)


@pytest.mark.django_db
def test_pending_member_has_no_rights(county):
    applicant = UserFactory()
    services.membership_request(user=applicant, organization=county)
    assert not applicant.has_perm("directory.read_members", county)
    assert not can_publish_for(applicant, county)
    with pytest.raises(ValidationError):
        services.membership_request(user=applicant, organization=county)
