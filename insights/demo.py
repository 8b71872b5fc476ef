"""Demo data for insights: the snapshots of the demo history (seed_demo runs this after every other app)."""

from __future__ import annotations

from insights.services import refresh_insights


def seed(stdout=None) -> None:
    result = refresh_insights()
    if stdout is not None:
        stdout.write(f"insights: {result.months} months of snapshots from {result.first_month or '-'}")
