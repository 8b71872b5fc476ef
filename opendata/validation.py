"""Validation of OCDS release packages against the official OCDS 1.1 schema (release-package-schema.json and
release-schema.json of release 1.1.5, vendored in ``opendata/schema/ocds-1.1`` with the standard's licence),
with jsonschema. Nothing is fetched from the network: the package schema's reference to the release schema is
resolved from the vendored copy. Formats are checked too: ``date-time`` must be ISO 8601 with a time zone and
``uri`` an absolute http(s) address (jsonschema alone skips both without optional packages)."""

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


@functools.cache
def package_validator() -> Any:
    package = _load("release-package-schema.json")
    release = _load("release-schema.json")
    registry = Registry().with_resources(
        [(schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)) for schema in (package, release)]
    )
    return Draft4Validator(package, registry=registry, format_checker=FORMATS)


def errors(package: dict[str, Any]) -> list[str]:
    """Every schema error of a release package, as "path: message" (an empty list means valid)."""
    found = package_validator().iter_errors(package)
    return sorted(f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}" for error in found)
