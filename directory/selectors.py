"""Reads in the directory that depend on who asks; each owns its joins so pages stay at a flat query count."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from directory.models import Membership, Organization, Region, User
from directory.permissions import is_provincial_staff


def organizations_list() -> QuerySet[Organization]:
    return Organization.objects.select_related("region", "region__parent").annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    )


def memberships_of_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organization", "organization__region")
        .order_by("status", "organization__name_zh")
    )


def members_of(*, organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__username")
    )


def pending_requests_for_admin(*, user: User) -> QuerySet[Membership]:
    """Join requests waiting on organisations the user administers."""
    administered = Membership.objects.active().filter(user=user, role=Membership.Role.ADMIN).values("organization_id")
    return (
        Membership.objects.pending()
        .filter(organization_id__in=administered)
        .select_related("user", "organization")
        .order_by("created_at")
    )


def organizations_awaiting_verification(*, user: User) -> QuerySet[Organization]:
    if not (user.is_superuser or is_provincial_staff(user)):
        return Organization.objects.none()
    return organizations_list().filter(verification_status=Organization.Verification.PENDING).order_by("created_at")


def region_children(*, region: Region) -> QuerySet[Region]:
    return region.children.annotate(
        organization_count=Count("organizations", filter=Q(organizations__verification_status="verified"))
    ).order_by("code")


def memberships_visible_to(*, user: User) -> QuerySet[Membership]:
    """The user's own memberships and requests, and every membership of organisations the user administers."""
    administered = Membership.objects.active().filter(user=user, role=Membership.Role.ADMIN).values("organization_id")
    return (
        Membership.objects.filter(Q(user=user) | Q(organization_id__in=administered))
        .select_related("user", "organization")
        .order_by("id")
    )
