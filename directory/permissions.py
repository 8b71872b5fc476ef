"""Who may do what in the directory, and the reusable predicates other apps build on.

Predicates take ``(user, organization)``. They are registered as ``rules`` permissions so that views, the API
and templates (``{% has_perm %}``) ask the same question. Later apps import the predicates
(``is_org_member``, ``is_org_editor``, ``is_provincial_staff``, ``can_publish_for``) rather than re-deriving
membership logic.
"""

from __future__ import annotations

import rules

from directory.models import Membership, Organization


def _active_membership(user, organization) -> Membership | None:
    if user is None or not user.is_authenticated or organization is None:
        return None
    # Cache on the user object for the lifetime of the request: pages ask several predicates per object.
    cache = user.__dict__.setdefault("_membership_cache", {})
    key = organization.pk
    if key not in cache:
        cache[key] = Membership.objects.active().filter(user=user, organization_id=key).first()
    return cache[key]


def clear_membership_cache(user) -> None:
    user.__dict__.pop("_membership_cache", None)
    user.__dict__.pop("_provincial_staff", None)


@rules.predicate
def is_org_member(user, organization) -> bool:
    return _active_membership(user, organization) is not None


@rules.predicate
def is_org_editor(user, organization) -> bool:
    membership = _active_membership(user, organization)
    return membership is not None and membership.can_edit


@rules.predicate
def is_org_admin(user, organization) -> bool:
    membership = _active_membership(user, organization)
    return membership is not None and membership.role == Membership.Role.ADMIN


@rules.predicate
def is_provincial_staff(user) -> bool:
    """An active member of a verified provincial office."""
    if user is None or not user.is_authenticated:
        return False
    if "_provincial_staff" not in user.__dict__:
        user.__dict__["_provincial_staff"] = (
            Membership.objects.active()
            .filter(
                user=user,
                organization__kind=Organization.Kind.PROVINCIAL_OFFICE,
                organization__verification_status=Organization.Verification.VERIFIED,
            )
            .exists()
        )
    return user.__dict__["_provincial_staff"]


@rules.predicate
def org_is_verified(user, organization) -> bool:
    return organization is not None and organization.can_publish


# The rule every publishing action reuses: a verified organisation, acting through an admin or editor.
can_publish_for = org_is_verified & is_org_editor

is_superuser = rules.is_superuser

rules.add_perm("directory.view_organization", rules.always_allow)
rules.add_perm("directory.change_organization", is_org_admin | is_superuser)
rules.add_perm("directory.verify_organization", is_provincial_staff | is_superuser)
rules.add_perm("directory.view_members", is_org_member | is_provincial_staff | is_superuser)
rules.add_perm("directory.manage_members", is_org_admin | is_superuser)
rules.add_perm("directory.view_verification_note", is_org_member | is_provincial_staff | is_superuser)
