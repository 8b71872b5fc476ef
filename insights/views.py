from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.forms import add_service_errors
from directory.models import Region
from insights import indicators, selectors, services
from insights.forms import IndicatorChoiceForm, TargetForm

MAP_URL = "insights/jiangsu-counties.json"


class HomeView(TemplateView):
    """The front page: what the exchange holds, zone by zone, so the regional balance is visible at once."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        zones = selectors.zone_figures()
        return super().get_context_data(
            zones=zones,
            totals={
                "open_scenarios": sum(zone.open_scenarios for zone in zones),
                "solutions": sum(zone.solutions for zone in zones),
                "organizations": sum(zone.organizations for zone in zones),
                "online_sessions": selectors.upcoming_online_sessions(),
            },
            **kwargs,
        )


def _zone_labels() -> list[str]:
    labels = dict(Region.Zone.choices)
    return [str(labels[zone]) for zone in selectors.ZONE_ORDER]


def _chart_payload(overview: selectors.ProvinceOverview) -> dict:
    """What the page's script draws; the same figures are in the page's tables."""
    county_url = reverse("insights:county", args=["000000"])
    return {
        "mapUrl": static(MAP_URL),
        "countyUrl": county_url,
        "indicator": overview.indicator.name,
        "unit": overview.indicator.unit if overview.basis == "absolute" else _("per 10,000 residents"),
        "zones": list(selectors.ZONE_ORDER),
        "zoneLabels": _zone_labels(),
        "counties": [{"code": c.code, "name": c.name, "zone": c.zone, "value": c.shown} for c in overview.counties],
        "restricted": overview.restricted,
        "trend": {
            "months": [f"{point['month']:%Y-%m}" for point in overview.trend],
            "series": [[point["values"][i] for point in overview.trend] for i in range(3)],
        },
        "gaps": {
            "months": [f"{row['month']:%Y-%m}" for row in overview.gaps],
            "northSouth": [row["north_south_ratio"] for row in overview.gaps],
            "centreSouth": [row["centre_south_ratio"] for row in overview.gaps],
            "theil": [row["theil"] for row in overview.gaps],
        },
        "labels": {
            "northSouth": _("苏北 ÷ 苏南 per capita"),
            "centreSouth": _("苏中 ÷ 苏南 per capita"),
            "theil": _("Theil index across counties"),
        },
    }


class ProvinceView(TemplateView):
    """The province page: a county map of one indicator, the zones side by side, trends and the gap index.
    Everything drawn is also in a table, so the page reads without JavaScript."""

    template_name = "insights/province.html"

    def get(self, request, *args, **kwargs):
        form = IndicatorChoiceForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            context = self.get_context_data(form=form, overview=None)
            return self.render_to_response(context, status=400)
        data = form.cleaned_data if form.is_bound else {}
        overview = selectors.province_overview(
            indicator_code=data.get("indicator") or indicators.DEFAULT_INDICATOR,
            basis=data.get("basis") or "per_10k",
            user=request.user,
        )
        context = self.get_context_data(
            form=form,
            overview=overview,
            chart=_chart_payload(overview),
            counties_sorted=sorted(overview.counties, key=lambda c: (c.shown is None, -(c.shown or 0), c.code)),
            zone_labels=dict(zip(selectors.ZONE_ORDER, _zone_labels(), strict=True)),
            definitions=indicators.LISTED,
        )
        return self.render_to_response(context)


class CountyView(TemplateView):
    """A county against the medians of its zone and of the province, with its pairs, scenarios and pilots."""

    template_name = "insights/county.html"

    def get(self, request, *args, code: str, **kwargs):
        try:
            overview = selectors.county_overview(code=code, user=request.user)
        except Region.DoesNotExist as error:
            raise Http404 from error
        chart = {
            "mapUrl": static(MAP_URL),
            "countyUrl": reverse("insights:county", args=["000000"]),
            "highlight": overview.county.code,
            "zones": list(selectors.ZONE_ORDER),
            "zoneLabels": _zone_labels(),
            "counties": [],
            "figures": {
                "labels": [f.indicator.name for f in overview.figures if f.public and f.indicator.per_capita],
                "county": [f.value for f in overview.figures if f.public and f.indicator.per_capita],
                "zone": [f.zone_median for f in overview.figures if f.public and f.indicator.per_capita],
                "province": [f.province_median for f in overview.figures if f.public and f.indicator.per_capita],
                "names": [overview.county.name, _("zone median"), _("province median")],
            },
        }
        return self.render_to_response(self.get_context_data(overview=overview, chart=chart))


class TargetsView(TemplateView):
    """This year's targets and the zones' progress; the provincial office sets them here (POST)."""

    template_name = "insights/targets.html"

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        kwargs.setdefault("form", TargetForm(initial={"year": year, "basis": "per_10k"}))
        return super().get_context_data(
            year=year,
            progress=selectors.target_progress(year=year, user=self.request.user),
            may_edit=self.request.user.has_perm("insights.edit_target"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("insights.edit_target"):
            raise PermissionDenied
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                services.target_set(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Target saved."))
                return redirect("insights:targets")
        return self.render_to_response(self.get_context_data(form=form), status=400)
