"""Seams the layers above matching plug into, so matching never imports them.

``proposals`` sits above ``matching``: it owns engagements and decides what a reference case may show (nothing
sealed, no proposal prices). Matching's drafting help lists reference cases similar to a draft scenario by
asking the providers registered here; ``proposals.apps.ProposalsConfig.ready()`` registers its selector.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ReferenceCaseProvider = Callable[[Any], list]

reference_case_providers: list[ReferenceCaseProvider] = []


def reference_cases_similar_to(scenario) -> list:
    """Reference cases that solved a need similar to ``scenario``, from every registered provider."""
    cases: list = []
    for provider in list(reference_case_providers):
        cases.extend(provider(scenario))
    return cases


# How far each county lags, from the layer that measures it (insights registers the gap monitor's reading):
# ``{county code: lag}``, higher = further behind. The replication push ranks counties of the same priority
# class by it (most lagging first) before the similarity score. No provider, or a county missing: 0.
CountyLagProvider = Callable[[], dict[str, float]]

county_lag_providers: list[CountyLagProvider] = []


def county_lag() -> dict[str, float]:
    """The lag per county code from the first registered provider that answers; empty without one."""
    for provider in list(county_lag_providers):
        lag = provider()
        if lag:
            return lag
    return {}


# What people did with pairs that only the layers above know, as signals for learning the weights from use
# (``matching.learning``): each provider returns ``(scenario id, solution id, side, kind, weight)`` tuples, side
# "scenario" (the county acted) or "solution" (the firm acted). proposals registers bids on calls whose deadline
# has passed and final awards; nothing sealed is ever given (see ``proposals.selectors.use_signals``).
UseSignalProvider = Callable[[], list[tuple[int, int, str, str, float]]]

use_signal_providers: list[UseSignalProvider] = []


def use_signals() -> list[tuple[int, int, str, str, float]]:
    """Every registered provider's signals."""
    out: list[tuple[int, int, str, str, float]] = []
    for provider in list(use_signal_providers):
        out.extend(provider())
    return out
