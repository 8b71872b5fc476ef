from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from catalog.models import Scenario
from core.sanitize import content_disposition
from opendata import formats, ocds, registry, selectors
from opendata.datasets import LICENCE, ocid, publisher

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# "+08:00" typed into an address arrives as " 08:00" (a plus in a query string is a space).
_OFFSET_AS_SPACE = re.compile(r" (\d\d(:?\d\d)?)$")


class BadSince(ValueError):
    pass


def parse_since(value: str | None) -> dt.datetime | None:
    """``?since=``: an ISO 8601 date or date-time; without a time zone it is Asia/Shanghai time. Raises
    ``BadSince`` for anything else."""
    if value is None:
        return None
    text = _OFFSET_AS_SPACE.sub(r"+\1", value.strip())
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is None:
                raise BadSince(value)
            moment = dt.datetime.combine(day, dt.time.min)
    except ValueError as exc:  # well-formed but impossible: month 13, hour 25
        raise BadSince(value) from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def site_base(request) -> str:
    """The site's address for links in files: SITE_URL when set, else the address the request came to."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


class OpenDataIndexView(TemplateView):
    """Every public data set with its fields, rule and files, the licence, and how the OCDS packages work."""

    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            datasets=registry.datasets(),
            formats=list(FORMATS),
            licence=LICENCE,
            publisher=publisher(site_base(self.request)),
            ocid_prefix=settings.OCDS_OCID_PREFIX,
            **kwargs,
        )


class DataSetFileView(View):
    """One data set as CSV, JSON or XLSX, streamed (``?since=`` for the rows changed since a moment)."""

    def get(self, request, slug: str, fmt: str):
        if fmt not in FORMATS:
            raise Http404
        try:
            dataset = registry.get(slug)
        except KeyError:
            raise Http404 from None
        try:
            since = parse_since(request.GET.get("since"))
        except BadSince:
            message = _("since must be an ISO 8601 date or date-time, e.g. 2026-05-01 or 2026-05-01T08:00:00+08:00.")
            return JsonResponse({"detail": message}, status=400)
        base = site_base(request)
        rows = dataset.rows(since=since, base_url=base)
        filename = f"{dataset.slug}.{fmt}"
        response: HttpResponseBase
        if fmt == "xlsx":
            response = FileResponse(
                formats.xlsx_file(dataset, rows, licence=LICENCE, publisher=publisher(base)), content_type=FORMATS[fmt]
            )
        elif fmt == "csv":
            response = StreamingHttpResponse(formats.csv_stream(dataset, rows), content_type=FORMATS[fmt])
        else:
            head = formats.metadata(dataset, since=since, licence=LICENCE, publisher=publisher(base))
            response = StreamingHttpResponse(formats.json_stream(head, rows), content_type=FORMATS[fmt])
        response["Content-Disposition"] = content_disposition(filename)
        response["Access-Control-Allow-Origin"] = "*"  # open data: any site may load it
        return response


class OcdsPackageView(View):
    """The OCDS 1.1 release package of one published scenario (404 for drafts, like its page)."""

    def get(self, request, pk: int):
        try:
            scenario, award = selectors.ocds_scenario(pk)
        except Scenario.DoesNotExist:
            raise Http404 from None
        base = site_base(request)
        uri = base + reverse("opendata:ocds-scenario", args=[pk])
        package = ocds.release_package(scenario, award, base_url=base, uri=uri)
        response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = content_disposition(f"{ocid(pk)}.json", disposition="inline")
        response["Access-Control-Allow-Origin"] = "*"
        return response
