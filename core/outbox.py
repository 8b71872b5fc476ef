"""The e-mail outbox: :func:`queue` writes an :class:`~core.models.OutgoingEmail` in the caller's transaction and
asks a task to deliver it after commit; :func:`deliver_due` (every minute, celery beat) sends whatever is still
waiting, so an e-mail survives a mail-server or broker outage.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from core.background import background_task, enqueue
from core.models import OutgoingEmail

logger = logging.getLogger(__name__)

CLAIM = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 12  # about a day and a half of retries with the delays below
BATCH = 200


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes, at most 4 hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 240))


def queue_many(emails: list[tuple[str, str, str]]) -> list[OutgoingEmail]:
    """Store ``(to, subject, body)`` e-mails in one query; each is delivered by a task once the current
    transaction commits (never if it rolls back)."""
    if not emails:
        return []
    created = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=to, subject=subject[:300], body=body) for to, subject, body in emails
    )
    for email in created:
        enqueue(deliver_email, email.pk)
    return created


def queue(*, to: str, subject: str, body: str) -> OutgoingEmail:
    return queue_many([(to, subject, body)])[0]


def _claim(pk: int, now: dt.datetime) -> bool:
    return bool(
        OutgoingEmail.objects.filter(pk=pk, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM)
    )


def deliver(pk: int) -> bool:
    """Send one e-mail if it is still unsent and nobody else is sending it. True when it went out now."""
    now = timezone.now()
    if not _claim(pk, now):
        return False
    email = OutgoingEmail.objects.get(pk=pk)
    try:
        send_mail(subject=email.subject, message=email.body, from_email=None, recipient_list=[email.to])
    except Exception as exc:  # the mail server is down or refused: try again later
        attempts = email.attempts + 1
        OutgoingEmail.objects.filter(pk=pk).update(
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=timezone.now() + retry_delay(attempts),
            claimed_until=None,
        )
        logger.warning("e-mail %s not delivered (attempt %d): %s", pk, attempts, exc)
        return False
    OutgoingEmail.objects.filter(pk=pk).update(
        sent_at=timezone.now(), attempts=email.attempts + 1, last_error="", claimed_until=None
    )
    return True


def deliver_due(*, limit: int = BATCH) -> int:
    """Send the unsent e-mails whose next attempt is due; the number sent."""
    now = timezone.now()
    due = list(
        OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(pk) for pk in due)


@background_task("core.deliver_email")
def deliver_email(pk: int) -> bool:
    return deliver(pk)


@background_task("core.deliver_outbox")
def deliver_outbox() -> int:
    return deliver_due()
