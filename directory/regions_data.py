"""Loading the Jiangsu divisions shipped in ``directory/data/``.

Sources (see README "Data"): codes and names from modood/Administrative-divisions-of-China (NBS 2023
statistical division codes, WTFPL), pinyin cross-checked with xiangyuecn/AreaCity-JsSpider-StatsGov (MIT);
population from leiii/census, 7th census county tabulation (MIT). Copied from the project's shared
reference data; nothing reads that folder at run time.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "jiangsu_regions.csv"
STATS_CSV = DATA_DIR / "jiangsu_county_stats.csv"

ZONES = {"苏南": "south", "苏中": "centre", "苏北": "north", "": ""}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name_zh: str
    name_en: str
    level: str
    kind: str
    parent_code: str | None
    zone: str
    population: int | None


def read_region_rows(regions_csv: Path = REGIONS_CSV, stats_csv: Path = STATS_CSV) -> list[RegionRow]:
    """Rows parents-first (the CSV lists the province, then each city followed by its counties)."""
    with stats_csv.open(encoding="utf-8", newline="") as handle:
        population = {
            row["code"]: int(row["population_2020"]) for row in csv.DictReader(handle) if row["population_2020"]
        }
    rows = []
    with regions_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                RegionRow(
                    code=row["code"].strip(),
                    name_zh=row["name_zh"].strip(),
                    name_en=row["name_en"].strip(),
                    level=row["level"].strip(),
                    kind=row["kind"].strip(),
                    parent_code=row["parent_code"].strip() or None,
                    zone=ZONES[row["zone"].strip()],
                    population=population.get(row["code"].strip()),
                )
            )
    order = {"province": 0, "city": 1, "county": 2}
    return sorted(rows, key=lambda r: (order[r.level], r.code))


def sync_regions(region_model, rows: list[RegionRow]) -> tuple[int, int]:
    """Create missing regions and update changed ones. Returns (created, updated); running twice changes nothing."""
    existing = {region.code: region for region in region_model.objects.all()}
    created = updated = 0
    fields = ("name_zh", "name_en", "level", "kind", "parent_id", "zone", "population")
    for row in rows:
        values = {
            "name_zh": row.name_zh,
            "name_en": row.name_en,
            "level": row.level,
            "kind": row.kind,
            "parent_id": row.parent_code,
            "zone": row.zone,
            "population": row.population,
        }
        region = existing.get(row.code)
        if region is None:
            region_model.objects.create(code=row.code, **values)
            created += 1
        elif any(getattr(region, field) != values[field] for field in fields):
            for field in fields:
                setattr(region, field, values[field])
            region.save(update_fields=list(fields))
            updated += 1
    return created, updated
