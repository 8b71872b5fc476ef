"""Talent's notification messages (codes with parameters, worded in the reader's language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications import in_reader_language, message

SESSION_CANCELLED = message("talent.session_cancelled", title=_("Cancelled: %(course)s on %(when)s"))
SESSION_CHANGED = message(
    "talent.session_changed",
    title=_("Changed: %(course)s"),
    body=_("Now starting %(when)s, %(where)s. Your calendar updates by itself."),
)
ENROLMENT_APPROVAL = message("talent.enrolment_approval", title=_("%(person)s asks to attend “%(course)s”"))
SEAT_PROMOTED = message(
    "talent.seat_promoted",
    title=_("A seat is yours: %(course)s"),
    body=_(
        "A seat became free and you moved up from the waitlist. You are now registered for “%(course)s”, "
        "starting %(when)s."
    ),
)
EXCHANGE_APPROVED = message("talent.exchange_approved", title=_("The exchange “%(role)s” is approved by both sides."))

EXCHANGE_CANCELLED = message(
    "talent.exchange_cancelled",
    title=_("The exchange “%(role)s” at %(host)s was cancelled"),
    prepare=in_reader_language("host"),
)
EXCHANGE_COMPLETED = message(
    "talent.exchange_completed",
    title=_("The exchange “%(role)s” at %(host)s is completed"),
    body=_("%(hours)d hours are credited to the training record. The certificate of the exchange is ready."),
    prepare=in_reader_language("host"),
)
