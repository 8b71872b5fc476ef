"""Enrolment, approval, cancellation and the waiting list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import pagecache
from core.exceptions import StateConflict
from core.notifications import notify
from directory.models import Organization, User
from directory.selectors import admins_of, affiliations_of
from talent import notifications as messages
from talent.models import (
    Course,
    Enrolment,
    Occurrence,
    Session,
)
from talent.services.common import _fmt


def _clashing_enrolment(*, person: User, session: Session) -> Occurrence | None:
    """One of the person's other active sessions that overlaps this one, if any."""
    mine = (
        Occurrence.objects.scheduled()
        .filter(
            session__enrolments__person=person,
            session__enrolments__status__in=(
                *Enrolment.SEAT_STATUSES,
                Enrolment.Status.WAITLISTED,
                Enrolment.Status.PENDING,
            ),
            session__status=Session.Status.PUBLISHED,
        )
        .exclude(session=session)
    )
    own = list(session.occurrences.scheduled())
    if not own:
        return None
    candidates = (
        mine.overlapping(min(o.start for o in own), max(o.end for o in own))
        .select_related("session__course")
        .order_by("start", "pk")
    )
    for other in candidates:
        if any(other.start < o.end and other.end > o.start for o in own):
            return other
    return None


def _in_quota_zone(session: Session, enrolment: Enrolment) -> bool:
    """The learner enrols on behalf of an organisation located in the session's quota zone."""
    organization = enrolment.organization
    if organization is None:
        return False
    zone = Organization.objects.filter(pk=organization.pk).values_list("region__zone", flat=True).first()
    return zone == session.quota_zone


def _seat_free_for(session: Session, enrolment: Enrolment) -> bool:
    """A seat this enrolment may take now. ``session`` must be locked: the counts below are then exact.

    With an active zone quota, ``quota_seats`` seats stay held for learners from ``quota_zone``: others may take
    only the seats that are neither taken nor still held."""
    holders = Enrolment.objects.filter(session=session, status__in=Enrolment.SEAT_STATUSES)
    taken = holders.count()
    if taken >= session.capacity:
        return False
    if not session.quota_active_at(timezone.now()) or _in_quota_zone(session, enrolment):
        return True
    zone_taken = holders.filter(organization__region__zone=session.quota_zone).count()
    still_held = max((session.quota_seats or 0) - zone_taken, 0)
    return session.capacity - taken - still_held > 0


def _assign_seat(session: Session, enrolment: Enrolment) -> None:
    """Registered if a seat is free for this learner, else waitlisted at the next position. ``session`` must be
    locked."""
    if _seat_free_for(session, enrolment):
        enrolment.status = Enrolment.Status.REGISTERED
        enrolment.waitlist_position = None
    else:
        session.last_waitlist_position += 1
        session.save(update_fields=["last_waitlist_position"])
        enrolment.status = Enrolment.Status.WAITLISTED
        enrolment.waitlist_position = session.last_waitlist_position


def _default_organization(person: User) -> Organization | None:
    """The organisation the person joined first (enrolments are on its behalf unless they say otherwise)."""
    joined = sorted(affiliations_of(person).active(), key=lambda a: (a.membership.created_at, a.membership.pk))
    return joined[0].organization if joined else None


def _require_open(session: Session) -> Course:
    """The session and its course are published (not a draft, not cancelled); returns the course."""
    course = Course.objects.get(pk=session.course_id)
    if session.status != Session.Status.PUBLISHED or course.status != Course.Status.PUBLISHED:
        raise StateConflict(_("This session is not open for enrolment."))
    return course


@transaction.atomic
def enrolment_create(*, person: User, session: Session, organization: Organization | None = None) -> Enrolment:
    """Enrol ``person``: registered while seats last, then waitlisted in arrival order.

    Guarantees exactly ``capacity`` seat holders under any concurrency: the session row is locked
    (``SELECT … FOR UPDATE``) before seats are counted, so enrolments of one session serialise in the order
    their transactions acquire the lock; the partial unique constraints back this up. Courses needing approval
    create a ``pending`` enrolment that takes no seat until an admin of ``organization`` approves it.
    """
    if person is None or not person.is_authenticated:
        raise PermissionDenied(_("Sign in to enrol."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    course = _require_open(session)
    now = timezone.now()
    if session.registration_opens and now < session.registration_opens:
        raise StateConflict(_("Registration opens at %(when)s.") % {"when": _fmt(session.registration_opens)})
    if now > session.registration_closes:
        raise StateConflict(_("Registration closed at %(when)s.") % {"when": _fmt(session.registration_closes)})
    if Enrolment.objects.active().filter(session=session, person=person).exists():
        raise StateConflict(_("You are already enrolled in this session."))
    clash = _clashing_enrolment(person=person, session=session)
    if clash is not None:
        raise StateConflict(
            _("This session overlaps “%(course)s” on %(when)s, which you are already enrolled in.")
            % {"course": clash.session.course, "when": _fmt(clash.start)},
            code="clash",
        )
    if organization is None:
        organization = _default_organization(person)
    elif affiliations_of(person).active_in(organization.pk) is None:
        raise ValidationError({"organization": _("You can only enrol on behalf of an organisation you belong to.")})
    enrolment = Enrolment(session=session, person=person, organization=organization)
    if course.requires_approval:
        if organization is None:
            raise ValidationError(_("This course needs your organisation's approval; join an organisation first."))
        enrolment.status = Enrolment.Status.PENDING
    else:
        _assign_seat(session, enrolment)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise StateConflict(_("You are already enrolled in this session.")) from None
    if enrolment.status == Enrolment.Status.PENDING:
        notify(
            users=admins_of(organization),
            kind="talent_enrolment_approval",
            message=messages.ENROLMENT_APPROVAL,
            params={"person": str(person), "course": course.title, "session": session.pk},
            url=reverse("talent:my-learning"),
        )
    pagecache.invalidate()
    return enrolment


@transaction.atomic
def enrolment_approve(*, actor: User, enrolment: Enrolment) -> Enrolment:
    if not actor.has_perm("talent.approve_enrolment", enrolment):
        raise PermissionDenied(_("Only an administrator of the participant's organisation can approve."))
    session = Session.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.PENDING:
        raise StateConflict(_("Only enrolments awaiting approval can be approved."))
    _require_open(session)
    if timezone.now() >= session.start:
        raise StateConflict(_("The session has started; it is too late to approve."))
    _assign_seat(session, enrolment)
    enrolment.approved_by = actor
    enrolment.save(update_fields=["status", "waitlist_position", "approved_by"])
    pagecache.invalidate()
    return enrolment


def _notify_promoted(enrolment: Enrolment) -> None:
    course = enrolment.session.course
    notify(
        users=[enrolment.person],
        kind="talent_seat_promoted",
        message=messages.SEAT_PROMOTED,
        params={"course": course.title, "when": enrolment.session.start, "session": enrolment.session_id},
        url=reverse("talent:session-detail", args=[enrolment.session_id]),
    )


@transaction.atomic
def enrolment_cancel(*, actor: User, enrolment: Enrolment) -> Enrolment:
    """Cancel; if that frees a seat, the first waitlisted person is registered in the same transaction and
    told by e-mail (sent after commit)."""
    if not actor.has_perm("talent.cancel_enrolment", enrolment):
        raise PermissionDenied(_("You cannot cancel this enrolment."))
    session = Session.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in (Enrolment.Status.REGISTERED, Enrolment.Status.WAITLISTED, Enrolment.Status.PENDING):
        raise StateConflict(_("Only a registered, waitlisted or pending enrolment can be cancelled."))
    if timezone.now() >= session.start:
        raise StateConflict(_("The session has started; enrolments can no longer be cancelled."))
    freed_seat = enrolment.status == Enrolment.Status.REGISTERED
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.waitlist_position = None
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "waitlist_position", "cancelled_at"])
    if freed_seat:
        _promote_waitlisted(session)
    pagecache.invalidate()
    return enrolment


def _promote_waitlisted(session: Session) -> Enrolment | None:
    """Register the first waitlisted person a free seat is open to (with a zone quota active, a held seat goes
    to the first waiting learner from that zone). ``session`` must be locked. A cancelled session has no seats to
    give."""
    if session.status == Session.Status.CANCELLED:
        return None
    taken = Enrolment.objects.filter(session=session, status__in=Enrolment.SEAT_STATUSES).count()
    if taken >= session.capacity:
        return None
    waiting = (
        Enrolment.objects.select_for_update(of=("self",))
        .filter(session=session, status=Enrolment.Status.WAITLISTED)
        .select_related("organization")
        .order_by("waitlist_position")
    )
    first = next((enrolment for enrolment in waiting if _seat_free_for(session, enrolment)), None)
    if first is None:
        return None
    first.status = Enrolment.Status.REGISTERED
    first.waitlist_position = None
    first.save(update_fields=["status", "waitlist_position"])
    _notify_promoted(Enrolment.objects.select_related("person", "session__course").get(pk=first.pk))
    return first
