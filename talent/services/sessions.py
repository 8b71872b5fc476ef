"""Sessions, their occurrences and room or trainer conflicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import pagecache
from core.exceptions import StateConflict
from core.notifications import notify, term
from core.text import clean_typed_text
from directory.models import Region, User
from directory.selectors import active_member_ids
from talent import notifications as messages
from talent import recurrence
from talent.models import (
    Course,
    Enrolment,
    Occurrence,
    Session,
    Venue,
)
from talent.services.common import _fmt, _require_provider
from talent.services.enrolment import _promote_waitlisted


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


def _validate_quota(*, zone: str, seats: int | None, until: dt.datetime | None, capacity: int, start) -> None:
    """A seat quota is all three (zone, seats, date) or nothing; seats within capacity; the date before start."""
    if not zone and seats is None and until is None:
        return
    errors: dict[str, str] = {}
    if zone not in Region.Zone.values:
        errors["quota_zone"] = _("Choose the zone whose learners the seats are held for.")
    if seats is None or seats < 1:
        errors["quota_seats"] = _("Hold at least one seat, or leave the quota empty.")
    elif seats > capacity:
        errors["quota_seats"] = _("At most %(capacity)d seats can be held: the session's capacity.") % {
            "capacity": capacity
        }
    if until is None:
        errors["quota_until"] = _("Say until when the seats are held.")
    elif timezone.is_naive(until):
        errors["quota_until"] = _("Give the date with a time zone.")
    elif start is not None and until > start:
        errors["quota_until"] = _("Seats can be held at most until the session starts.")
    if errors:
        raise ValidationError(errors)


def _validate_trainers(*, course: Course, trainers) -> None:
    """Trainers are active members of the provider (what the session form offers): a trainer reads the roster and
    the session's enrolments and is named publicly on its page and calendar."""
    wanted = {trainer.pk for trainer in trainers}
    if not wanted:
        return
    members = set(
        User.objects.filter(pk__in=wanted)
        .filter(pk__in=active_member_ids(organization_ids=[course.provider_id]))
        .values_list("pk", flat=True)
    )
    if wanted - members:
        raise ValidationError({"trainers": _("Choose the trainers among the provider's members.")})


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
    quota_zone: str = "",
    quota_seats: int | None = None,
    quota_until: dt.datetime | None = None,
    publish: bool = False,
) -> Session:
    """A draft session with its occurrences; ``publish=True`` also runs the blocking conflict check. An optional
    seat quota holds ``quota_seats`` seats for learners from ``quota_zone`` until ``quota_until``."""
    _require_provider(actor, course.provider)
    fields: dict[str, Any] = {
        "course": course,
        "start": start,
        "end": end,
        "venue": venue,
        "online_url": online_url,
        "capacity": capacity,
        "registration_closes": registration_closes,
    }
    _validate_session_fields(**fields, now=timezone.now())
    _validate_quota(zone=quota_zone, seats=quota_seats, until=quota_until, capacity=capacity, start=start)
    _validate_trainers(course=course, trainers=trainers)
    session = Session.objects.create(
        **fields,
        quota_zone=quota_zone,
        quota_seats=quota_seats,
        quota_until=quota_until,
        registration_opens=registration_opens,
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
        raise StateConflict(_("A cancelled session cannot be published."))
    conflicts = session_conflicts(session=session)
    if conflicts:
        raise StateConflict([c.message for c in conflicts], code="conflict")
    session.status = Session.Status.PUBLISHED
    session.save(update_fields=["status", "updated_at"])
    pagecache.invalidate()
    return session


def _tell_enrolled(session: Session, *, kind: str, message, **params) -> int:
    """Notify everyone enrolled in ``session`` (waitlisted and pending included) of a change to it or one of its
    dates, with the course and a link to the session; returns how many were told."""
    people = [e.person for e in session.enrolments.active().select_related("person")]
    notify(
        users=people,
        kind=kind,
        message=message,
        params={"course": session.course.title, "session": session.pk, **params},
        url=reverse("talent:session-detail", args=[session.pk]),
    )
    return len(people)


def _where(session: Session) -> str | dict[str, str]:
    """The venue's name, or the word "online" translated in each reader's language (a notification parameter)."""
    return session.venue.name if session.venue else term(gettext_noop("online"))


def _bump_sequence(occurrence: Occurrence) -> None:
    occurrence.sequence = F("sequence") + 1


@transaction.atomic
def occurrence_cancel(*, actor: User, occurrence: Occurrence, note: str = "") -> Occurrence:
    """Cancel one date of a series; the others stay as they are. Raises the calendar SEQUENCE; the people enrolled
    in a published session are told, as when the whole session is cancelled."""
    session = occurrence.session
    _require_provider(actor, session.course.provider)
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    if occurrence.is_cancelled:
        raise StateConflict(_("This date is already cancelled."))
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.note = clean_typed_text(note)[:250]
    _bump_sequence(occurrence)
    occurrence.save(update_fields=["status", "note", "sequence"])
    occurrence.refresh_from_db()
    if session.status == Session.Status.PUBLISHED:
        _tell_enrolled(
            session, kind="talent_session_cancelled", message=messages.SESSION_CANCELLED, when=occurrence.start
        )
    pagecache.invalidate()
    return occurrence


@transaction.atomic
def occurrence_move(*, actor: User, occurrence: Occurrence, start: dt.datetime, end: dt.datetime) -> Occurrence:
    """Move one date of a series (keeps its UID); the new slot must be free for the room and trainers. The people
    enrolled in a published session are told, as when the whole session moves."""
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
        raise StateConflict(_("A cancelled date cannot be moved."))
    occurrence.start, occurrence.end = start, end
    _bump_sequence(occurrence)
    occurrence.save(update_fields=["start", "end", "sequence"])
    occurrence.refresh_from_db()
    if session.status == Session.Status.PUBLISHED:
        clashes = [c for c in session_conflicts(session=session) if c.kind != "capacity"]
        if clashes:
            raise StateConflict([c.message for c in clashes], code="conflict")
        _tell_enrolled(
            session,
            kind="talent_session_changed",
            message=messages.SESSION_CHANGED,
            when=occurrence.start,
            where=_where(session),
        )
    pagecache.invalidate()
    return occurrence


@transaction.atomic
def session_cancel(*, actor: User, session: Session) -> Session:
    _require_provider(actor, session.course.provider)
    session = Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise StateConflict(_("This session is already cancelled."))
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    session.occurrences.scheduled().update(status=Occurrence.Status.CANCELLED, sequence=F("sequence") + 1)
    _tell_enrolled(session, kind="talent_session_cancelled", message=messages.SESSION_CANCELLED, when=session.start)
    pagecache.invalidate()
    return session


_UNCHANGED = object()


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: Session,
    capacity: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    venue: Venue | object | None = _UNCHANGED,
    online_url: str | None = None,
    registration_closes: dt.datetime | None = None,
) -> dict[str, int]:
    """Edit a session that is not cancelled. Guarantees:

    - capacity below the seats already held is refused with both numbers; a larger capacity registers
      waitlisted people in waitlist order (each is told);
    - a new start/end moves every date of the series not yet begun by the same shift (the series must not have
      begun); a new time, room or link raises each date's iCalendar SEQUENCE, re-runs the room and trainer
      conflict check of a published session (refused on a clash) and tells every enrolled person.

    Returns ``{"promoted": n, "notified": m}``."""
    _require_provider(actor, session.course.provider)
    session = Session.objects.select_for_update(of=("self",)).select_related("course", "venue").get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise StateConflict(_("A cancelled session cannot be edited."))
    now = timezone.now()
    new_start = start or session.start
    new_end = end or session.end
    times_changed = new_start != session.start or new_end != session.end
    new_venue: Venue | None = session.venue if venue is _UNCHANGED else cast(Venue | None, venue)
    new_url = session.online_url if online_url is None else online_url.strip()
    place_changed = new_venue != session.venue or new_url != session.online_url
    new_capacity = session.capacity if capacity is None else capacity
    _validate_session_fields(
        course=session.course,
        start=new_start,
        end=new_end,
        venue=new_venue,
        online_url=new_url,
        capacity=new_capacity,
        registration_closes=registration_closes or session.registration_closes,
        # Only a new time must lie in the future; a running session may still change capacity or room.
        now=now if times_changed else new_start - dt.timedelta(seconds=1),
    )
    held = Enrolment.objects.filter(session=session, status__in=Enrolment.SEAT_STATUSES).count()
    if new_capacity < held:
        raise ValidationError(
            {
                "capacity": _(
                    "%(held)d people already hold a seat, so the capacity cannot go down to %(asked)d. "
                    "Cancel enrolments first, or keep at least %(held)d seats."
                )
                % {"held": held, "asked": new_capacity}
            }
        )
    if session.quota_seats is not None and new_capacity < session.quota_seats:
        raise ValidationError(
            {
                "capacity": _("%(held)d seats are held for a zone, so the capacity cannot go below that.")
                % {"held": session.quota_seats}
            }
        )
    if times_changed and session.occurrences.filter(start__lte=now).exists():
        raise ValidationError({"start": _("The series has begun: move single dates instead of the whole session.")})
    shift = new_start - session.start
    duration = new_end - new_start
    session.start, session.end = new_start, new_end
    session.venue, session.online_url, session.capacity = new_venue, new_url, new_capacity
    session.registration_closes = registration_closes or session.registration_closes
    session.save()
    if times_changed or place_changed:
        for occurrence in session.occurrences.scheduled().filter(start__gt=now).select_for_update():
            if times_changed:
                occurrence.start = occurrence.start + shift
                occurrence.end = occurrence.start + duration
            _bump_sequence(occurrence)
            occurrence.save(update_fields=["start", "end", "sequence"])
        if session.status == Session.Status.PUBLISHED:
            clashes = [c for c in session_conflicts(session=session) if c.kind != "capacity"]
            if clashes:
                raise StateConflict([c.message for c in clashes], code="conflict")
    promoted = 0
    while _promote_waitlisted(session) is not None:
        promoted += 1
    notified = 0
    if (times_changed or place_changed) and session.status == Session.Status.PUBLISHED:
        notified = _tell_enrolled(
            session,
            kind="talent_session_changed",
            message=messages.SESSION_CHANGED,
            when=session.start,
            where=_where(session),
        )
    return {"promoted": promoted, "notified": notified}
