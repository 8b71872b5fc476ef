"""Catalog's periodic work (scheduled by celery beat, see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from catalog.services import scenarios_close_expired
from core.background import background_task


@background_task("catalog.close_expired_scenarios")
def close_expired_scenarios() -> int:
    return scenarios_close_expired()
