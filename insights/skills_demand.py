"""Skills in demand: which skills of the talent taxonomy the open and piloting scenarios of each zone call on,
and how many upcoming training sessions teach each of them there, so trainers see what to teach where.

Capabilities (catalog) are tied to skills (talent) by the documented data file ``insights/data/
capability_skills.json`` (its ``about`` block says where it comes from and what it assumes): a capability listed
under ``by_capability`` maps to those skills; any other tag falls back to the default of the scenario's domain
(``by_domain``), and so does a scenario without capabilities. This module sits in insights because it reads
both catalog and talent, which never import each other.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils import timezone

from catalog.models import Scenario
from directory.models import Region
from talent.models import Session, Skill

MAPPING_FILE = Path(__file__).resolve().parent / "data" / "capability_skills.json"
DEMAND_STATES = (Scenario.Status.OPEN, Scenario.Status.PILOTING)
ZONES = (Region.Zone.SOUTH, Region.Zone.CENTRE, Region.Zone.NORTH)
EXAMPLES = 3


@dataclass(frozen=True)
class CapabilitySkillMap:
    by_domain: dict[str, tuple[str, ...]]
    by_capability: dict[str, tuple[str, ...]]

    def skills_for(self, *, capability_codes: list[str], domain_code: str) -> set[str]:
        """Skill codes one scenario calls on: its technology capabilities' skills, else its domain's default."""
        found: set[str] = set()
        untyped = not capability_codes
        for code in capability_codes:
            mapped = self.by_capability.get(code)
            if mapped:
                found.update(mapped)
            else:
                untyped = True
        if untyped:
            found.update(self.by_domain.get(domain_code, ()))
        return found


@lru_cache(maxsize=1)
def capability_skill_map() -> CapabilitySkillMap:
    data = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    return CapabilitySkillMap(
        by_domain={key: tuple(value) for key, value in data["by_domain"].items()},
        by_capability={key: tuple(value) for key, value in data["by_capability"].items()},
    )


@dataclass
class SkillDemand:
    """One skill in one zone: the scenarios that call on it (count and a few examples, newest first) and the
    upcoming published sessions teaching it in that zone (in person or blended at a venue there) and online."""

    zone: str
    skill: Skill
    scenarios: int = 0
    examples: list[Scenario] = field(default_factory=list)
    sessions_in_zone: int = 0
    sessions_online: int = 0

    @property
    def uncovered(self) -> bool:
        """Needed here and no session in the zone teaches it."""
        return self.scenarios > 0 and self.sessions_in_zone == 0


def _demand_scenarios():
    return (
        Scenario.objects.public()
        .with_state()
        .filter(state__in=DEMAND_STATES)
        .select_related("domain", "county")
        .prefetch_related("capabilities")
        .order_by("-published_at", "pk")
    )


def _upcoming_sessions_by_skill() -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """(skill code, zone) → sessions at a venue in the zone; skill code → sessions without a venue (online).
    Upcoming: published sessions of published courses starting from now on. One query."""
    rows = (
        Session.objects.published()
        .filter(start__gte=timezone.now(), course__course_skills__isnull=False)
        .values_list("pk", "venue__region__zone", "course__course_skills__skill__code")
    )
    in_zone: dict[tuple[str, str], set[int]] = defaultdict(set)
    online: dict[str, set[int]] = defaultdict(set)
    for session_id, zone, code in rows:
        if zone:
            in_zone[(code, zone)].add(session_id)
        else:
            online[code].add(session_id)
    return {key: len(ids) for key, ids in in_zone.items()}, {key: len(ids) for key, ids in online.items()}


def skills_in_demand(*, zone: str | None = None) -> dict[str, list[SkillDemand]]:
    """Per zone (south, centre, north — or only ``zone``), the skills called on by at least one open or piloting
    public scenario, most-needed first (then by skill code). A scenario counts once per skill. Public data only:
    scenarios anyone may read and published sessions. A fixed number of queries whatever the data size."""
    mapping = capability_skill_map()
    zones = [z for z in ZONES if zone in (None, "", z)]
    skills = {skill.code: skill for skill in Skill.objects.all()}
    table: dict[str, dict[str, SkillDemand]] = {z: {} for z in zones}
    for scenario in _demand_scenarios().filter(county__zone__in=zones):
        codes = mapping.skills_for(
            capability_codes=[capability.code for capability in scenario.capabilities.all()],
            domain_code=scenario.domain.code,
        )
        for code in codes:
            skill = skills.get(code)
            if skill is None:  # a code the taxonomy does not have (the mapping test catches this)
                continue
            row = table[scenario.county.zone].setdefault(code, SkillDemand(zone=scenario.county.zone, skill=skill))
            row.scenarios += 1
            if len(row.examples) < EXAMPLES:
                row.examples.append(scenario)
    in_zone, online = _upcoming_sessions_by_skill()
    result: dict[str, list[SkillDemand]] = {}
    for z in zones:
        rows = list(table[z].values())
        for row in rows:
            row.sessions_in_zone = in_zone.get((row.skill.code, z), 0)
            row.sessions_online = online.get(row.skill.code, 0)
        result[z] = sorted(rows, key=lambda r: (-r.scenarios, r.skill.code))
    return result
