"""Completion, assessment and certificates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.text import clean_typed_text
from directory.models import User
from talent.models import (
    Attendance,
    Certificate,
    Enrolment,
    Occurrence,
    Session,
    new_certificate_code,
)


def attendance_share(enrolment: Enrolment, held: list[Occurrence]) -> float:
    """Present or late over held (not cancelled) occurrences, excused dates left out of both; 0..1."""
    marks = {a.occurrence_id: a.status for a in enrolment.attendances.all()}
    counted = [o for o in held if marks.get(o.pk) != Attendance.Status.EXCUSED]
    if not counted:
        return 0.0
    attended = sum(1 for o in counted if marks.get(o.pk) in Attendance.ATTENDED)
    return attended / len(counted)


def attended_hours(enrolment: Enrolment, held: list[Occurrence]) -> Decimal:
    """Recorded attendance in hours: the length of each held (not cancelled) occurrence the person attended
    (present or late), summed, to the hundredth of an hour. Planned hours play no part."""
    marks = {a.occurrence_id: a.status for a in enrolment.attendances.all()}
    seconds = sum((o.end - o.start).total_seconds() for o in held if marks.get(o.pk) in Attendance.ATTENDED)
    return (Decimal(int(seconds)) / Decimal(3600)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


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
        raise StateConflict(_("A session can be closed only after its last date has ended."))
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
            certificate_issue(enrolment=enrolment, hours=attended_hours(enrolment, held))
            result["completed"] += 1
        else:
            result["not_completed"] += 1
    return result


def certificate_issue(*, enrolment: Enrolment, hours: Decimal | None = None) -> Certificate:
    """Internal: called by ``session_complete``. The certificate carries the attended hours
    (:func:`attended_hours`, computed here when not given). Refuses anything but a completed enrolment."""
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise StateConflict(_("Certificates are issued only for completed enrolments."))
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    if hours is None:
        held = list(Occurrence.objects.filter(session_id=enrolment.session_id).scheduled())
        hours = attended_hours(enrolment, held)
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
    reason = clean_typed_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise StateConflict(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = actor
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate
