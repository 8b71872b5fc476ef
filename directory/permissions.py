"""Who may do what in the directory, and the predicates every other app builds its rules on.

All membership facts come from one selector, ``directory.selectors.affiliations_of`` (one query, cached on
the user for the request). The predicates here are the only readers of those facts for permission decisions;
the other apps' ``permissions.py`` combine them into their own named ``rules`` predicates and permissions.

Permission names never have the shape of Django's model permissions (``add_``, ``change_``, ``delete_``,
``view_`` + a model): such a name would also answer Django's admin, which asks ``app.view_model``. A test
checks this for every registered permission. ``User.has_perm`` lets the rule alone decide these permissions,
so a superuser gets exactly what the rule grants (``is_overseer`` and ``is_superuser`` say so explicitly).
"""

from __future__ import annotations

import operator

import rules

from directory.models import Organization
from directory.selectors import affiliations_of

K = Organization.Kind


@rules.predicate
def is_authenticated(user) -> bool:
    return user is not None and user.is_authenticated


@rules.predicate
def is_superuser(user) -> bool:
    # An attribute of the user, no membership fact: asking it costs no query.
    return user is not None and user.is_authenticated and user.is_superuser


@rules.predicate
def is_provincial_staff(user) -> bool:
    """An active member (any role) of a verified provincial office."""
    return affiliations_of(user).is_provincial_staff


@rules.predicate
def is_overseer(user) -> bool:
    """A superuser or provincial office staff: sees what the province sees, never acts for an owner."""
    return affiliations_of(user).is_overseer


@rules.predicate
def is_org_member(user, organization) -> bool:
    """An active member, any role."""
    return organization is not None and affiliations_of(user).active_in(organization.pk) is not None


@rules.predicate
def is_org_editor(user, organization) -> bool:
    """An active admin or editor."""
    affiliation = affiliations_of(user).active_in(getattr(organization, "pk", None))
    return affiliation is not None and affiliation.can_edit


@rules.predicate
def is_org_admin(user, organization) -> bool:
    affiliation = affiliations_of(user).active_in(getattr(organization, "pk", None))
    return affiliation is not None and affiliation.is_admin


@rules.predicate
def org_is_verified(user, organization) -> bool:
    return organization is not None and organization.can_publish


# The rule every publishing action reuses: a verified organisation, acting through an admin or editor.
can_publish_for = org_is_verified & is_org_editor


def _acts_for_a(kind: str, *, editors: bool) -> rules.Predicate:
    """``user`` actively belongs to a verified organisation of ``kind`` (as admin or editor if ``editors``)."""

    def predicate(user) -> bool:
        return bool(affiliations_of(user).organization_ids(kinds=[kind], editors=editors, verified=True))

    role = "editor" if editors else "member"
    return rules.Predicate(predicate, name=f"is_verified_{kind}_{role}")


is_verified_firm_member = _acts_for_a(K.FIRM, editors=False)
is_verified_firm_editor = _acts_for_a(K.FIRM, editors=True)
is_verified_county_editor = _acts_for_a(K.COUNTY_OFFICE, editors=True)
is_verified_provider_editor = _acts_for_a(K.TRAINING_PROVIDER, editors=True)


def of_related(predicate: rules.Predicate, path: str, *, name: str) -> rules.Predicate:
    """``predicate`` asked of the object at ``path`` of the permission's object, a dotted attribute path: a
    scenario's ``owner``, a proposal's ``firm``, an engagement's ``scenario.owner``, a meeting's ``event``. No
    object: False."""
    related = operator.attrgetter(path)

    def asked(user, obj) -> bool:
        return obj is not None and bool(predicate(user, related(obj)))

    return rules.Predicate(asked, name=name)


# The usual case: a rule about an organisation, asked of the organisation an object belongs to.
of_organization = of_related


@rules.predicate
def is_member_of_verified_firm(user, organization) -> bool:
    """``organization`` is a verified firm and the user an active member of it (any role)."""
    return (
        organization is not None
        and organization.kind == K.FIRM
        and organization.can_publish
        and is_org_member(user, organization)
    )


@rules.predicate
def is_any_org_admin(user) -> bool:
    """Administers at least one organisation (of any kind or verification)."""
    return bool(affiliations_of(user).organization_ids(admins=True))


def publishing_organizations(user, *, kinds) -> list[Organization]:
    """The verified organisations of ``kinds`` for which the user acts as admin or editor (no query beyond the
    cached facts), ordered by name."""
    return affiliations_of(user).organizations(kinds=kinds, editors=True, verified=True)


rules.add_perm("directory.edit_organization", is_org_admin | is_superuser)
rules.add_perm("directory.verify_organization", is_overseer)
rules.add_perm("directory.read_members", is_org_member | is_overseer)
rules.add_perm("directory.manage_members", is_org_admin | is_superuser)
rules.add_perm("directory.read_verification_note", is_org_member | is_overseer)
