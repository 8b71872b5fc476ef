"""Plain, immutable input types of the matching engine.

All money amounts are integer CNY; ``None`` (or 0) means "not stated" and disables the budget
check for that side. County codes are 6-digit strings (GB/T 2260). Domain codes are the ten codes
in :data:`vocabulary.DOMAIN_CODES`; the concepts are :class:`vocabulary.Concept`. Tuples are used
instead of lists so that every document is hashable and cannot be mutated after the index has
vectorised it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Reason = dict[str, Any]
"""One reason for a match, as data: ``{"code": ..., **parameters}``, JSON-ready, in no language. The site renders
it in the reader's language (``matching.reasons``). Codes and parameters:

* ``concepts``: ``items`` = ``[{"concept", "zh", "en", "left", "right"}]`` — shared capabilities, best first, with
  their names in both languages and the words each side used (``left`` the scenario's, ``right`` the solution's;
  ``None`` for a capability only declared);
* ``wording``: ``words`` = ``[[scenario word, solution word], ...]`` — no capability in common, the score rests on
  wording (same words, or dictionary glosses across languages); the list may be empty;
* ``domains``: ``domains`` = domain codes both declare;
* ``deployed_here``; ``deployed_similar``: ``count`` similar counties;
* ``budget_within``; ``budget_partly_above``; ``budget_above``: ``ratio`` of starting price to budget.
"""

MATURITY_LEVELS: tuple[str, ...] = ("concept", "prototype", "pilot", "deployed", "scaled")


@dataclass(frozen=True, slots=True)
class Document:
    """What scenarios and solutions both carry: an id, the text the engine reads, the domains and the concepts
    (see :class:`ScenarioDoc`)."""

    id: str
    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    language: str = "zh"
    domains: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScenarioDoc(Document):
    """An open application scenario published by a county.

    ``capabilities`` are concept codes chosen by the author; when empty the engine maps title, tags
    and description onto the vocabulary. When not empty, they are combined with the mapped ones.
    """

    budget_min: int | None = None
    budget_max: int | None = None
    county_code: str | None = None


@dataclass(frozen=True, slots=True)
class SolutionDoc(Document):
    """A technology solution offered by a firm. ``deployed_in`` lists county codes of past deployments."""

    price_min: int | None = None
    price_max: int | None = None
    maturity: str | None = None
    deployed_in: tuple[str, ...] = ()
    firm: str = ""


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """A county-level unit with its parent prefecture-level city and zone (苏南/苏中/苏北).

    ``population`` (persons) is optional and currently only reported, not scored.
    """

    code: str
    city_code: str | None = None
    zone: str | None = None
    name_zh: str = ""
    name_en: str = ""
    population: int | None = None


@dataclass(frozen=True, slots=True)
class RankedItem:
    """One entry of a ranking: the other document's id, its score in [0, 1] and its reasons (see :data:`Reason`)."""

    id: str
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
