"""Writes in talent. Views, the API, admin, commands and demo data call these; they never save models directly.

Each function checks who may act, validates, and either does everything or nothing (``transaction.atomic``).
Errors are ``ValidationError`` (clear, translatable messages) or ``PermissionDenied``.
"""

from talent.services.attendance import (
    CHECK_IN_MAX_ATTEMPTS,
    CHECK_IN_MINUTES,
    attendance_mark,
    attendance_mark_bulk,
    check_in,
    check_in_code_issue,
)
from talent.services.calendar_tokens import calendar_token_for, calendar_token_regenerate
from talent.services.certificates import (
    attendance_share,
    certificate_issue,
    certificate_revoke,
    enrolment_set_assessment,
    session_complete,
)
from talent.services.courses import (
    COURSE_EDITABLE_FIELDS,
    course_create,
    course_publish,
    course_unpublish,
    course_update,
    venue_create,
)
from talent.services.enrolment import enrolment_approve, enrolment_cancel, enrolment_create
from talent.services.exchanges import (
    CANCEL_REASON_MAX_LENGTH,
    exchange_approve,
    exchange_cancel,
    exchange_complete,
    exchange_propose,
    exchange_start,
)
from talent.services.sessions import (
    Conflict,
    occurrence_cancel,
    occurrence_move,
    session_cancel,
    session_conflicts,
    session_create,
    session_publish,
    session_update,
)

__all__ = [
    "CANCEL_REASON_MAX_LENGTH",
    "CHECK_IN_MAX_ATTEMPTS",
    "CHECK_IN_MINUTES",
    "COURSE_EDITABLE_FIELDS",
    "Conflict",
    "attendance_mark",
    "attendance_mark_bulk",
    "attendance_share",
    "calendar_token_for",
    "calendar_token_regenerate",
    "certificate_issue",
    "certificate_revoke",
    "check_in",
    "check_in_code_issue",
    "course_create",
    "course_publish",
    "course_unpublish",
    "course_update",
    "enrolment_approve",
    "enrolment_cancel",
    "enrolment_create",
    "enrolment_set_assessment",
    "exchange_approve",
    "exchange_cancel",
    "exchange_complete",
    "exchange_propose",
    "exchange_start",
    "occurrence_cancel",
    "occurrence_move",
    "session_cancel",
    "session_complete",
    "session_conflicts",
    "session_create",
    "session_publish",
    "session_update",
    "venue_create",
]
