"""Attendance marking and check-in codes."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
