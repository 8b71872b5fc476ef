"""The open data sets, each defined once: its fields (name, type, meaning), where its rows come from (a public
selector), the rule that makes it public, and how a row is built. The /open-data/ page, the CSV, JSON and
XLSX files, the change feeds and docs/open-data.md's field tables all read these definitions.

Field types and how each format writes them (``opendata.formats`` reads them back the same way):

====================  =======================  ===========================================================
type                  JSON                     CSV and XLSX cell
====================  =======================  ===========================================================
``integer``           number or null           the digits, empty when null
``number``            number or null           the shortest text that reads back as the same float
``string``            string                   the text (CSV: formula-safe, see ``formats.csv_cell``)
``boolean``           true / false             ``true`` / ``false``
``date``              "2026-05-01"             the same text
``datetime``          ISO 8601, +08:00         the same text
``codes``             list of strings          the codes joined with ``;`` (codes never hold one)
====================  =======================  ===========================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise

FIELD_TYPES = ("integer", "number", "string", "boolean", "date", "datetime", "codes")
# Rows read from the database per round trip: prefetches run once per chunk, so a file of any length costs
# a few queries per 1,000 rows and memory holds one chunk at a time.
CHUNK_SIZE = 1000


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str | Promise

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"unknown field type {self.type!r} for {self.name}")


@dataclass(frozen=True)
class DataSet:
    """One open data set. ``queryset(since=…)`` returns the public rows (changed at or after ``since`` when
    given); ``row(obj)`` turns one into a dict with exactly the ``fields``' names; ``rows_for`` may instead
    build the rows of a whole chunk (for data that is not one model row per row)."""

    slug: str
    title: str | Promise
    description: str | Promise
    public_rule: str | Promise
    fields: tuple[Field, ...]
    queryset: Callable[..., QuerySet | Iterable[Any]]
    row: Callable[[Any, str], dict[str, Any]] | None = None
    rows_for: Callable[[list[Any], str], Iterable[dict[str, Any]]] | None = None
    source: str | Promise = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def rows(self, *, since: dt.datetime | None = None, base_url: str = "") -> Iterator[dict[str, Any]]:
        """The public rows in a stable order, read in chunks (flat memory, a few queries per chunk). Links
        are ``base_url`` (the site's address, no trailing slash) + the page's path."""
        source = self.queryset(since=since)
        chunk: list[Any] = []
        iterator = source.iterator(chunk_size=CHUNK_SIZE) if isinstance(source, QuerySet) else iter(source)
        for obj in iterator:
            chunk.append(obj)
            if len(chunk) >= CHUNK_SIZE:
                yield from self._build(chunk, base_url)
                chunk = []
        if chunk:
            yield from self._build(chunk, base_url)

    def _build(self, chunk: list[Any], base_url: str) -> Iterator[dict[str, Any]]:
        if self.rows_for is not None:
            built = self.rows_for(chunk, base_url)
        elif self.row is not None:
            built = (self.row(obj, base_url) for obj in chunk)
        else:
            raise ValueError(f"data set {self.slug!r} has no row builder")
        for row in built:
            yield self.normalise(row)

    def normalise(self, row: dict[str, Any]) -> dict[str, Any]:
        """A row as every format holds it, in field order: text is "" rather than null, codes a list."""
        clean = {}
        for f in self.fields:
            value = row[f.name]
            if value is None and f.type in ("string", "codes"):
                value = "" if f.type == "string" else []
            clean[f.name] = value
        return clean


REGISTRY: dict[str, DataSet] = {}


def register(dataset: DataSet) -> DataSet:
    if dataset.slug in REGISTRY:
        raise ValueError(f"data set {dataset.slug!r} registered twice")
    if dataset.row is None and dataset.rows_for is None:
        raise ValueError(f"data set {dataset.slug!r} has no row builder")
    REGISTRY[dataset.slug] = dataset
    return dataset


def datasets() -> list[DataSet]:
    return list(REGISTRY.values())


def get(slug: str) -> DataSet:
    """The data set called ``slug`` (``KeyError`` when there is none)."""
    return REGISTRY[slug]


# ------------------------------------------------------------------ value helpers for row builders


def iso_datetime(value: dt.datetime | None) -> str | None:
    """An aware datetime as ISO 8601 in Asia/Shanghai, to the second."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def org_name(organization) -> str:
    return organization.name_zh or organization.name_en
