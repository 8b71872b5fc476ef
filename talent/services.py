"""Writes in talent. Views, the API, admin, commands and demo data call these; they never save models directly.

Each function checks who may act, validates, and either does everything or nothing (``transaction.atomic``).
Errors are ``ValidationError`` (clear, translatable messages) or ``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications import notify, site_language
from core.text import normalize_text
from directory.models import Membership, Organization, Region, User
from directory.permissions import can_publish_for, is_org_admin
from talent import recurrence
from talent.models import (
    Attendance,
    CalendarToken,
    Certificate,
    CheckInCode,
    Course,
    CourseSkill,
    Enrolment,
    Exchange,
    Occurrence,
    Session,
    Skill,
    Venue,
    new_certificate_code,
    new_feed_token,
)

CHECK_IN_MINUTES = 15
CHECK_IN_MAX_ATTEMPTS = 5


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- Courses ---------------------------------------------------------------------------------------------


def _require_provider(actor: User, provider: Organization) -> None:
    if provider.kind != Organization.Kind.TRAINING_PROVIDER:
        raise ValidationError({"provider": _("Only training providers publish courses.")})
    if not (actor.is_superuser or can_publish_for(actor, provider)):
        raise PermissionDenied(
            _("Only administrators and editors of a verified training provider can manage its courses.")
        )


def _set_course_skills(course: Course, skills: list[tuple[Skill, str]]) -> None:
    seen = set()
    rows = []
    for skill, level in skills:
        if skill.kind == Skill.Kind.AREA:
            raise ValidationError(
                {"skills": _("“%(skill)s” is a competence area; choose one of its competences.") % {"skill": skill}}
            )
        if level not in skill.levels:
            raise ValidationError(
                {
                    "skills": _("Level “%(level)s” does not belong to the scale of “%(skill)s”.")
                    % {"level": level, "skill": skill}
                }
            )
        if skill.pk in seen:
            raise ValidationError({"skills": _("“%(skill)s” is listed twice.") % {"skill": skill}})
        seen.add(skill.pk)
        rows.append(CourseSkill(course=course, skill=skill, level=level))
    CourseSkill.objects.filter(course=course).delete()
    CourseSkill.objects.bulk_create(rows)


@transaction.atomic
def course_create(
    *,
    actor: User,
    provider: Organization,
    title_zh: str,
    planned_hours: int,
    skills: list[tuple[Skill, str]] = (),
    publish: bool = False,
    **fields,
) -> Course:
    """A course of a verified provider (draft unless ``publish``); ``skills`` are (skill, target level) pairs."""
    _require_provider(actor, provider)
    course = Course(provider=provider, title_zh=normalize_text(title_zh), planned_hours=planned_hours, created_by=actor)
    for name, value in fields.items():
        setattr(course, name, normalize_text(value) if isinstance(value, str) else value)
    if not course.title_zh:
        raise ValidationError({"title_zh": _("Give the course a Chinese title.")})
    if planned_hours is None or planned_hours < 1:
        raise ValidationError({"planned_hours": _("Planned hours must be at least 1.")})
    if not 0 <= course.min_attendance_percent <= 100:
        raise ValidationError({"min_attendance_percent": _("The minimum attendance is a percentage from 0 to 100.")})
    if publish:
        course.status = Course.Status.PUBLISHED
    course.full_clean(exclude=["skills"])
    course.save()
    _set_course_skills(course, list(skills))
    return course


@transaction.atomic
def course_publish(*, actor: User, course: Course) -> Course:
    _require_provider(actor, course.provider)
    if not course.course_skills.exists():
        raise ValidationError(_("Name at least one skill the course teaches before publishing it."))
    course.status = Course.Status.PUBLISHED
    course.save(update_fields=["status", "updated_at"])
    return course


@transaction.atomic
def venue_create(
    *, actor: User, provider: Organization, region: Region, name: str, address: str, room_capacity: int
) -> Venue:
    _require_provider(actor, provider)
    if region.level != Region.Level.COUNTY:
        raise ValidationError({"region": _("A venue lies in a county-level region.")})
    if room_capacity is None or room_capacity < 1:
        raise ValidationError({"room_capacity": _("The room holds at least one person.")})
    venue, _created = Venue.objects.get_or_create(
        provider=provider,
        region=region,
        name=normalize_text(name),
        defaults={"address": normalize_text(address), "room_capacity": room_capacity},
    )
    return venue


# --- Sessions and conflicts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    kind: str  # "trainer" | "room" | "capacity"
    message: str


def _validate_session_fields(
    *, course: Course, start, end, venue: Venue | None, online_url: str, capacity, registration_closes, now
) -> None:
    errors: dict[str, str] = {}
    if start is None or end is None:
        raise ValidationError(_("Give a start and an end."))
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValidationError(_("Start and end need a time zone."))
    if end <= start:
        errors["end"] = _("The session must end after it starts.")
    if start <= now:
        errors["start"] = _("A new session cannot start in the past.")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("Capacity must be at least 1.")
    if venue is None and not online_url:
        errors["venue"] = _("Give a venue or an online link.")
    if course.format == Course.Format.ONLINE and not online_url:
        errors["online_url"] = _("An online course needs an online link.")
    if course.format == Course.Format.IN_PERSON and venue is None:
        errors["venue"] = _("An in-person course needs a venue.")
    if venue is not None and venue.provider_id != course.provider_id:
        errors["venue"] = _("Choose one of the provider's own venues.")
    if registration_closes is None:
        errors["registration_closes"] = _("Give a registration deadline.")
    elif registration_closes > start:
        errors["registration_closes"] = _("Registration must close before the session starts.")
    if errors:
        raise ValidationError(errors)


def _generate_occurrences(session: Session) -> None:
    try:
        weekdays = recurrence.parse_weekdays(session.repeat_weekdays)
        slots = recurrence.expand(
            start=session.start,
            end=session.end,
            weekdays=weekdays,
            until=session.repeat_until,
            count=session.repeat_count,
        )
    except recurrence.RecurrenceError as exc:
        raise ValidationError({"repeat_weekdays": str(exc)}) from None
    session.repeat_weekdays = ",".join(str(day) for day in weekdays)
    Occurrence.objects.bulk_create(
        [Occurrence(session=session, original_date=s.original_date, start=s.start, end=s.end) for s in slots]
    )


@transaction.atomic
def session_create(
    *,
    actor: User,
    course: Course,
    start: dt.datetime,
    end: dt.datetime,
    capacity: int,
    registration_closes: dt.datetime,
    venue: Venue | None = None,
    online_url: str = "",
    registration_opens: dt.datetime | None = None,
    trainers: list[User] = (),
    repeat_weekdays: str = "",
    repeat_until: dt.date | None = None,
    repeat_count: int | None = None,
    publish: bool = False,
) -> Session:
    """A draft session with its occurrences; ``publish=True`` also runs the blocking conflict check."""
    _require_provider(actor, course.provider)
    _validate_session_fields(
        course=course,
        start=start,
        end=end,
        venue=venue,
        online_url=online_url,
        capacity=capacity,
        registration_closes=registration_closes,
        now=timezone.now(),
    )
    session = Session.objects.create(
        course=course,
        start=start,
        end=end,
        venue=venue,
        online_url=online_url,
        capacity=capacity,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        repeat_weekdays=repeat_weekdays,
        repeat_until=repeat_until,
        repeat_count=repeat_count,
    )
    _generate_occurrences(session)
    session.save(update_fields=["repeat_weekdays"])
    if trainers:
        session.trainers.set(trainers)
    if publish:
        session = session_publish(actor=actor, session=session)
    return session


def session_conflicts(*, session: Session) -> list[Conflict]:
    """What stops the session from being published: a trainer or room already busy at one of its scheduled
    occurrences (in another published session), or more seats than the room holds. Ordered by kind, then time."""
    conflicts: list[Conflict] = []
    if session.venue_id and session.capacity > session.venue.room_capacity:
        conflicts.append(
            Conflict(
                "capacity",
                _("Capacity %(capacity)d is above the room's %(room)d seats.")
                % {"capacity": session.capacity, "room": session.venue.room_capacity},
            )
        )
    own = list(session.occurrences.scheduled())
    if not own:
        return conflicts
    trainer_ids = set(session.trainers.values_list("pk", flat=True))
    # One query for every candidate in the series' whole span, then exact overlaps in Python: a 104-date
    # series costs the same few queries as a single date.
    relevant = Q(session__venue_id=session.venue_id) if session.venue_id else Q(pk__in=[])
    if trainer_ids:
        relevant |= Q(session__trainers__in=trainer_ids)
    candidates = (
        Occurrence.objects.scheduled()
        .filter(session__status=Session.Status.PUBLISHED)
        .exclude(session=session)
        .overlapping(min(o.start for o in own), max(o.end for o in own))
        .filter(relevant)
        .select_related("session__course")
        .prefetch_related("session__trainers")
        .distinct()
        .order_by("start", "pk")
    )
    for occurrence in own:
        for other in candidates:
            if not (other.start < occurrence.end and other.end > occurrence.start):
                continue
            busy_trainers = [t for t in other.session.trainers.all() if t.pk in trainer_ids]
            if busy_trainers:
                conflicts.append(
                    Conflict(
                        "trainer",
                        _("Trainer %(names)s already teaches “%(course)s” at %(when)s.")
                        % {
                            "names": ", ".join(str(t) for t in busy_trainers),
                            "course": other.session.course,
                            "when": _fmt(other.start),
                        },
                    )
                )
            if session.venue_id and other.session.venue_id == session.venue_id:
                conflicts.append(
                    Conflict(
                        "room",
                        _("Room %(room)s is booked for “%(course)s” at %(when)s.")
                        % {"room": session.venue.name, "course": other.session.course, "when": _fmt(other.start)},
                    )
                )
    return conflicts


@transaction.atomic
def session_publish(*, actor: User, session: Session) -> Session:
    _require_provider(actor, session.course.provider)
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("venue", "course__provider").get(pk=session.pk)
    )
    # Two sessions published at the same moment for the same room or trainer must not both pass the check:
    # lock the venue row and the trainers' user rows (in id order, so concurrent publishes cannot deadlock).
    if session.venue_id:
        list(Venue.objects.select_for_update().filter(pk=session.venue_id).values_list("pk", flat=True))
    list(User.objects.select_for_update().filter(trained_sessions=session).order_by("pk").values_list("pk", flat=True))
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("A cancelled session cannot be published."))
    conflicts = session_conflicts(session=session)
    if conflicts:
        raise ValidationError([c.message for c in conflicts], code="conflict")
    session.status = Session.Status.PUBLISHED
    session.save(update_fields=["status", "updated_at"])
    return session


def _bump_sequence(occurrence: Occurrence) -> None:
    occurrence.sequence = F("sequence") + 1


@transaction.atomic
def occurrence_cancel(*, actor: User, occurrence: Occurrence, note: str = "") -> Occurrence:
    """Cancel one date of a series; the others stay as they are. Raises the calendar SEQUENCE."""
    _require_provider(actor, occurrence.session.course.provider)
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    if occurrence.is_cancelled:
        raise ValidationError(_("This date is already cancelled."))
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.note = normalize_text(note)[:250]
    _bump_sequence(occurrence)
    occurrence.save(update_fields=["status", "note", "sequence"])
    occurrence.refresh_from_db()
    return occurrence


@transaction.atomic
def occurrence_move(*, actor: User, occurrence: Occurrence, start: dt.datetime, end: dt.datetime) -> Occurrence:
    """Move one date of a series (keeps its UID); the new slot must be free for the room and trainers."""
    session = occurrence.session
    _require_provider(actor, session.course.provider)
    if start is None or end is None or timezone.is_naive(start) or timezone.is_naive(end):
        raise ValidationError(_("Give a start and an end with a time zone."))
    if end <= start:
        raise ValidationError({"end": _("The session must end after it starts.")})
    if start <= timezone.now():
        raise ValidationError({"start": _("A date cannot be moved into the past.")})
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    if occurrence.is_cancelled:
        raise ValidationError(_("A cancelled date cannot be moved."))
    occurrence.start, occurrence.end = start, end
    _bump_sequence(occurrence)
    occurrence.save(update_fields=["start", "end", "sequence"])
    occurrence.refresh_from_db()
    if session.status == Session.Status.PUBLISHED:
        clashes = [c for c in session_conflicts(session=session) if c.kind != "capacity"]
        if clashes:
            raise ValidationError([c.message for c in clashes], code="conflict")
    return occurrence


@transaction.atomic
def session_cancel(*, actor: User, session: Session) -> Session:
    _require_provider(actor, session.course.provider)
    session = Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("This session is already cancelled."))
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    session.occurrences.scheduled().update(status=Occurrence.Status.CANCELLED, sequence=F("sequence") + 1)
    people = [e.person for e in session.enrolments.active().select_related("person")]
    with site_language():
        notify(
            users=people,
            kind="talent_session_cancelled",
            title=_("Cancelled: %(course)s on %(when)s")
            % {"course": session.course.title, "when": _fmt(session.start)},
            url=reverse("talent:session-detail", args=[session.pk]),
        )
    return session


# --- Enrolment -------------------------------------------------------------------------------------------


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


def _assign_seat(session: Session, enrolment: Enrolment) -> None:
    """Registered if a seat is free, else waitlisted at the next position. ``session`` must be locked."""
    taken = Enrolment.objects.filter(session=session, status__in=Enrolment.SEAT_STATUSES).count()
    if taken < session.capacity:
        enrolment.status = Enrolment.Status.REGISTERED
        enrolment.waitlist_position = None
    else:
        session.last_waitlist_position += 1
        session.save(update_fields=["last_waitlist_position"])
        enrolment.status = Enrolment.Status.WAITLISTED
        enrolment.waitlist_position = session.last_waitlist_position


def _default_organization(person: User) -> Organization | None:
    membership = (
        Membership.objects.active().filter(user=person).select_related("organization").order_by("created_at").first()
    )
    return membership.organization if membership else None


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
    course = Course.objects.get(pk=session.course_id)
    now = timezone.now()
    if session.status != Session.Status.PUBLISHED or course.status != Course.Status.PUBLISHED:
        raise ValidationError(_("This session is not open for enrolment."))
    if session.registration_opens and now < session.registration_opens:
        raise ValidationError(_("Registration opens at %(when)s.") % {"when": _fmt(session.registration_opens)})
    if now > session.registration_closes:
        raise ValidationError(_("Registration closed at %(when)s.") % {"when": _fmt(session.registration_closes)})
    if Enrolment.objects.active().filter(session=session, person=person).exists():
        raise ValidationError(_("You are already enrolled in this session."))
    clash = _clashing_enrolment(person=person, session=session)
    if clash is not None:
        raise ValidationError(
            _("This session overlaps “%(course)s” on %(when)s, which you are already enrolled in.")
            % {"course": clash.session.course, "when": _fmt(clash.start)},
            code="clash",
        )
    if organization is None:
        organization = _default_organization(person)
    elif not Membership.objects.active().filter(user=person, organization=organization).exists():
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
        raise ValidationError(_("You are already enrolled in this session.")) from None
    if enrolment.status == Enrolment.Status.PENDING:
        with site_language():
            notify(
                users=_org_admins(organization),
                kind="talent_enrolment_approval",
                title=_("%(person)s asks to attend “%(course)s”") % {"person": person, "course": course.title},
                url=reverse("talent:my-learning"),
            )
    return enrolment


@transaction.atomic
def enrolment_approve(*, actor: User, enrolment: Enrolment) -> Enrolment:
    if not actor.has_perm("talent.approve_enrolment", enrolment):
        raise PermissionDenied(_("Only an administrator of the participant's organisation can approve."))
    session = Session.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.PENDING:
        raise ValidationError(_("Only enrolments awaiting approval can be approved."))
    if timezone.now() >= session.start:
        raise ValidationError(_("The session has started; it is too late to approve."))
    _assign_seat(session, enrolment)
    enrolment.approved_by = actor
    enrolment.save(update_fields=["status", "waitlist_position", "approved_by"])
    return enrolment


def _notify_promoted(enrolment: Enrolment) -> None:
    course = enrolment.session.course
    with site_language():
        notify(
            users=[enrolment.person],
            kind="talent_seat_promoted",
            title=_("A seat is yours: %(course)s") % {"course": course.title},
            body=_(
                "A seat became free and you moved up from the waitlist. You are now registered for “%(course)s”, "
                "starting %(when)s."
            )
            % {"course": course.title, "when": _fmt(enrolment.session.start)},
            url=reverse("talent:session-detail", args=[enrolment.session_id]),
        )


def _org_admins(organization: Organization) -> list[User]:
    memberships = organization.memberships.active().filter(role=Membership.Role.ADMIN).select_related("user")
    return [membership.user for membership in memberships]


@transaction.atomic
def enrolment_cancel(*, actor: User, enrolment: Enrolment) -> Enrolment:
    """Cancel; if that frees a seat, the first waitlisted person is registered in the same transaction and
    told by e-mail (sent after commit)."""
    if not actor.has_perm("talent.cancel_enrolment", enrolment):
        raise PermissionDenied(_("You cannot cancel this enrolment."))
    session = Session.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in (Enrolment.Status.REGISTERED, Enrolment.Status.WAITLISTED, Enrolment.Status.PENDING):
        raise ValidationError(_("Only a registered, waitlisted or pending enrolment can be cancelled."))
    if timezone.now() >= session.start:
        raise ValidationError(_("The session has started; enrolments can no longer be cancelled."))
    freed_seat = enrolment.status == Enrolment.Status.REGISTERED
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.waitlist_position = None
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "waitlist_position", "cancelled_at"])
    if freed_seat:
        _promote_waitlisted(session)
    return enrolment


def _promote_waitlisted(session: Session) -> Enrolment | None:
    taken = Enrolment.objects.filter(session=session, status__in=Enrolment.SEAT_STATUSES).count()
    if taken >= session.capacity:
        return None
    first = (
        Enrolment.objects.select_for_update()
        .filter(session=session, status=Enrolment.Status.WAITLISTED)
        .order_by("waitlist_position")
        .first()
    )
    if first is None:
        return None
    first.status = Enrolment.Status.REGISTERED
    first.waitlist_position = None
    first.save(update_fields=["status", "waitlist_position"])
    _notify_promoted(Enrolment.objects.select_related("person", "session__course").get(pk=first.pk))
    return first


# --- Attendance and check-in -----------------------------------------------------------------------------


@transaction.atomic
def attendance_mark(*, actor: User, occurrence: Occurrence, enrolment: Enrolment, status: str) -> Attendance:
    if not actor.has_perm("talent.mark_attendance", occurrence.session):
        raise PermissionDenied(_("Only the session's trainers and provider staff mark attendance."))
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose present, late, excused or absent.")})
    if enrolment.session_id != occurrence.session_id or not enrolment.holds_seat:
        raise ValidationError(_("This person is not registered for this session."))
    if occurrence.is_cancelled:
        raise ValidationError(_("This date was cancelled; there is no attendance to take."))
    attendance, _created = Attendance.objects.update_or_create(
        enrolment=enrolment, occurrence=occurrence, defaults={"status": status, "marked_by": actor}
    )
    if status in Attendance.ATTENDED and enrolment.status == Enrolment.Status.REGISTERED:
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ATTENDED)
        enrolment.status = Enrolment.Status.ATTENDED
    return attendance


@transaction.atomic
def check_in_code_issue(*, actor: User, occurrence: Occurrence) -> CheckInCode:
    """A 6-digit code valid for ``CHECK_IN_MINUTES``; earlier codes of the occurrence stop working."""
    if not actor.has_perm("talent.mark_attendance", occurrence.session):
        raise PermissionDenied(_("Only the session's trainers and provider staff show check-in codes."))
    if occurrence.is_cancelled:
        raise ValidationError(_("This date was cancelled."))
    CheckInCode.objects.filter(occurrence=occurrence).delete()
    return CheckInCode.objects.create(
        occurrence=occurrence,
        code=f"{secrets.randbelow(1_000_000):06d}",
        expires_at=timezone.now() + dt.timedelta(minutes=CHECK_IN_MINUTES),
        created_by=actor,
    )


@transaction.atomic
def check_in(*, person: User, occurrence: Occurrence, code: str) -> Attendance:
    """A participant checks in with the code shown in the room; at most ``CHECK_IN_MAX_ATTEMPTS`` wrong codes
    per person and occurrence within the code's lifetime."""
    attempts_key = f"talent:check-in:{person.pk}:{occurrence.pk}"
    if cache.get(attempts_key, 0) >= CHECK_IN_MAX_ATTEMPTS:
        raise ValidationError(_("Too many wrong codes. Ask the trainer to mark your attendance."))
    enrolment = Enrolment.objects.filter(
        session_id=occurrence.session_id, person=person, status__in=Enrolment.SEAT_STATUSES
    ).first()
    if enrolment is None:
        raise ValidationError(_("You are not registered for this session."))
    code = normalize_text(code or "")
    valid = CheckInCode.objects.filter(occurrence=occurrence, expires_at__gt=timezone.now()).first()
    if valid is None or not secrets.compare_digest(valid.code, code):
        cache.add(attempts_key, 0, timeout=CHECK_IN_MINUTES * 60)
        cache.incr(attempts_key)
        raise ValidationError({"code": _("This code is wrong or has expired. Check the code shown in the room.")})
    attendance, _created = Attendance.objects.update_or_create(
        enrolment=enrolment,
        occurrence=occurrence,
        defaults={"status": Attendance.Status.PRESENT, "via_check_in": True, "marked_by": person},
    )
    if enrolment.status == Enrolment.Status.REGISTERED:
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ATTENDED)
    return attendance


# --- Completion and certificates -------------------------------------------------------------------------


def attendance_share(enrolment: Enrolment, held: list[Occurrence]) -> float:
    """Present or late over held (not cancelled) occurrences, excused dates left out of both; 0..1."""
    marks = {a.occurrence_id: a.status for a in enrolment.attendances.all()}
    counted = [o for o in held if marks.get(o.pk) != Attendance.Status.EXCUSED]
    if not counted:
        return 0.0
    attended = sum(1 for o in counted if marks.get(o.pk) in Attendance.ATTENDED)
    return attended / len(counted)


@transaction.atomic
def enrolment_set_assessment(*, actor: User, enrolment: Enrolment, passed: bool) -> Enrolment:
    if not actor.has_perm("talent.mark_attendance", enrolment.session):
        raise PermissionDenied(_("Only the session's trainers and provider staff record assessments."))
    enrolment.assessment_passed = passed
    enrolment.save(update_fields=["assessment_passed"])
    return enrolment


@transaction.atomic
def session_complete(*, actor: User, session: Session) -> dict[str, int]:
    """After the last occurrence: apply the course's completion rule to every seat holder; completers get a
    certificate. Returns ``{"completed": n, "not_completed": m}``. Running it again changes nothing."""
    if not actor.has_perm("talent.mark_attendance", session):
        raise PermissionDenied(_("Only the session's trainers and provider staff close a session."))
    session = Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)
    held = list(session.occurrences.scheduled())
    if not held or max(o.end for o in held) > timezone.now():
        raise ValidationError(_("A session can be closed only after its last date has ended."))
    course = session.course
    result = {"completed": 0, "not_completed": 0}
    enrolments = session.enrolments.filter(
        status__in=(Enrolment.Status.REGISTERED, Enrolment.Status.ATTENDED)
    ).prefetch_related("attendances")
    for enrolment in enrolments:
        share = attendance_share(enrolment, held)
        passed = share * 100 >= course.min_attendance_percent and (
            not course.requires_assessment or enrolment.assessment_passed is True
        )
        enrolment.status = Enrolment.Status.COMPLETED if passed else Enrolment.Status.NOT_COMPLETED
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["status", "completed_at"])
        if passed:
            certificate_issue(enrolment=enrolment)
            result["completed"] += 1
        else:
            result["not_completed"] += 1
    return result


def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    """Internal: called by ``session_complete``. Refuses anything but a completed enrolment."""
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError(_("Certificates are issued only for completed enrolments."))
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    hours = Course.objects.values_list("planned_hours", flat=True).get(sessions__enrolments=enrolment)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(enrolment=enrolment, hours=hours, code=new_certificate_code())
        except IntegrityError:
            continue
    raise ValidationError(_("Could not issue a unique certificate code; try again."))


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    if not actor.has_perm("talent.revoke_certificate", certificate.enrolment):
        raise PermissionDenied(_("Only the provider or the provincial office can revoke a certificate."))
    reason = normalize_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = actor
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate


# --- Calendar tokens -------------------------------------------------------------------------------------


def calendar_token_for(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    token.token = new_feed_token()
    token.save(update_fields=["token", "created_at"])
    return token


# --- Exchanges -------------------------------------------------------------------------------------------


@transaction.atomic
def exchange_propose(
    *,
    actor: User,
    person: User,
    home_organization: Organization,
    host_organization: Organization,
    start_date: dt.date,
    end_date: dt.date,
    role: str,
    kind: str = Exchange.Kind.EXCHANGE,
    goals: str = "",
    skills: list[Skill] = (),
    related_scenario_url: str = "",
) -> Exchange:
    """Proposed by an admin of the home or host organisation; the person must belong to the home one."""
    if not (actor.is_superuser or is_org_admin(actor, home_organization) or is_org_admin(actor, host_organization)):
        raise PermissionDenied(_("Only an administrator of the home or host organisation can propose an exchange."))
    errors = {}
    if home_organization.pk == host_organization.pk:
        errors["host_organization"] = _("The host organisation must differ from the home organisation.")
    if not Membership.objects.active().filter(user=person, organization=home_organization).exists():
        errors["person"] = _("The person must be a member of the home organisation.")
    if start_date is None or end_date is None:
        errors["end_date"] = _("Give the start and end dates.")
    elif end_date < start_date:
        errors["end_date"] = _("The exchange must end on or after its start date.")
    role = normalize_text(role or "")
    if not role:
        errors["role"] = _("Describe the role during the exchange.")
    if kind not in Exchange.Kind.values:
        errors["kind"] = _("Choose exchange or secondment.")
    if errors:
        raise ValidationError(errors)
    exchange = Exchange.objects.create(
        kind=kind,
        person=person,
        home_organization=home_organization,
        home_region=home_organization.region,
        host_organization=host_organization,
        host_region=host_organization.region,
        start_date=start_date,
        end_date=end_date,
        role=role,
        goals=normalize_text(goals or ""),
        related_scenario_url=related_scenario_url,
        created_by=actor,
    )
    if skills:
        exchange.skills.set(skills)
    return exchange


def _notify_exchange(exchange: Exchange, title: str) -> None:
    """Tell the person and both organisations' admins (they are parties; nobody else is told)."""
    users = {exchange.person, *_org_admins(exchange.home_organization), *_org_admins(exchange.host_organization)}
    notify(users=users, kind="talent_exchange", title=title, url=reverse("talent:exchange-detail", args=[exchange.pk]))


def _locked_exchange(exchange: Exchange) -> Exchange:
    return (
        Exchange.objects.select_for_update(of=("self",))
        .select_related("home_organization", "host_organization")
        .get(pk=exchange.pk)
    )


@transaction.atomic
def exchange_approve(*, actor: User, exchange: Exchange) -> Exchange:
    """An admin approves for their side (home or host, or both if they administer both); once both sides have
    approved the exchange is ``approved``."""
    exchange = _locked_exchange(exchange)
    if exchange.status != Exchange.Status.PROPOSED:
        raise ValidationError(_("Only a proposed exchange can be approved."))
    now = timezone.now()
    acted = False
    if is_org_admin(actor, exchange.home_organization) and exchange.home_approved_at is None:
        exchange.home_approved_by, exchange.home_approved_at, acted = actor, now, True
    if is_org_admin(actor, exchange.host_organization) and exchange.host_approved_at is None:
        exchange.host_approved_by, exchange.host_approved_at, acted = actor, now, True
    if not acted:
        if is_exchange_admin(actor, exchange):
            raise ValidationError(_("Your organisation has already approved this exchange."))
        raise PermissionDenied(_("Only administrators of the home and host organisations approve an exchange."))
    if exchange.home_approved_at and exchange.host_approved_at:
        exchange.status = Exchange.Status.APPROVED
        with site_language():
            _notify_exchange(
                exchange, _("The exchange “%(role)s” is approved by both sides.") % {"role": exchange.role}
            )
    exchange.save()
    return exchange


def is_exchange_admin(actor: User, exchange: Exchange) -> bool:
    return is_org_admin(actor, exchange.home_organization) or is_org_admin(actor, exchange.host_organization)


@transaction.atomic
def exchange_start(*, actor: User, exchange: Exchange) -> Exchange:
    exchange = _locked_exchange(exchange)
    if not (actor.is_superuser or is_exchange_admin(actor, exchange)):
        raise PermissionDenied(_("Only administrators of the home and host organisations run an exchange."))
    if exchange.status != Exchange.Status.APPROVED:
        raise ValidationError(_("Only an approved exchange can start."))
    exchange.status = Exchange.Status.IN_PROGRESS
    exchange.save(update_fields=["status", "updated_at"])
    return exchange


@transaction.atomic
def exchange_complete(*, actor: User, exchange: Exchange, report: str) -> Exchange:
    """Close with a report; issues the exchange certificate code."""
    exchange = _locked_exchange(exchange)
    if not (actor.is_superuser or is_exchange_admin(actor, exchange)):
        raise PermissionDenied(_("Only administrators of the home and host organisations run an exchange."))
    if exchange.status != Exchange.Status.IN_PROGRESS:
        raise ValidationError(_("Only an exchange in progress can be completed."))
    report = normalize_text(report or "")
    if not report:
        raise ValidationError({"report": _("Write a closing report.")})
    exchange.status = Exchange.Status.COMPLETED
    exchange.report = report
    exchange.certificate_code = new_certificate_code()
    exchange.save(update_fields=["status", "report", "certificate_code", "updated_at"])
    return exchange


@transaction.atomic
def exchange_cancel(*, actor: User, exchange: Exchange, reason: str = "") -> Exchange:
    exchange = _locked_exchange(exchange)
    if not (actor.is_superuser or is_exchange_admin(actor, exchange)):
        raise PermissionDenied(_("Only administrators of the home and host organisations run an exchange."))
    if exchange.status in (Exchange.Status.COMPLETED, Exchange.Status.CANCELLED):
        raise ValidationError(_("A completed or cancelled exchange cannot be cancelled."))
    exchange.status = Exchange.Status.CANCELLED
    exchange.cancel_reason = normalize_text(reason or "")[:500]
    exchange.save(update_fields=["status", "cancel_reason", "updated_at"])
    return exchange
