"""Readers for regions and JSON Lines documents (pure Python, no Django). The vocabulary is read by
:func:`vocabulary.load_concepts`.

All readers take a path and return engine types; malformed input raises :class:`DataFormatError`
(a ``ValueError``) whose message names the file and, for JSON Lines, the 1-based line number.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matching.engine.types import RegionInfo, ScenarioDoc, SolutionDoc


class DataFormatError(ValueError):
    """Input data is malformed; ``path`` and ``line`` (1-based, None if not line-based) say where."""

    def __init__(self, message: str, path: str | Path, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Parse a JSON Lines file into dicts. Blank lines are skipped; every other line must be a JSON
    object, otherwise :class:`DataFormatError` reports the first bad line."""
    records: list[dict[str, Any]] = []
    with open(path, encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFormatError(f"invalid JSON ({exc.msg} at column {exc.colno})", path, lineno) from exc
            if not isinstance(obj, dict):
                raise DataFormatError(f"expected a JSON object, got {type(obj).__name__}", path, lineno)
            records.append(obj)
    return records


def _strs(value: Any, field: str, path: str | Path, line: int | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFormatError(f"field {field!r} must be a list of strings", path, line)
    return tuple(value)


def _money(value: Any, field: str, path: str | Path, line: int | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataFormatError(f"field {field!r} must be a number of CNY", path, line)
    return int(value)


def _text(rec: Mapping[str, Any], field: str, path: str | Path, line: int | None, required: bool = False) -> str:
    value = rec.get(field)
    if value is None:
        if required:
            raise DataFormatError(f"missing field {field!r}", path, line)
        return ""
    if not isinstance(value, str):
        raise DataFormatError(f"field {field!r} must be a string", path, line)
    return value


def _document_fields(
    rec: Mapping[str, Any], path: str | Path, line: int | None, *, domain_field: str, money: str
) -> dict[str, Any]:
    """The fields both kinds of document read alike (see :class:`matching.engine.types.Document`): the text
    fields, the domains (whose error names the field as each data set spells it) and the money range, read
    from ``<money>_min_cny`` / ``<money>_max_cny`` (or without the ``_cny``) into ``<money>_min`` /
    ``<money>_max``."""
    fields: dict[str, Any] = {
        "id": _text(rec, "id", path, line, required=True),
        "title": _text(rec, "title", path, line),
        "description": _text(rec, "description", path, line),
        "tags": _strs(rec.get("tags"), "tags", path, line),
        "language": _text(rec, "language", path, line) or "zh",
        "capabilities": _strs(rec.get("capabilities"), "capabilities", path, line),
        "domains": _strs(rec.get("domains", rec.get("domain")), domain_field, path, line),
    }
    for bound in (f"{money}_min", f"{money}_max"):
        fields[bound] = _money(rec.get(f"{bound}_cny", rec.get(bound)), f"{bound}_cny", path, line)
    return fields


def scenario_from_dict(rec: Mapping[str, Any], path: str | Path = "<dict>", line: int | None = None) -> ScenarioDoc:
    """Build a :class:`ScenarioDoc` from the dev-set field names (``budget_max_cny`` ...)."""
    return ScenarioDoc(
        **_document_fields(rec, path, line, domain_field="domain", money="budget"),
        county_code=_text(rec, "county_code", path, line) or None,
    )


def solution_from_dict(rec: Mapping[str, Any], path: str | Path = "<dict>", line: int | None = None) -> SolutionDoc:
    """Build a :class:`SolutionDoc` from the dev-set field names (``price_min_cny`` ...)."""
    return SolutionDoc(
        **_document_fields(rec, path, line, domain_field="domains", money="price"),
        maturity=_text(rec, "maturity", path, line) or None,
        deployed_in=_strs(rec.get("deployed_in"), "deployed_in", path, line),
        firm=_text(rec, "firm", path, line),
    )


def load_scenarios(path: str | Path) -> list[ScenarioDoc]:
    return [scenario_from_dict(r, path, n) for n, r in _numbered(path)]


def load_solutions(path: str | Path) -> list[SolutionDoc]:
    return [solution_from_dict(r, path, n) for n, r in _numbered(path)]


def _numbered(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    out: list[tuple[int, dict[str, Any]]] = []
    with open(path, encoding="utf-8-sig") as fh:
        lines = fh.read().splitlines()
    records = iter(load_jsonl(path))
    for n, line in enumerate(lines, start=1):
        if line.strip():
            out.append((n, next(records)))
    return out


def load_regions(path: str | Path) -> list[RegionInfo]:
    """Read a regions CSV with columns ``code, name_zh, name_en, level, parent_code, zone`` (and an
    optional ``population``). Rows of every level are kept; cities act as parents of counties."""
    out: list[RegionInfo] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or "code" not in reader.fieldnames:
            raise DataFormatError("regions CSV needs a 'code' column", path)
        for lineno, row in enumerate(reader, start=2):
            code = (row.get("code") or "").strip()
            if not code:
                raise DataFormatError("empty code", path, lineno)
            level = (row.get("level") or "").strip()
            pop_raw = (row.get("population") or "").strip()
            try:
                population = int(float(pop_raw)) if pop_raw else None
            except ValueError as exc:
                raise DataFormatError(f"bad population {pop_raw!r}", path, lineno) from exc
            out.append(
                RegionInfo(
                    code=code,
                    city_code=((row.get("parent_code") or "").strip() or None) if level == "county" else None,
                    zone=(row.get("zone") or "").strip() or None,
                    name_zh=(row.get("name_zh") or "").strip(),
                    name_en=(row.get("name_en") or "").strip(),
                    population=population,
                )
            )
    return out


def load_labels(path: str | Path) -> dict[str, dict[str, int]]:
    """Read graded labels as ``{scenario_id: {solution_id: relevance}}``."""
    labels: dict[str, dict[str, int]] = {}
    for n, rec in _numbered(path):
        try:
            sid, pid, rel = str(rec["scenario_id"]), str(rec["solution_id"]), int(rec["relevance"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"bad label record ({exc})", path, n) from exc
        labels.setdefault(sid, {})[pid] = rel
    return labels
