"""Proposals' periodic work (scheduled by celery beat, see CELERY_BEAT_SCHEDULE). Each job is idempotent."""

from __future__ import annotations

from core.background import background_task
from proposals import services


@background_task("proposals.send_reminders")
def send_reminders() -> dict[str, int]:
    return {
        "deadlines": services.remind_deadlines(),
        "milestones": services.remind_milestones(),
        "answers": services.announce_answers(),
    }


@background_task("proposals.finalise_awards")
def finalise_awards() -> int:
    return services.awards_finalise_due()
