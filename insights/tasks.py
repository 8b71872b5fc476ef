"""Insights' periodic work (celery beat, see CELERY_BEAT_SCHEDULE). Idempotent: it rewrites the same rows."""

from __future__ import annotations

from core.background import background_task
from insights import services


@background_task("insights.refresh")
def refresh() -> dict[str, int]:
    result = services.refresh_insights()
    return {"months": result.months, "snapshots": result.snapshots, "gaps": result.gaps}
