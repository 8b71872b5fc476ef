"""Who may do what in talent. The HTML views, the API and the services ask these same predicates.

Courses and sessions are public once published. Enrolments are private: the person, the provider's members
(and the session's trainers), admins of any organisation the person belongs to, the provincial office and
superusers — never other participants or anonymous visitors.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

import rules

from directory.models import Organization
from directory.permissions import (
    can_publish_for,
    is_any_org_admin,
    is_authenticated,
    is_org_admin,
    is_org_member,
    is_overseer,
    is_superuser,
    of_related,
)
from directory.selectors import affiliations_of, is_member_of_any


@rules.predicate
def may_publish_courses_for(user, provider) -> bool:
    """A verified training provider, acting through one of its admins or editors."""
    return (
        provider is not None
        and provider.kind == Organization.Kind.TRAINING_PROVIDER
        and can_publish_for(user, provider)
    )


@rules.predicate
def can_manage_course(user, course) -> bool:
    """Verified provider, acting through one of its admins or editors."""
    return course is not None and can_publish_for(user, course.provider)


@rules.predicate
def is_provider_member(user, session) -> bool:
    return session is not None and is_org_member(user, session.course.provider)


@rules.predicate
def is_session_trainer(user, session) -> bool:
    if not is_authenticated(user) or session is None:
        return False
    cache = user.__dict__.setdefault("_trainer_cache", {})
    if session.pk not in cache:
        cache[session.pk] = session.trainers.filter(pk=user.pk).exists()
    return cache[session.pk]


@rules.predicate
def is_session_participant(user, session) -> bool:
    """Holds an enrolment of the session that is not cancelled (registered, waitlisted, awaiting approval,
    completed). A session read through ``selectors.with_viewer_enrolment(…, user=user)`` answers without a query."""
    if not is_authenticated(user) or session is None:
        return False
    if getattr(session, "viewer_id", None) == user.pk:
        return bool(session.viewer_enrolled)
    return session.enrolments.active().filter(person_id=user.pk).exists()


@rules.predicate
def can_manage_session(user, session) -> bool:
    return session is not None and can_publish_for(user, session.course.provider)


def admins_person(user, person_id: int) -> bool:
    """The user administers an organisation the person actively belongs to."""
    return is_member_of_any(user_id=person_id, organization_ids=affiliations_of(user).organization_ids(admins=True))


def _person_rules(person_id: Callable[[Any], int], own: str, administered: str) -> tuple[Any, Any]:
    """The two rules on an object that names a person by ``person_id(obj)`` (the person is not loaded): the user
    is that person (named ``own``); the user administers an organisation the person belongs to (``administered``)."""

    def is_own(user, obj) -> bool:
        return is_authenticated(user) and obj is not None and person_id(obj) == user.pk

    def administers(user, obj) -> bool:
        return obj is not None and admins_person(user, person_id(obj))

    return rules.predicate(is_own, name=own), rules.predicate(administers, name=administered)


is_self, administers_person = _person_rules(attrgetter("pk"), "is_self", "administers_person")
is_enrolment_owner, is_person_org_admin = _person_rules(
    attrgetter("person_id"), "is_enrolment_owner", "is_person_org_admin"
)


# The provider's members and the session's trainers read enrolments; its admins and editors and the trainers
# act on them (viewers only read).
is_enrolment_provider = of_related(is_provider_member | is_session_trainer, "session", name="is_enrolment_provider")
manages_enrolment = of_related(can_manage_session | is_session_trainer, "session", name="manages_enrolment")


@rules.predicate
def can_approve_enrolment(user, enrolment) -> bool:
    return enrolment is not None and enrolment.organization is not None and is_org_admin(user, enrolment.organization)


@rules.predicate
def is_exchange_party(user, exchange) -> bool:
    return exchange is not None and (
        exchange.person_id == getattr(user, "pk", None)
        or is_org_member(user, exchange.home_organization)
        or is_org_member(user, exchange.host_organization)
    )


@rules.predicate
def is_exchange_approver(user, exchange) -> bool:
    return exchange is not None and (
        is_org_admin(user, exchange.home_organization) or is_org_admin(user, exchange.host_organization)
    )


@rules.predicate
def may_propose_exchange(user, exchange) -> bool:
    """Without an exchange: may propose one at all (the form); with one (not saved yet): for these two sides."""
    if exchange is None:
        return is_any_org_admin(user) or is_superuser(user)
    return is_exchange_approver(user, exchange) or is_superuser(user)


can_mark_attendance = can_manage_session | is_session_trainer | is_superuser

rules.add_perm("talent.create_course_for", may_publish_courses_for | is_superuser)
rules.add_perm("talent.manage_course", can_manage_course | is_superuser)
rules.add_perm("talent.manage_session", can_manage_session | is_superuser)
# The online meeting link: the people enrolled and the provider's members, who run the session (session page,
# API; calendar feeds carry it only in the private per-person feed).
rules.add_perm("talent.read_meeting_link", is_session_participant | is_provider_member)
rules.add_perm("talent.read_roster", is_provider_member | is_session_trainer | is_overseer)
rules.add_perm("talent.mark_attendance", can_mark_attendance)
rules.add_perm(
    "talent.read_enrolment",
    is_enrolment_owner | is_enrolment_provider | is_person_org_admin | is_overseer,
)
rules.add_perm("talent.cancel_enrolment", is_enrolment_owner | is_person_org_admin | manages_enrolment)
rules.add_perm("talent.approve_enrolment", can_approve_enrolment | is_superuser)
# A person's training hours and skills profile: the person, admins of their organisations, the province.
rules.add_perm("talent.read_training_record", is_self | administers_person | is_overseer)
rules.add_perm("talent.revoke_certificate", manages_enrolment | is_overseer)
rules.add_perm("talent.read_exchange", is_exchange_party | is_overseer)
# Each side approves for itself, so only their administrators approve; running the approved exchange (start,
# complete, cancel) is also open to a site administrator.
rules.add_perm("talent.propose_exchange", may_propose_exchange)
rules.add_perm("talent.approve_exchange", is_exchange_approver)
rules.add_perm("talent.run_exchange", is_exchange_approver | is_superuser)
