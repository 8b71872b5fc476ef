"""Attendance marking and check-in codes."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.text import normalize_text
from directory.models import User
from talent.models import (
    Attendance,
    CheckInCode,
    Enrolment,
    Occurrence,
)

CHECK_IN_MINUTES = 15
CHECK_IN_MAX_ATTEMPTS = 5


def _require_started(occurrence: Occurrence) -> None:
    """Attendance and check-in codes exist only for a date that has begun."""
    if occurrence.start > timezone.now():
        raise StateConflict(
            _("This date has not started yet (it starts at %(start)s); attendance is taken once it has begun.")
            % {"start": timezone.localtime(occurrence.start).strftime("%Y-%m-%d %H:%M")}
        )


@transaction.atomic
def attendance_mark(*, actor: User, occurrence: Occurrence, enrolment: Enrolment, status: str) -> Attendance:
    if not actor.has_perm("talent.mark_attendance", occurrence.session):
        raise PermissionDenied(_("Only the session's trainers and provider staff mark attendance."))
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose present, late, excused or absent.")})
    if enrolment.session_id != occurrence.session_id or not enrolment.holds_seat:
        raise ValidationError(_("This person is not registered for this session."))
    if occurrence.is_cancelled:
        raise StateConflict(_("This date was cancelled; there is no attendance to take."))
    _require_started(occurrence)
    attendance, _created = Attendance.objects.update_or_create(
        enrolment=enrolment, occurrence=occurrence, defaults={"status": status, "marked_by": actor}
    )
    if status in Attendance.ATTENDED and enrolment.status == Enrolment.Status.REGISTERED:
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ATTENDED)
        enrolment.status = Enrolment.Status.ATTENDED
    return attendance


@transaction.atomic
def attendance_mark_bulk(*, actor: User, occurrence: Occurrence, present: set[int]) -> dict[str, int]:
    """The roster of one date in one go: every seat holder whose enrolment id is in ``present`` is present
    (a "late" mark stays late), everyone else absent (an "excused" mark stays excused). All or nothing.
    Returns ``{"present": n, "absent": m}``."""
    if not actor.has_perm("talent.mark_attendance", occurrence.session):
        raise PermissionDenied(_("Only the session's trainers and provider staff mark attendance."))
    if occurrence.is_cancelled:
        raise StateConflict(_("This date was cancelled; there is no attendance to take."))
    _require_started(occurrence)
    seat_holders = list(
        Enrolment.objects.select_for_update()
        .filter(session_id=occurrence.session_id, status__in=Enrolment.SEAT_STATUSES)
        .order_by("pk")
    )
    unknown = set(present) - {e.pk for e in seat_holders}
    if unknown:
        raise ValidationError(_("Someone ticked is not registered for this session."))
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(occurrence=occurrence)}
    counts = {"present": 0, "absent": 0}
    for enrolment in seat_holders:
        before = existing.get(enrolment.pk)
        if enrolment.pk in present:
            status = (
                Attendance.Status.LATE
                if before and before.status == Attendance.Status.LATE
                else Attendance.Status.PRESENT
            )
            counts["present"] += 1
        else:
            status = (
                Attendance.Status.EXCUSED
                if before and before.status == Attendance.Status.EXCUSED
                else Attendance.Status.ABSENT
            )
            counts["absent"] += 1
        Attendance.objects.update_or_create(
            enrolment=enrolment, occurrence=occurrence, defaults={"status": status, "marked_by": actor}
        )
        if status in Attendance.ATTENDED and enrolment.status == Enrolment.Status.REGISTERED:
            Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ATTENDED)
    return counts


@transaction.atomic
def check_in_code_issue(*, actor: User, occurrence: Occurrence) -> CheckInCode:
    """A 6-digit code valid for ``CHECK_IN_MINUTES``; earlier codes of the occurrence stop working."""
    if not actor.has_perm("talent.mark_attendance", occurrence.session):
        raise PermissionDenied(_("Only the session's trainers and provider staff show check-in codes."))
    if occurrence.is_cancelled:
        raise StateConflict(_("This date was cancelled."))
    _require_started(occurrence)
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
