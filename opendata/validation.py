"""Validation of OCDS release packages against the official OCDS 1.1 schema (release-package-schema.json and
release-schema.json of release 1.1.5, vendored in ``opendata/schema/ocds-1.1`` with the standard's licence),
with jsonschema. Nothing is fetched from the network: the package schema's reference to the release schema is
resolved from the vendored copy. Formats are checked too: ``date-time`` must be ISO 8601 with a time zone and
``uri`` an absolute http(s) address (jsonschema alone skips both without optional packages).

The packages declare one extension, Metrics (``tender.targets`` for a scenario's KPI rows,
``contracts[].implementation.metrics`` for the results of an accepted pilot). Its release schema (tag ``v1.1`` of
github.com/open-contracting-extensions/ocds_metrics_extension, vendored in ``schema/ocds-1.1/metrics``) is
merged into the release schema as OCDS merges extensions (JSON Merge Patch, RFC 7386), so those fields are
validated too."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parent / "schema" / "ocds-1.1"
SCHEMA_VERSION = "1.1.5"
# The extensions the packages declare (``extensions`` of the package) and their vendored release schemas.
EXTENSIONS = {
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/v1.1/extension.json": (
        "metrics/release-schema.json"
    ),
}
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = dt.datetime.fromisoformat(value)
    return parsed.tzinfo is not None and "T" in value


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: how OCDS applies an extension's schema to the release schema."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


@functools.cache
def package_validator() -> Any:
    package = _load("release-package-schema.json")
    release = _load("release-schema.json")
    for path in EXTENSIONS.values():
        release = merge_patch(release, _load(path))
    registry = Registry().with_resources(
        [(schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)) for schema in (package, release)]
    )
    return Draft4Validator(package, registry=registry, format_checker=FORMATS)


def errors(package: dict[str, Any]) -> list[str]:
    """Every schema error of a release package, as "path: message" (an empty list means valid)."""
    found = package_validator().iter_errors(package)
    return sorted(f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}" for error in found)
