"""Import scenarios and solutions from JSON Lines, CSV or XLSX.

Every file is read and validated as a whole first; problems are reported row by row as (line, field, message);
nothing is saved unless every row is valid (or ``skip_invalid`` is set, when valid rows are saved and the bad
ones reported). Rows are created through the catalog services, so every business rule applies.

Field names follow the labelled matching dev set's JSON Lines (see docs/catalog.md for the CSV/XLSX header).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from catalog import services
from catalog.concepts import site_vocabulary
from catalog.models import Capability, Domain, Scenario, Solution
from core.money import MoneyError, parse_money
from core.text import normalize_text
from directory.demo import demo_credit_code
from directory.models import Organization, Region

LIST_SEPARATORS = ("|", ";", "；", "、")


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    existing: int = 0
    skipped: int = 0
    organizations_created: int = 0
    encoding: str = "utf-8"
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(ValueError):
    pass


# ---------------------------------------------------------------- reading


def _decode(raw: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise ImportFileError(f"cannot decode the file as {encoding}: {exc}") from None
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Chinese spreadsheets are often saved as GB18030/GBK without saying so.
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ImportFileError("the file is neither UTF-8 nor GB18030; give --encoding") from None


def _xlsx_rows(raw: bytes) -> Iterator[tuple[int, dict]]:
    """A minimal XLSX reader (first sheet, shared and inline strings, numbers) so no extra dependency is needed."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314 - zip from a trusted operator
            for si in root.findall("m:si", ns):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
        sheet_name = next(n for n in sorted(archive.namelist()) if n.startswith("xl/worksheets/sheet"))
        sheet = ElementTree.fromstring(archive.read(sheet_name))  # noqa: S314
    except (zipfile.BadZipFile, KeyError, StopIteration, ElementTree.ParseError) as exc:
        raise ImportFileError(f"not a readable XLSX file: {exc}") from None

    def column(ref: str) -> int:
        letters = "".join(ch for ch in ref if ch.isalpha())
        number = 0
        for ch in letters:
            number = number * 26 + ord(ch.upper()) - 64
        return number - 1

    header: list[str] | None = None
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        values: dict[int, str] = {}
        for cell in row.findall("m:c", ns):
            kind = cell.get("t")
            if kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{{{ns['m']}}}t"))
            else:
                v = cell.find("m:v", ns)
                text = "" if v is None else (v.text or "")
                if kind == "s" and text:
                    text = shared[int(text)]
                elif kind is None and text.endswith(".0"):
                    text = text[:-2]
            values[column(cell.get("r", "A1"))] = text
        cells = [values.get(i, "") for i in range(max(values) + 1)] if values else []
        line = int(row.get("r", "0"))
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if any(c.strip() for c in cells):
            yield line, {header[i]: cells[i] for i in range(min(len(header), len(cells))) if header[i]}


def read_records(path: Path | str, *, encoding: str | None = None, report: ImportReport) -> list[tuple[int, dict]]:
    """(line number, record) pairs from a .jsonl/.json, .csv or .xlsx file. Bad JSON lines become row errors."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(str(exc)) from None
    suffix = path.suffix.lower()
    if suffix == ".xlsx" or raw.startswith(b"PK\x03\x04"):
        return list(_xlsx_rows(raw))
    text, report.encoding = _decode(raw, encoding)
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames:
            raise ImportFileError("the CSV file has no header row")
        return [(index + 2, {k.strip(): v for k, v in row.items() if k}) for index, row in enumerate(reader)]
    records = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report.errors.append(RowError(line_number, "-", f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(record, dict):
            report.errors.append(RowError(line_number, "-", "each line must be a JSON object"))
            continue
        records.append((line_number, record))
    return records


# ---------------------------------------------------------------- field parsing


class FieldError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _text(record: dict, name: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = record.get(name)
    value = "" if value is None else str(value).strip()
    if required and not normalize_text(value):
        raise FieldError(name, "required")
    if max_length and len(value) > max_length:
        raise FieldError(name, f"longer than {max_length} characters")
    return value


def _money(record: dict, name: str) -> int | None:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise FieldError(name, "must be a whole number of yuan")
    if isinstance(value, int):
        number = value
    else:
        try:
            number = parse_money(str(value))
        except MoneyError as exc:
            if exc.kind == "negative":
                raise FieldError(name, "cannot be negative") from None
            raise FieldError(name, f"“{value}” is not a whole number of yuan") from None
    if number < 0:
        raise FieldError(name, "cannot be negative")
    return number


def _list(record: dict, name: str) -> list[str]:
    value = record.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value)
    for separator in LIST_SEPARATORS:
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def _kpis(record: dict) -> list[dict]:
    """KPI rows: in JSON a list of objects (``indicator``, ``target``, optional ``unit``, ``baseline``, ``method``,
    ``due_date``); in CSV/XLSX text "indicator: target" separated by ";" (full-width punctuation too)."""
    value = record.get("kpis")
    if value is None or value == "":
        return []
    if isinstance(value, list):
        rows = []
        for item in value:
            if not isinstance(item, dict):
                raise FieldError("kpis", "each KPI is an object with an indicator and a target")
            rows.append({k: item.get(k) for k in ("indicator", "unit", "baseline", "target", "method", "due_date")})
    else:
        rows = []
        for part in str(value).replace("；", ";").replace("\n", ";").split(";"):
            if not part.strip():
                continue
            indicator, _sep, target = part.replace("：", ":").partition(":")
            rows.append({"indicator": indicator.strip(), "target": target.strip()})
    for number, row in enumerate(rows, start=1):
        if not str(row.get("indicator") or "").strip() or not str(row.get("target") or "").strip():
            raise FieldError("kpis", f"KPI {number} needs an indicator and a target")
    return rows


def _choice(record: dict, name: str, choices, default: str | None = None) -> str:
    value = _text(record, name) or default
    if value not in choices:
        raise FieldError(name, f"“{value}” is not one of {', '.join(choices)}")
    return value


def _bool(record: dict, name: str) -> bool:
    value = record.get(name)
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in ("1", "true", "yes", "y", "是")


def _deadline(record: dict, name: str, default: dt.datetime | None) -> dt.datetime | None:
    value = _text(record, name)
    if not value:
        return default
    parsed = parse_deadline(value)
    if parsed is None:
        raise FieldError(name, f"“{value}” is not a date (YYYY-MM-DD) or date-time")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def parse_deadline(value: str) -> dt.datetime | None:
    """An aware date-time; a bare date means 17:00 Beijing time that day (the end of the office day)."""
    value = normalize_text(value)
    try:
        day = parse_date(value) if len(value) == 10 else None
        parsed = dt.datetime.combine(day, dt.time(17, 0)) if day else parse_datetime(value)
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _summary(description: str) -> str:
    for stop in ("。", ". "):
        if stop in description[:300]:
            return description[: description.index(stop) + len(stop)].strip()[:500]
    return description[:200]


# ---------------------------------------------------------------- organisations


def _county_office(code: str, ctx: Context) -> Organization | None:
    if code not in ctx.owners:
        ctx.owners[code] = (
            Organization.objects.verified()
            .filter(kind=Organization.Kind.COUNTY_OFFICE, region_id=code)
            .order_by("pk")
            .first()
        )
    return ctx.owners[code]


def _create_county_office(code: str, ctx: Context) -> Organization:
    county = ctx.regions[code]
    return Organization.objects.create(
        kind=Organization.Kind.COUNTY_OFFICE,
        name_zh=f"{county.name_zh}数据局",
        name_en=f"{county.name_en} Data Bureau",
        region=county,
        verification_status=Organization.Verification.VERIFIED,
        verified_at=timezone.now(),
    )


def _firm_by_name(name: str, ctx: Context) -> Organization | None:
    if name not in ctx.owners:
        ctx.owners[name] = (
            Organization.objects.filter(kind=Organization.Kind.FIRM)
            .filter(models_q_name(name))
            .order_by("-verification_status", "pk")
            .first()
        )
    return ctx.owners[name]


def models_q_name(name: str):
    return Q(name_zh=name) | Q(name_en=name)


def firm_region_for(name: str) -> Region:
    """Where a created firm is registered: the Jiangsu city its Chinese name starts with (苏州… → 苏州市), else
    the province (firms from elsewhere, English names)."""
    for city in Region.objects.cities():
        short = city.name_zh.removesuffix("市")
        if name.startswith(short):
            return city
    return Region.objects.get(level=Region.Level.PROVINCE)


def _create_firm(name: str, ctx: Context) -> Organization:
    region = firm_region_for(name)
    is_chinese = any(ord(ch) > 0x2E80 for ch in name)
    serial = 500_000 + zlib.crc32(name.encode()) % 400_000
    while True:
        code = demo_credit_code(region.code, serial)
        if not Organization.objects.filter(credit_code=code).exists():
            break
        serial += 1
    return Organization.objects.create(
        kind=Organization.Kind.FIRM,
        name_zh=name if is_chinese else "",
        name_en="" if is_chinese else name,
        region=region,
        credit_code=code,
        verification_status=Organization.Verification.VERIFIED,
        verified_at=timezone.now(),
    )


# ---------------------------------------------------------------- one import, a schema per model


@dataclass
class Context:
    """What every row of one import shares: the lookups, the options and the owners found so far."""

    status: str
    create_orgs: bool
    deadline: dt.datetime | None = None
    domains: dict[str, Domain] = field(default_factory=dict)
    capabilities: dict[str, Capability] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    owners: dict = field(default_factory=dict)

    def capability_list(self, record: dict) -> list[Capability]:
        codes = _list(record, "capabilities")
        unknown = [c for c in codes if c not in self.capabilities]
        if unknown:
            raise FieldError("capabilities", f"unknown capability codes: {', '.join(unknown)}")
        return [self.capabilities[c] for c in codes]

    def county(self, name: str, code: str) -> Region:
        county = self.regions.get(normalize_text(code))
        if county is None or county.level != Region.Level.COUNTY:
            raise FieldError(name, f"“{code}” is not a county-level region of Jiangsu")
        return county


@dataclass(frozen=True)
class Schema:
    """How one kind of catalog entry is imported. ``parse`` turns a record into the owner's key and the keyword
    arguments of the ``create`` service (raising ``FieldError``); ``find_owner``/``create_owner`` resolve the
    key; ``publish`` runs when the import's status is ``publish_status``."""

    model: type[Scenario] | type[Solution]
    statuses: tuple[str, ...]
    publish_status: str
    parse: Callable[[dict, Context], tuple[str, dict]]
    find_owner: Callable[[str, Context], Organization | None]
    create_owner: Callable[[str, Context], Organization]
    create: Callable[..., Scenario | Solution]
    refresh_search_text: Callable[[Any], None]
    publish: Callable[[Any], object]


def _common_fields(record: dict, description: str) -> dict:
    """Title, summary (else the description's first sentence), language, tags and the external id."""
    return {
        "title": _text(record, "title", required=True, max_length=200),
        "summary": _text(record, "summary", max_length=500) or _summary(description),
        "language": _choice(record, "language", ("zh", "en"), "zh"),
        "tags": _list(record, "tags"),
        "external_ref": _text(record, "id", max_length=60),
    }


def _money_range(record: dict, low: str, high: str) -> tuple[int | None, int | None]:
    low_value, high_value = _money(record, low), _money(record, high)
    if low_value is not None and high_value is not None and low_value > high_value:
        raise FieldError(high, f"is below {low}")
    return low_value, high_value


def _parse_scenario(record: dict, ctx: Context) -> tuple[str, dict]:
    description = _text(record, "description", max_length=20000)
    common = _common_fields(record, description)
    problem = _text(record, "problem_statement", max_length=20000) or description
    domain_code = _text(record, "domain", required=True)
    if domain_code not in ctx.domains:
        raise FieldError("domain", f"unknown domain code “{domain_code}”")
    county = ctx.county("county_code", _text(record, "county_code", required=True))
    capabilities = ctx.capability_list(record)
    budget_min, budget_max = _money_range(record, "budget_min_cny", "budget_max_cny")
    deadline = _deadline(record, "deadline", ctx.deadline)
    tier = _choice(record, "tier", Scenario.Tier.values, Scenario.Tier.SMALL)
    funding = _choice(record, "funding_model", Scenario.Funding.values, Scenario.Funding.FISCAL)
    kpis = _kpis(record)
    if ctx.status == "open":
        if not kpis:
            raise FieldError("kpis", "required to open a scenario (at least one “indicator: target”)")
        if deadline is None:
            raise FieldError("deadline", "required to open a scenario (give a deadline for the rows without one)")
        if deadline <= timezone.now():
            raise FieldError("deadline", "must be in the future to open a scenario")
        if not budget_max:
            raise FieldError("budget_max_cny", "required to open a scenario")
        if not problem:
            raise FieldError("description", "required to open a scenario")
    if _county_office(county.code, ctx) is None and not ctx.create_orgs:
        raise FieldError("county_code", f"no verified county office for {county.name_zh} (use --create-orgs)")
    return county.code, {
        **common,
        "problem_statement": problem,
        "domain": ctx.domains[domain_code],
        "county": county,
        "budget_min": budget_min,
        "budget_max": budget_max,
        "deadline": deadline,
        "tier": tier,
        "funding_model": funding,
        "replicable": _bool(record, "replicable"),
        "expected_outcomes": _text(record, "expected_outcomes", max_length=10000),
        "open_resources": _text(record, "open_resources", max_length=10000),
        "capabilities": capabilities,
        "kpis": kpis,
        "criteria": [("技术方案 Technical approach", 40), ("类似案例 Track record", 30), ("价格 Price", 30)],
    }


def _parse_solution(record: dict, ctx: Context) -> tuple[str, dict]:
    firm_name = _text(record, "firm", required=True, max_length=120)
    description = _text(record, "description", max_length=20000)
    common = _common_fields(record, description)
    domain_codes = _list(record, "domains")
    if not domain_codes:
        raise FieldError("domains", "required")
    unknown = [d for d in domain_codes if d not in ctx.domains]
    if unknown:
        raise FieldError("domains", f"unknown domain codes: {', '.join(unknown)}")
    capabilities = ctx.capability_list(record)
    maturity = _choice(record, "maturity", Solution.Maturity.values, Solution.Maturity.PROTOTYPE)
    delivery = _choice(record, "delivery_model", Solution.Delivery.values, Solution.Delivery.SAAS)
    price_min, price_max = _money_range(record, "price_min_cny", "price_max_cny")
    deployments = [ctx.county("deployed_in", code) for code in _list(record, "deployed_in")]
    firm = _firm_by_name(firm_name, ctx)
    if firm is None and not ctx.create_orgs:
        raise FieldError("firm", f"no firm named “{firm_name}” (use --create-orgs)")
    if firm is not None and not firm.can_publish:
        raise FieldError("firm", f"“{firm_name}” is not verified")
    return firm_name, {
        **common,
        "description": description,
        "maturity": maturity,
        "delivery_model": delivery,
        "price_min": price_min,
        "price_max": price_max,
        "languages": [common["language"]],
        "certifications": _text(record, "certifications", max_length=500),
        "domains": [ctx.domains[d] for d in domain_codes],
        "capabilities": capabilities,
        "deployments": [(county, None, "") for county in deployments],
    }


SCENARIOS = Schema(
    model=Scenario,
    statuses=("draft", "open"),
    publish_status="open",
    parse=_parse_scenario,
    find_owner=_county_office,
    create_owner=_create_county_office,
    create=services.scenario_create,
    refresh_search_text=services.refresh_scenario_search_text,
    publish=lambda scenario: services.scenario_publish(scenario=scenario, actor=services.OPERATOR, reason="import"),
)
SOLUTIONS = Schema(
    model=Solution,
    statuses=("draft", "published"),
    publish_status="published",
    parse=_parse_solution,
    find_owner=_firm_by_name,
    create_owner=_create_firm,
    create=services.solution_create,
    refresh_search_text=services.refresh_solution_search_text,
    publish=lambda solution: services.solution_publish(solution=solution, actor=services.OPERATOR),
)


def import_records(
    schema: Schema,
    path,
    *,
    status: str,
    deadline: dt.datetime | None = None,
    create_orgs: bool = False,
    skip_invalid: bool = False,
    encoding: str | None = None,
    progress: Callable | None = None,
) -> ImportReport:
    """Read and check every row, then create them all in one transaction through the catalog services."""
    if status not in schema.statuses:
        raise ImportFileError(f"--status must be {' or '.join(schema.statuses)}")
    report = ImportReport()
    records = read_records(path, encoding=encoding, report=report)
    report.rows = len(records) + len(report.errors)
    ctx = Context(
        status=status,
        create_orgs=create_orgs,
        deadline=deadline,
        domains={d.code: d for d in Domain.objects.all()},
        capabilities={c.code: c for c in Capability.objects.all()},
        regions={r.code: r for r in Region.objects.all()},
    )
    seen_ids: set[str] = set()
    planned = []
    for line, record in records:
        try:
            external = _text(record, "id", max_length=60)
            if external and external in seen_ids:
                raise FieldError("id", f"“{external}” appears twice in the file")
            seen_ids.add(external)
            planned.append((line, *schema.parse(record, ctx)))
        except FieldError as exc:
            report.errors.append(RowError(line, exc.field, exc.message))
    if report.errors and not skip_invalid:
        return report
    report.skipped = len(report.errors)
    vocabulary = site_vocabulary()
    with transaction.atomic():
        for line, owner_key, fields in progress(planned) if progress else planned:
            owner = schema.find_owner(owner_key, ctx)
            if owner is None:
                owner = ctx.owners[owner_key] = schema.create_owner(owner_key, ctx)
                report.organizations_created += 1
            external = fields["external_ref"]
            if external and schema.model.objects.filter(owner=owner, external_ref=external).exists():
                report.existing += 1
                continue
            sid = transaction.savepoint()
            try:
                entry = schema.create(actor=services.OPERATOR, owner=owner, map_free_tags=False, **fields)
                ids = services.map_tags(tags=fields["tags"], vocabulary=vocabulary, example=entry)
                ids |= vocabulary.capability_ids(fields["title"])
                entry.capabilities.add(*ids)
                schema.refresh_search_text(entry)
                if status == schema.publish_status:
                    schema.publish(entry)
            except ValidationError as exc:
                transaction.savepoint_rollback(sid)
                for name, messages in getattr(exc, "message_dict", {"-": exc.messages}).items():
                    report.errors.append(RowError(line, name, " ".join(messages)))
                continue
            transaction.savepoint_commit(sid)
            report.created += 1
        if report.errors and not skip_invalid:
            transaction.set_rollback(True)
            report.created = 0
    return report


def import_scenarios(path, *, status: str = "draft", **options) -> ImportReport:
    """Scenarios, each for the verified county office of its ``county_code`` (see ``import_records``)."""
    return import_records(SCENARIOS, path, status=status, **options)


def import_solutions(path, *, status: str = "published", **options) -> ImportReport:
    """Solutions, each for the firm it names (``name_zh`` or ``name_en``; see ``import_records``)."""
    return import_records(SOLUTIONS, path, status=status, **options)
