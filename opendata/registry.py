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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

FIELD_TYPES = ("integer", "number", "string", "boolean", "date", "datetime", "codes")
# Rows read from the database per round trip: prefetches run once per chunk, so a file of any length costs
# a few queries per 1,000 rows and memory holds one chunk at a time.
CHUNK_SIZE = 1000


# How a field's value is read from a row's object: a function of (object, base_url), or an attribute path
# ("engagement.scenario.title"; keys for dicts; an empty link gives None), or None for the attribute named like
# the field.
Getter = Callable[[Any, str], Any]


def attribute(obj: Any, path: str) -> Any:
    """``obj``'s attribute (or key, for a dict) at the dotted ``path``; None once a link on the way is None."""
    for name in path.split("."):
        if obj is None:
            return None
        obj = obj[name] if isinstance(obj, Mapping) else getattr(obj, name)
    return obj


@dataclass(frozen=True)
class Field:
    """One column: its name, type (``FIELD_TYPES``), meaning, and how its value is read (``Getter``). Dates and
    date-times are written as ISO text, empty text and codes as "" and [] (``read``)."""

    name: str
    type: str
    description: str | Promise
    value: str | Getter | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"unknown field type {self.type!r} for {self.name}")

    def reads(self, value: str | Getter) -> Field:
        """The same field (name, type, meaning) read another way: for shared fields whose value differs."""
        return replace(self, value=value)

    def read(self, obj: Any, base_url: str = "") -> Any:
        """The field's value for one row's object, as every format holds it."""
        value = self.value(obj, base_url) if callable(self.value) else attribute(obj, self.value or self.name)
        if self.type == "datetime":
            return iso_datetime(value)
        if self.type == "date":
            return iso_date(value)
        if self.type == "codes":
            return list(value) if value is not None else []
        if value is None and self.type == "string":
            return ""
        return value


def under(path: str, *fields: Field) -> tuple[Field, ...]:
    """``fields`` read from the object at ``path`` of the row's object (a scenario's fields for a KPI row:
    ``under("scenario", *OF_SCENARIO)``)."""

    def moved(f: Field) -> Field:
        if callable(f.value):
            getter = f.value
            return f.reads(lambda obj, base_url: getter(attribute(obj, path), base_url))
        return f.reads(f"{path}.{f.value or f.name}")

    return tuple(moved(f) for f in fields)


@dataclass(frozen=True)
class DataSet:
    """One open data set. ``queryset(since=…)`` returns the public rows (changed at or after ``since`` when
    given); each field reads its value from a row's object (``Field.read``), so a row holds exactly the
    ``fields``, in their order. ``each``, when given, turns one object of the queryset into the objects of
    its rows (an award gives one row per winner)."""

    slug: str
    title: str | Promise
    description: str | Promise
    public_rule: str | Promise
    fields: tuple[Field, ...]
    queryset: Callable[..., QuerySet | Iterable[Any]]
    each: Callable[[Any], Iterable[Any]] | None = None
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
        for obj in chunk:
            for item in self.each(obj) if self.each is not None else (obj,):
                yield self.row(item, base_url)

    def row(self, obj: Any, base_url: str = "") -> dict[str, Any]:
        """One row: each field's value read from ``obj``, in field order."""
        return {f.name: f.read(obj, base_url) for f in self.fields}


REGISTRY: dict[str, DataSet] = {}


def register(dataset: DataSet) -> DataSet:
    if dataset.slug in REGISTRY:
        raise ValueError(f"data set {dataset.slug!r} registered twice")
    REGISTRY[dataset.slug] = dataset
    return dataset


def datasets() -> list[DataSet]:
    return list(REGISTRY.values())


def get(slug: str) -> DataSet:
    """The data set called ``slug`` (``KeyError`` when there is none)."""
    return REGISTRY[slug]


# ------------------------------------------------------------------ value helpers for fields


def iso_datetime(value: dt.datetime | None) -> str | None:
    """An aware datetime as ISO 8601 in Asia/Shanghai, to the second."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def org_name(organization) -> str:
    return organization.name_zh or organization.name_en


def name_of(path: str) -> Getter:
    """The name of the organisation at ``path`` (``org_name``)."""
    return lambda obj, base_url: org_name(attribute(obj, path))


def codes_of(path: str, code: str = "code") -> Getter:
    """The ``code`` of each object of the (prefetched) relation at ``path``, in its order."""
    return lambda obj, base_url: [getattr(item, code) for item in attribute(obj, path).all()]


def link(view_name: str) -> Getter:
    """The address of the row's object's page: ``base_url`` + the path of ``view_name`` with its pk."""
    return lambda obj, base_url: base_url + reverse(view_name, args=[obj.pk])
