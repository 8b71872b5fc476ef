"""CSV/JSON exports of the visible catalog, shared by the list pages, the API and the background export jobs.

A list page exports what its filters show. Up to ``CATALOG_EXPORT_INLINE_ROWS`` rows the file is the answer to the
request; a larger export becomes a :mod:`core.jobs` job, built by a worker from the same :class:`ListExport`
with the user's rights at run time.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from catalog import selectors
from catalog.filters import ScenarioFilter, SolutionFilter
from core.jobs import JobResult
from core.models import FileJob
from core.sanitize import spreadsheet_row

MAX_EXPORT_ROWS = 10_000
FORMATS = ("csv", "json")

SCENARIO_COLUMNS = [
    "id",
    "title",
    "summary",
    "domain",
    "capabilities",
    "tier",
    "county_code",
    "county",
    "owner",
    "status",
    "budget_min_cny",
    "budget_max_cny",
    "funding_model",
    "deadline",
    "replicable",
    "url",
]
SOLUTION_COLUMNS = [
    "id",
    "title",
    "summary",
    "firm",
    "domains",
    "capabilities",
    "maturity",
    "price_min_cny",
    "price_max_cny",
    "delivery_model",
    "deployed_in",
    "status",
    "url",
]


def scenario_row(scenario, url: str) -> dict:
    return {
        "id": scenario.pk,
        "title": scenario.title,
        "summary": scenario.summary,
        "domain": scenario.domain.code,
        "capabilities": [c.code for c in scenario.capabilities.all()],
        "tier": scenario.tier,
        "county_code": scenario.county_id,
        "county": scenario.county.name_zh,
        "owner": scenario.owner.name_zh or scenario.owner.name_en,
        "status": scenario.effective_status,
        "budget_min_cny": scenario.budget_min,
        "budget_max_cny": scenario.budget_max,
        "funding_model": scenario.funding_model,
        "deadline": scenario.deadline.isoformat() if scenario.deadline else None,
        "replicable": scenario.replicable,
        "url": url,
    }


def solution_row(solution, url: str) -> dict:
    return {
        "id": solution.pk,
        "title": solution.title,
        "summary": solution.summary,
        "firm": solution.owner.name_zh or solution.owner.name_en,
        "domains": [d.code for d in solution.domains.all()],
        "capabilities": [c.code for c in solution.capabilities.all()],
        "maturity": solution.maturity,
        "price_min_cny": solution.price_min,
        "price_max_cny": solution.price_max,
        "delivery_model": solution.delivery_model,
        "deployed_in": [d.county_id for d in solution.deployments.all()],
        "status": solution.status,
        "url": url,
    }


def render(rows: Iterable[dict], columns: list[str], *, fmt: str) -> tuple[str, int]:
    """The file's text and its number of rows: a JSON array, or CSV with a header, a BOM (so Excel opens UTF-8
    Chinese correctly) and formula-safe cells."""
    if fmt == "json":
        listed = list(rows)
        return json.dumps(listed, ensure_ascii=False, indent=1), len(listed)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(spreadsheet_row(row[c] for c in columns))
        count += 1
    return buffer.getvalue(), count


def export_response(rows: list[dict], columns: list[str], *, fmt: str, basename: str) -> HttpResponse:
    text, _count = render(rows, columns, fmt=fmt)
    content_type = "application/json" if fmt == "json" else "text/csv"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return response


@dataclass(frozen=True)
class ListExport:
    """One list page's export: which rows a user may see (``visible``, without long texts), the page's filters,
    how a row reads, and the job kind that builds it in the background."""

    basename: str
    label: Any
    columns: list[str]
    visible: Callable[..., QuerySet]
    deferred: tuple[str, ...]
    filterset_class: type
    row: Callable[[Any, str], dict]

    @property
    def job_kind(self) -> str:
        return f"catalog.export.{self.basename}"

    @property
    def detail_url(self) -> str:
        return f"catalog:{self.basename.removesuffix('s')}-detail"

    def filterset(self, *, user, query: QueryDict):
        base = self.visible(user=user).defer(*self.deferred).order_by("-published_at", "-created_at", "-id")
        return self.filterset_class(query or None, queryset=base)

    def queryset(self, *, user, query: QueryDict) -> QuerySet:
        """What the page shows for ``query`` (nothing for invalid filters)."""
        filterset = self.filterset(user=user, query=query)
        if filterset.is_bound and not filterset.is_valid():
            return filterset.queryset.none()
        return filterset.qs

    def rows(self, objects: Iterable, *, base_url: str) -> Iterable[dict]:
        for obj in objects:
            yield self.row(obj, base_url + reverse(self.detail_url, args=[obj.pk]))

    def run(self, job: FileJob) -> JobResult:
        """The background job: the whole filtered list (no row cap), read in chunks."""
        query = QueryDict(mutable=True)
        for key, values in job.params.get("query", {}).items():
            query.setlist(key, values)
        objects = self.queryset(user=job.user, query=query).iterator(chunk_size=500)
        fmt = job.params.get("format", "csv")
        text, count = render(self.rows(objects, base_url=job.params.get("base_url", "")), self.columns, fmt=fmt)
        return JobResult(rows=count, content=text.encode("utf-8"), filename=f"{self.basename}.{fmt}")


def inline_limit() -> int:
    return settings.CATALOG_EXPORT_INLINE_ROWS


# basename, label, columns, visible rows, long texts left out, the page's filters, how a row reads
LIST_EXPORTS = tuple(
    ListExport(*fields)
    for fields in (
        ("scenarios", _("Scenario export"), SCENARIO_COLUMNS, selectors.scenarios_visible_to,
         selectors.SCENARIO_LIST_DEFERRED, ScenarioFilter, scenario_row),
        ("solutions", _("Solution export"), SOLUTION_COLUMNS, selectors.solutions_visible_to,
         selectors.SOLUTION_LIST_DEFERRED, SolutionFilter, solution_row),
    )
)  # fmt: skip
SCENARIOS, SOLUTIONS = LIST_EXPORTS


# ---------------------------------------------------------------- a published batch (机会清单 第N批)

BATCH_FORMATS = ("csv", "xlsx")
BATCH_COLUMNS = ["batch", "grade", *SCENARIO_COLUMNS]


def batch_rows(batch, scenarios: Iterable, *, base_url: str) -> list[dict]:
    return [
        {
            "batch": batch.number,
            "grade": scenario.grade,
            **scenario_row(scenario, base_url + reverse("catalog:scenario-detail", args=[scenario.pk])),
        }
        for scenario in scenarios
    ]


def batch_response(batch, scenarios: Iterable, *, fmt: str, base_url: str) -> HttpResponse:
    """The batch's scenarios as CSV (UTF-8 with a BOM) or XLSX, formula-safe cells, one row per scenario."""
    rows = batch_rows(batch, scenarios, base_url=base_url)
    basename = f"batch-{batch.province_id}-{batch.number}"
    if fmt == "csv":
        return export_response(rows, BATCH_COLUMNS, fmt="csv", basename=basename)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=f"batch {batch.number}")
    sheet.append(BATCH_COLUMNS)
    for row in rows:
        sheet.append(spreadsheet_row(row[c] for c in BATCH_COLUMNS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{basename}.xlsx"'
    return response
