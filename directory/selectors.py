"""Reads in the directory that depend on who asks; each owns its joins so pages stay at a flat query count.

``affiliations_of`` is the one place that answers "which organisations does this person act for, in which
role, and are they an overseer". Every app's ``permissions.py`` builds its ``rules`` predicates on it; nothing
else queries memberships to decide a permission.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q, QuerySet
from django.utils.functional import LazyObject, empty

from directory.models import Membership, Organization, Region, User

_CACHE_ATTRIBUTE = "_directory_affiliations"


@dataclass(frozen=True)
class Affiliation:
    """One membership of the person, with its organisation (region loaded)."""

    membership: Membership
    organization: Organization

    @property
    def organization_id(self) -> int:
        return self.organization.pk

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def kind(self) -> str:
        return self.organization.kind

    @property
    def is_active(self) -> bool:
        return self.membership.is_active

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.membership.role == Membership.Role.ADMIN

    @property
    def can_edit(self) -> bool:
        """An active admin or editor (viewers only read)."""
        return self.membership.can_edit

    @property
    def is_verified(self) -> bool:
        return self.organization.is_verified

    @property
    def can_publish(self) -> bool:
        """Acts for a verified organisation as an admin or editor: may publish and change its content."""
        return self.can_edit and self.organization.can_publish


class Affiliations:
    """The membership facts of one person, computed from one query (see ``affiliations_of``).

    Only active memberships confer rights; a pending request is kept so pages can say "requested".
    """

    def __init__(self, *, is_authenticated: bool, is_superuser: bool, memberships: Iterable[Membership] = ()):
        self.is_authenticated = is_authenticated
        self.is_superuser = is_authenticated and is_superuser
        self._all: dict[int | None, Affiliation] = {
            m.organization_id: Affiliation(membership=m, organization=m.organization) for m in memberships
        }
        self._active = {pk: a for pk, a in self._all.items() if a.is_active}

    def membership_in(self, organization_id: int | None) -> Membership | None:
        """The person's membership (active or requested) in the organisation, if any."""
        affiliation = self._all.get(organization_id)
        return affiliation.membership if affiliation is not None else None

    def active_in(self, organization_id: int | None) -> Affiliation | None:
        return self._active.get(organization_id)

    def active(self) -> list[Affiliation]:
        return list(self._active.values())

    def organization_ids(
        self, *, kinds: Iterable[str] | None = None, editors: bool = False, admins: bool = False, verified: bool = False
    ) -> list[int]:
        """Ids of the organisations the person actively belongs to, narrowed by kind, role and verification."""
        return [a.organization_id for a in self._select(kinds=kinds, editors=editors, admins=admins, verified=verified)]

    def organizations(
        self, *, kinds: Iterable[str] | None = None, editors: bool = False, admins: bool = False, verified: bool = False
    ) -> list[Organization]:
        """The organisations themselves (region loaded), ordered by Chinese name then id."""
        chosen = [a.organization for a in self._select(kinds=kinds, editors=editors, admins=admins, verified=verified)]
        return sorted(chosen, key=lambda o: (o.name_zh, o.name_en, o.pk))

    def _select(self, *, kinds, editors: bool, admins: bool, verified: bool) -> list[Affiliation]:
        kinds = set(kinds) if kinds is not None else None
        return [
            a
            for a in self._active.values()
            if (kinds is None or a.kind in kinds)
            and (not editors or a.can_edit)
            and (not admins or a.is_admin)
            and (not verified or a.is_verified)
        ]

    @cached_property
    def is_provincial_staff(self) -> bool:
        """An active member (any role) of a verified provincial office."""
        return bool(self.organization_ids(kinds=[Organization.Kind.PROVINCIAL_OFFICE], verified=True))

    @property
    def is_overseer(self) -> bool:
        """A superuser or provincial office staff: reads what the province reads."""
        return self.is_superuser or self.is_provincial_staff


ANONYMOUS = Affiliations(is_authenticated=False, is_superuser=False)


# Set by ``directory.middleware.AffiliationsCacheMiddleware`` to a fresh token for each request, so facts
# cached on a user object that outlives a request (an API client reusing it, a test) are recomputed once in
# the next request. Outside requests (commands, tests calling services) it is ``None``.
_request_token: ContextVar[object | None] = ContextVar("directory_request_token", default=None)


def request_started() -> Token:
    return _request_token.set(object())


def request_finished(token: Token) -> None:
    _request_token.reset(token)


def _cached(user) -> Affiliations | None:
    entry = user.__dict__.get(_CACHE_ATTRIBUTE)
    if entry is None or entry[0] is not _request_token.get():
        return None
    return entry[1]


def affiliations_of(user) -> Affiliations:
    """Who ``user`` acts for, in which role, and whether they oversee: one query, cached on the user object for
    the current request.

    A service that changes memberships or an organisation's verification calls ``clear_affiliations`` for the
    people concerned, so the rest of the request sees the change.
    """
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    user = _unwrapped(user)
    facts = _cached(user)
    if facts is None:
        memberships = Membership.objects.filter(user_id=user.pk).select_related("organization", "organization__region")
        facts = Affiliations(is_authenticated=True, is_superuser=user.is_superuser, memberships=memberships)
        user.__dict__[_CACHE_ATTRIBUTE] = (_request_token.get(), facts)
    return facts


def organization_ids_of(
    user, *, kinds: Iterable[str] | None = None, editors: bool = False, admins: bool = False, verified: bool = False
) -> list[int] | QuerySet:
    """The ids of ``affiliations_of(user).organization_ids(...)``, for a filter such as ``owner_id__in=``.

    When this request has already loaded the facts, the cached list; otherwise the same condition as a
    subquery, so a list page that asks nothing else about the user still runs in one round trip.
    """
    if user is None or not user.is_authenticated:
        return []
    target = _unwrapped(user)
    cached = _cached(target)
    if cached is not None:
        return cached.organization_ids(kinds=kinds, editors=editors, admins=admins, verified=verified)
    memberships = Membership.objects.active().filter(user_id=target.pk)
    if kinds is not None:
        memberships = memberships.filter(organization__kind__in=list(kinds))
    if editors:
        memberships = memberships.filter(role__in=(Membership.Role.ADMIN, Membership.Role.EDITOR))
    if admins:
        memberships = memberships.filter(role=Membership.Role.ADMIN)
    if verified:
        memberships = memberships.filter(organization__verification_status=Organization.Verification.VERIFIED)
    return memberships.values("organization_id")


def rows_of_parties(user, queryset: QuerySet, *paths: str) -> QuerySet:
    """``queryset`` as ``user`` may read it: overseers (superusers, provincial office staff) every row, others the
    rows whose organisation at one of ``paths`` (``"firm_id"``, ``"scenario__owner_id"`` …) is one of theirs,
    anonymous visitors none."""
    if user is None or not user.is_authenticated:
        return queryset.none()
    if affiliations_of(user).is_overseer:
        return queryset
    org_ids = organization_ids_of(user)
    return queryset.filter(functools.reduce(operator.or_, (Q(**{f"{path}__in": org_ids}) for path in paths)))


def clear_affiliations(user) -> None:
    """Forget the cached facts of ``user`` (after their memberships or an organisation of theirs changed).
    Never loads a lazy request user that was not loaded yet."""
    if isinstance(user, LazyObject):
        user = user._wrapped  # type: ignore[attr-defined]  # the stubs omit LazyObject's internals
        if user is empty:
            return
    if user is not None:
        user.__dict__.pop(_CACHE_ATTRIBUTE, None)


def _unwrapped(user):
    # request.user is a lazy proxy; cache on the user itself so the proxy and the object agree.
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def is_member_of_any(*, user_id: int, organization_ids: Iterable[int]) -> bool:
    """Whether the person ``user_id`` actively belongs to one of the organisations (a fact about someone else,
    e.g. an administrator looking at the enrolment of one of their people)."""
    ids = list(organization_ids)
    return bool(ids) and Membership.objects.active().filter(user_id=user_id, organization_id__in=ids).exists()


def member_ids(*, organization_ids: Iterable[int] | QuerySet, active: bool = True) -> QuerySet:
    """A subquery of the user ids of the members of the organisations (active ones, or with any status)."""
    ids = organization_ids if isinstance(organization_ids, QuerySet) else list(organization_ids)
    memberships = Membership.objects.filter(organization_id__in=ids)
    if active:
        memberships = memberships.filter(status=Membership.Status.ACTIVE)
    return memberships.values("user_id")


def active_member_ids(*, organization_ids: Iterable[int] | QuerySet) -> QuerySet:
    """A subquery of the user ids of the active members of the organisations."""
    return member_ids(organization_ids=organization_ids)


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
    administered = organization_ids_of(user, admins=True)
    return (
        Membership.objects.pending()
        .filter(organization_id__in=administered)
        .select_related("user", "organization")
        .order_by("created_at")
    )


def organizations_awaiting_verification(*, user: User) -> QuerySet[Organization]:
    if not affiliations_of(user).is_overseer:
        return Organization.objects.none()
    return organizations_list().filter(verification_status=Organization.Verification.PENDING).order_by("created_at")


def region_children(*, region: Region) -> QuerySet[Region]:
    return region.children.annotate(
        organization_count=Count(
            "organizations", filter=Q(organizations__verification_status=Organization.Verification.VERIFIED)
        )
    ).order_by("code")


def memberships_visible_to(*, user: User) -> QuerySet[Membership]:
    """The user's own memberships and requests, and every membership of organisations the user administers."""
    administered = organization_ids_of(user, admins=True)
    return (
        Membership.objects.filter(Q(user=user) | Q(organization_id__in=administered))
        .select_related("user", "organization")
        .order_by("id")
    )


def admins_of(organization: Organization) -> list[User]:
    """The organisation's active administrators (whom its notifications go to)."""
    memberships = organization.memberships.active().filter(role=Membership.Role.ADMIN).select_related("user")
    return [membership.user for membership in memberships]


def editors_of(organization: Organization) -> list[User]:
    """The organisation's active administrators and editors (who may act on its behalf, e.g. adopt a scenario)."""
    memberships = (
        organization.memberships.active()
        .filter(role__in=(Membership.Role.ADMIN, Membership.Role.EDITOR))
        .select_related("user")
        .order_by("user_id")
    )
    return [membership.user for membership in memberships]


def provincial_staff_users() -> QuerySet[User]:
    """The active members of verified provincial offices (who verify organisations)."""
    return User.objects.filter(
        is_active=True,
        memberships__status=Membership.Status.ACTIVE,
        memberships__organization__kind=Organization.Kind.PROVINCIAL_OFFICE,
        memberships__organization__verification_status=Organization.Verification.VERIFIED,
    ).distinct()
