"""The core app's tasks: e-mail delivery (defined in core.outbox), file jobs (core.jobs), digests and clean-up
(scheduled by beat)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.background import background_task
from core.jobs import run_file_job
from core.models import FileJob, IdempotencyKey, OutgoingEmail
from core.notifications import send_digests
from core.outbox import deliver_email, deliver_outbox

__all__ = ["deliver_email", "deliver_outbox", "forget_old_records", "run_file_job", "send_daily_digests"]


@background_task("core.send_daily_digests")
def send_daily_digests() -> int:
    """One e-mail per user of yesterday's and earlier un-mailed notifications (idempotent per day)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return send_digests(until=midnight)


@background_task("core.forget_old_records")
def forget_old_records(days: int = 30) -> int:
    """Delete sent e-mails, idempotency keys and file jobs (with their files) older than ``days`` (task failures
    stay until staff delete them)."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    sent, _ = OutgoingEmail.objects.filter(sent_at__lt=cutoff).delete()
    keys, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    old_jobs = list(FileJob.objects.filter(created_at__lt=cutoff))
    for job in old_jobs:
        for stored in (job.source, job.result):
            if stored:
                stored.delete(save=False)
        job.delete()
    return sent + keys + len(old_jobs)
