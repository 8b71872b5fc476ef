"""Rows for CSV/JSON exports of the visible catalog, shared by the list pages and the API."""

from __future__ import annotations

import csv
import io
import json

from django.http import HttpResponse

from core.sanitize import spreadsheet_row

MAX_EXPORT_ROWS = 10_000

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


def export_response(rows: list[dict], columns: list[str], *, fmt: str, basename: str) -> HttpResponse:
    if fmt == "json":
        response = HttpResponse(
            json.dumps(rows, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{basename}.json"'
        return response
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a BOM so Excel opens UTF-8 Chinese correctly
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(spreadsheet_row(row[c] for c in columns))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{basename}.csv"'
    return response
