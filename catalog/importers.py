"""Import scenarios and solutions from JSON Lines, CSV or XLSX.

Every file is read and validated as a whole first; problems are reported row by row as (line, field, message);
nothing is saved unless every row is valid (or ``skip_invalid`` is set, when valid rows are saved and the bad
ones reported). Rows are created through the catalog services, so every business rule applies.

Field names follow ``shared/data/matching-dev`` (see docs/catalog.md for the CSV/XLSX header).
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
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from catalog import services
from catalog.models import Capability, Domain, Scenario, Solution
from catalog.vocabulary import Vocabulary
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
        text = normalize_text(str(value)).replace(",", "")
        try:
            number = int(text[:-1]) * 10_000 if text.endswith("万") else int(float(text)) if "." in text else int(text)
        except ValueError:
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


def _county_office(county: Region, cache: dict) -> Organization | None:
    if county.code not in cache:
        cache[county.code] = (
            Organization.objects.verified()
            .filter(kind=Organization.Kind.COUNTY_OFFICE, region=county)
            .order_by("pk")
            .first()
        )
    return cache[county.code]


def _create_county_office(county: Region) -> Organization:
    return Organization.objects.create(
        kind=Organization.Kind.COUNTY_OFFICE,
        name_zh=f"{county.name_zh}数据局",
        name_en=f"{county.name_en} Data Bureau",
        region=county,
        verification_status=Organization.Verification.VERIFIED,
        verified_at=timezone.now(),
    )


def _firm_by_name(name: str, cache: dict) -> Organization | None:
    if name not in cache:
        cache[name] = (
            Organization.objects.filter(kind=Organization.Kind.FIRM)
            .filter(models_q_name(name))
            .order_by("-verification_status", "pk")
            .first()
        )
    return cache[name]


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


def _create_firm(name: str) -> Organization:
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


# ---------------------------------------------------------------- scenarios


def _lookups():
    return (
        {d.code: d for d in Domain.objects.all()},
        {c.code: c for c in Capability.objects.all()},
        {r.code: r for r in Region.objects.all()},
    )


def import_scenarios(
    path,
    *,
    status: str = "draft",
    deadline: dt.datetime | None = None,
    create_orgs: bool = False,
    skip_invalid: bool = False,
    encoding: str | None = None,
    progress: Callable | None = None,
) -> ImportReport:
    if status not in ("draft", "open"):
        raise ImportFileError("--status must be draft or open")
    report = ImportReport()
    records = read_records(path, encoding=encoding, report=report)
    report.rows = len(records) + len(report.errors)
    domains, capabilities, regions = _lookups()
    offices: dict = {}
    seen_ids: set[str] = set()
    planned = []
    for line, record in records:
        try:
            external = _text(record, "id", max_length=60)
            if external and external in seen_ids:
                raise FieldError("id", f"“{external}” appears twice in the file")
            seen_ids.add(external)
            title = _text(record, "title", required=True, max_length=200)
            description = _text(record, "description", max_length=20000)
            problem = _text(record, "problem_statement", max_length=20000) or description
            domain_code = _text(record, "domain", required=True)
            if domain_code not in domains:
                raise FieldError("domain", f"unknown domain code “{domain_code}”")
            county_code = normalize_text(_text(record, "county_code", required=True))
            county = regions.get(county_code)
            if county is None or county.level != Region.Level.COUNTY:
                raise FieldError("county_code", f"“{county_code}” is not a county-level region of Jiangsu")
            capability_codes = _list(record, "capabilities")
            unknown = [c for c in capability_codes if c not in capabilities]
            if unknown:
                raise FieldError("capabilities", f"unknown capability codes: {', '.join(unknown)}")
            budget_min = _money(record, "budget_min_cny")
            budget_max = _money(record, "budget_max_cny")
            if budget_min is not None and budget_max is not None and budget_min > budget_max:
                raise FieldError("budget_max_cny", "is below budget_min_cny")
            row_deadline = _deadline(record, "deadline", deadline)
            language = _choice(record, "language", ("zh", "en"), "zh")
            tier = _choice(record, "tier", Scenario.Tier.values, Scenario.Tier.SMALL)
            funding = _choice(record, "funding_model", Scenario.Funding.values, Scenario.Funding.FISCAL)
            if status == "open":
                if row_deadline is None:
                    raise FieldError("deadline", "required to open a scenario (give --deadline)")
                if row_deadline <= timezone.now():
                    raise FieldError("deadline", "must be in the future to open a scenario")
                if not budget_max:
                    raise FieldError("budget_max_cny", "required to open a scenario")
                if not problem:
                    raise FieldError("description", "required to open a scenario")
            office = _county_office(county, offices)
            if office is None and not create_orgs:
                raise FieldError("county_code", f"no verified county office for {county.name_zh} (use --create-orgs)")
        except FieldError as exc:
            report.errors.append(RowError(line, exc.field, exc.message))
            continue
        planned.append(
            (
                line,
                external,
                county,
                {
                    "title": title,
                    "summary": _text(record, "summary", max_length=500) or _summary(description),
                    "problem_statement": problem,
                    "domain": domains[domain_code],
                    "county": county,
                    "budget_min": budget_min,
                    "budget_max": budget_max,
                    "deadline": row_deadline,
                    "language": language,
                    "tier": tier,
                    "funding_model": funding,
                    "replicable": _bool(record, "replicable"),
                    "tags": _list(record, "tags"),
                    "expected_outcomes": _text(record, "expected_outcomes", max_length=10000),
                    "open_resources": _text(record, "open_resources", max_length=10000),
                    "external_ref": external,
                },
                [capabilities[c] for c in capability_codes],
            )
        )
    if report.errors and not skip_invalid:
        return report
    report.skipped = len(report.errors)
    vocabulary = Vocabulary.load()
    criteria = [("技术方案 Technical approach", 40), ("类似案例 Track record", 30), ("价格 Price", 30)]
    with transaction.atomic():
        for line, external, county, fields, caps in progress(planned) if progress else planned:
            office = _county_office(county, offices)
            if office is None:
                office = offices[county.code] = _create_county_office(county)
                report.organizations_created += 1
            if external and Scenario.objects.filter(owner=office, external_ref=external).exists():
                report.existing += 1
                continue
            sid = transaction.savepoint()
            try:
                scenario = services.scenario_create(
                    actor=services.OPERATOR,
                    owner=office,
                    capabilities=caps,
                    criteria=criteria,
                    map_free_tags=False,
                    **fields,
                )
                ids = services.map_tags(tags=fields["tags"], vocabulary=vocabulary, example=scenario)
                ids |= {vocabulary.ids[c] for c in vocabulary.match_text(fields["title"])}
                scenario.capabilities.add(*ids)
                services.refresh_scenario_search_text(scenario)
                if status == "open":
                    services.scenario_publish(scenario=scenario, actor=services.OPERATOR, reason="import")
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


# ---------------------------------------------------------------- solutions


def import_solutions(
    path,
    *,
    status: str = "published",
    create_orgs: bool = False,
    skip_invalid: bool = False,
    encoding: str | None = None,
    progress: Callable | None = None,
) -> ImportReport:
    if status not in ("draft", "published"):
        raise ImportFileError("--status must be draft or published")
    report = ImportReport()
    records = read_records(path, encoding=encoding, report=report)
    report.rows = len(records) + len(report.errors)
    domains, capabilities, regions = _lookups()
    firms: dict = {}
    seen_ids: set[str] = set()
    planned = []
    for line, record in records:
        try:
            external = _text(record, "id", max_length=60)
            if external and external in seen_ids:
                raise FieldError("id", f"“{external}” appears twice in the file")
            seen_ids.add(external)
            firm_name = _text(record, "firm", required=True, max_length=120)
            title = _text(record, "title", required=True, max_length=200)
            description = _text(record, "description", max_length=20000)
            domain_codes = _list(record, "domains")
            if not domain_codes:
                raise FieldError("domains", "required")
            unknown = [d for d in domain_codes if d not in domains]
            if unknown:
                raise FieldError("domains", f"unknown domain codes: {', '.join(unknown)}")
            capability_codes = _list(record, "capabilities")
            unknown = [c for c in capability_codes if c not in capabilities]
            if unknown:
                raise FieldError("capabilities", f"unknown capability codes: {', '.join(unknown)}")
            maturity = _choice(record, "maturity", Solution.Maturity.values, Solution.Maturity.PROTOTYPE)
            delivery = _choice(record, "delivery_model", Solution.Delivery.values, Solution.Delivery.SAAS)
            price_min = _money(record, "price_min_cny")
            price_max = _money(record, "price_max_cny")
            if price_min is not None and price_max is not None and price_min > price_max:
                raise FieldError("price_max_cny", "is below price_min_cny")
            deployments = []
            for code in _list(record, "deployed_in"):
                county = regions.get(normalize_text(code))
                if county is None or county.level != Region.Level.COUNTY:
                    raise FieldError("deployed_in", f"“{code}” is not a county-level region of Jiangsu")
                deployments.append(county)
            language = _choice(record, "language", ("zh", "en"), "zh")
            firm = _firm_by_name(firm_name, firms)
            if firm is None and not create_orgs:
                raise FieldError("firm", f"no firm named “{firm_name}” (use --create-orgs)")
            if firm is not None and not firm.can_publish:
                raise FieldError("firm", f"“{firm_name}” is not verified")
        except FieldError as exc:
            report.errors.append(RowError(line, exc.field, exc.message))
            continue
        planned.append(
            (
                line,
                external,
                firm_name,
                {
                    "title": title,
                    "summary": _text(record, "summary", max_length=500) or _summary(description),
                    "description": description,
                    "maturity": maturity,
                    "delivery_model": delivery,
                    "price_min": price_min,
                    "price_max": price_max,
                    "language": language,
                    "languages": [language],
                    "tags": _list(record, "tags"),
                    "certifications": _text(record, "certifications", max_length=500),
                    "external_ref": external,
                },
                [domains[d] for d in domain_codes],
                [capabilities[c] for c in capability_codes],
                deployments,
            )
        )
    if report.errors and not skip_invalid:
        return report
    report.skipped = len(report.errors)
    vocabulary = Vocabulary.load()
    with transaction.atomic():
        for line, external, firm_name, fields, domain_objects, caps, deployments in (
            progress(planned) if progress else planned
        ):
            firm = _firm_by_name(firm_name, firms)
            if firm is None:
                firm = firms[firm_name] = _create_firm(firm_name)
                report.organizations_created += 1
            if external and Solution.objects.filter(owner=firm, external_ref=external).exists():
                report.existing += 1
                continue
            sid = transaction.savepoint()
            try:
                solution = services.solution_create(
                    actor=services.OPERATOR,
                    owner=firm,
                    domains=domain_objects,
                    capabilities=caps,
                    deployments=[(county, None, "") for county in deployments],
                    map_free_tags=False,
                    **fields,
                )
                ids = services.map_tags(tags=fields["tags"], vocabulary=vocabulary, example=solution)
                ids |= {vocabulary.ids[c] for c in vocabulary.match_text(fields["title"])}
                solution.capabilities.add(*ids)
                services.refresh_solution_search_text(solution)
                if status == "published":
                    services.solution_publish(solution=solution, actor=services.OPERATOR)
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
