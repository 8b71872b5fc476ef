from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from core.forms import add_service_errors
from core.views import ServiceActionMixin
from directory.models import Organization, Region
from directory.permissions import publishing_organizations
from insights import indicators, maturity, selectors, services, skills_demand
from insights.forms import AttentionForm, CommentForm, IndicatorChoiceForm, MaturityForm, TargetForm
from insights.models import MaturityAssessment

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


def _zone_pair_tables(
    pairs: list, row_zone: str, total_label: str, zone_labels: dict[str, str], measures: tuple[tuple[str, str], ...]
) -> list[dict]:
    """The tables by zone pair, one per ``(measure, caption)``: a row per zone of the supplying side (the
    attribute ``row_zone`` of each pair row; empty on the totals row, labelled ``total_label``)."""

    def rows(measure: str) -> list[tuple[str, list, bool]]:
        table = []
        for row in pairs:
            zone = getattr(row, row_zone)
            table.append((zone_labels[zone] if zone else total_label, getattr(row, measure), not zone))
        return table

    return [{"caption": caption, "rows": rows(measure)} for measure, caption in measures]


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
        zone_labels = dict(zip(selectors.ZONE_ORDER, _zone_labels(), strict=True))
        context = self.get_context_data(
            form=form,
            may_attend=request.user.has_perm("insights.read_attention"),
            overview=overview,
            chart=_chart_payload(overview),
            counties_sorted=sorted(overview.counties, key=lambda c: (c.shown is None, -(c.shown or 0), c.code)),
            zone_labels=zone_labels,
            # Fairs: meetings held, then intentions signed; rows are the suppliers' zones and the totals.
            fair_tables=_zone_pair_tables(
                overview.fair_pairs,
                "supplier_zone",
                _("All suppliers"),
                zone_labels,
                (("meetings", _("Fair meetings held")), ("intentions", _("Intentions signed at fairs"))),
            ),
            # Money: contract value, payments, rewards and vouchers; rows are the firms' zones and the totals.
            money_tables=_zone_pair_tables(
                overview.money_pairs,
                "firm_zone",
                _("All"),
                zone_labels,
                (
                    ("contract_value", _("Contract value awarded")),
                    ("payments", _("Payments made on contracts")),
                    ("grants", _("Rewards and vouchers granted")),
                ),
            ),
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
                "labels": [f.indicator.name for f in overview.figures if f.public],
                "zone": [f.zone_rank for f in overview.figures if f.public],
                "province": [f.province_rank for f in overview.figures if f.public],
                "names": [_("within the zone"), _("within the province")],
                "axis": _("Share of counties with a lower figure (per cent)"),
            },
        }
        adopt_offices = [
            office
            for office in publishing_organizations(request.user, kinds=[Organization.Kind.COUNTY_OFFICE])
            if office.region_id == overview.county.code
        ]
        return self.render_to_response(
            self.get_context_data(overview=overview, chart=chart, adopt_offices=adopt_offices)
        )


class TargetsView(ServiceActionMixin, TemplateView):
    """This year's targets and the zones' progress; the provincial office sets them here (POST). A refused
    target shows the bound form again (status 400)."""

    template_name = "insights/targets.html"
    http_method_names = ["get", "head", "options", "post"]
    form_class = TargetForm
    success_message = gettext_lazy("Target saved.")

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        kwargs.setdefault("form", TargetForm(initial={"year": year, "basis": "per_10k"}))
        return super().get_context_data(
            year=year,
            progress=selectors.target_progress(year=year, user=self.request.user),
            may_edit=self.request.user.has_perm("insights.edit_target"),
            **kwargs,
        )

    def load(self) -> None:
        if self.request.method == "POST" and not self.request.user.has_perm("insights.edit_target"):
            raise PermissionDenied

    def perform(self, data):
        services.target_set(actor=self.request.user, **data)

    def get_success_url(self) -> str:
        return reverse("insights:targets")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def service_invalid(self, form, exc: ValidationError):
        add_service_errors(form, exc)
        return self.form_invalid(form)


class SkillsDemandView(TemplateView):
    """Skills the open and piloting scenarios of each zone call on, against upcoming sessions teaching them:
    what trainers could teach where. Public: it reads only public scenarios and published sessions."""

    template_name = "insights/skills_demand.html"

    def get_context_data(self, **kwargs):
        zone = self.request.GET.get("zone", "")
        if zone not in Region.Zone.values:
            zone = ""
        table = skills_demand.skills_in_demand(zone=zone or None)
        labels = dict(Region.Zone.choices)
        return super().get_context_data(
            zone=zone,
            zone_choices=Region.Zone.choices,
            zones=[(code, labels[code], rows) for code, rows in table.items()],
            **kwargs,
        )


# ---------------------------------------------------------------- digital-maturity self-assessment


def _assessment_or_404(request, pk: int) -> MaturityAssessment:
    try:
        return selectors.assessment_detail(user=request.user, pk=pk)
    except MaturityAssessment.DoesNotExist as error:
        raise Http404 from error


class MaturityListView(TemplateView):
    """Submitted self-assessments (public), the user's drafts, and a button to start this year's."""

    template_name = "insights/maturity_list.html"

    def get_context_data(self, **kwargs):
        offices = [
            office
            for office in publishing_organizations(self.request.user, kinds=[Organization.Kind.COUNTY_OFFICE])
            if self.request.user.has_perm("insights.assess_for", office)
        ]
        return super().get_context_data(
            submitted=selectors.submitted_assessments(),
            drafts=selectors.drafts_of(user=self.request.user),
            offices=offices,
            year=timezone.localdate().year,
            **kwargs,
        )


class MaturityStartView(LoginRequiredMixin, View):
    def post(self, request):
        offices = {
            str(office.pk): office
            for office in publishing_organizations(request.user, kinds=[Organization.Kind.COUNTY_OFFICE])
        }
        office = offices.get(request.POST.get("office") or "")
        if office is None:
            raise PermissionDenied
        assessment = services.assessment_start(actor=request.user, organization=office, year=timezone.localdate().year)
        return redirect("insights:maturity-edit", assessment.pk)


class MaturityEditView(LoginRequiredMixin, TemplateView):
    """Fill in a draft: save as often as needed, then submit (all dimensions answered)."""

    template_name = "insights/maturity_edit.html"

    def _assessment(self, pk: int) -> MaturityAssessment:
        assessment = _assessment_or_404(self.request, pk)
        if not self.request.user.has_perm("insights.edit_assessment", assessment):
            raise PermissionDenied
        return assessment

    def get(self, request, pk):
        assessment = self._assessment(pk)
        initial = {a.dimension: (a.level, a.evidence) for a in assessment.answers.all()}
        form = MaturityForm(initial_answers=initial)
        return self.render_to_response(self.get_context_data(assessment=assessment, form=form))

    def post(self, request, pk):
        assessment = self._assessment(pk)
        form = MaturityForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_save(actor=request.user, assessment=assessment, answers=form.answers())
                if request.POST.get("action") == "submit":
                    services.assessment_submit(actor=request.user, assessment=assessment)
                    messages.success(request, _("Self-assessment submitted."))
                    return redirect("insights:maturity-detail", assessment.pk)
            except ValidationError as error:
                add_service_errors(form, _dimension_errors(error))
            else:
                messages.success(request, _("Saved."))
                return redirect("insights:maturity-edit", assessment.pk)
        return self.render_to_response(self.get_context_data(assessment=assessment, form=form), status=400)


def _dimension_errors(error: ValidationError) -> ValidationError:
    """Service errors per dimension code → the form's level field of that dimension."""
    if hasattr(error, "error_dict"):
        return ValidationError({f"level_{code}": messages_ for code, messages_ in error.message_dict.items()})
    return error


class MaturityDetailView(TemplateView):
    template_name = "insights/maturity_detail.html"

    def get(self, request, pk):
        assessment = _assessment_or_404(request, pk)
        levels = {a.dimension: a for a in assessment.answers.all()}
        rows = []
        for dimension in maturity.DIMENSIONS:
            answer = levels.get(dimension.code)
            level = dimension.levels[answer.level - 1] if answer else None
            evidence = answer.evidence.splitlines() if answer else []
            rows.append({"dimension": dimension, "answer": answer, "level": level, "evidence": evidence})
        context = self.get_context_data(
            assessment=assessment,
            rows=rows,
            may_comment=request.user.has_perm("insights.comment_assessment", assessment),
            may_edit=request.user.has_perm("insights.edit_assessment", assessment),
            comment_form=CommentForm(initial={"comment": assessment.province_comment}),
        )
        return self.render_to_response(context)


class MaturityCommentView(LoginRequiredMixin, View):
    def post(self, request, pk):
        assessment = _assessment_or_404(request, pk)
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write a comment."))
            return redirect("insights:maturity-detail", pk)
        services.assessment_comment(actor=request.user, assessment=assessment, comment=form.cleaned_data["comment"])
        messages.success(request, _("Comment saved."))
        return redirect("insights:maturity-detail", pk)


class AttentionView(LoginRequiredMixin, TemplateView):
    """The provincial office's "needs attention" list, with replicable scenarios to propose to each county."""

    template_name = "insights/attention.html"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("insights.read_attention"):
            raise PermissionDenied
        form = AttentionForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, rows=None), status=400)
        months = (form.cleaned_data.get("months") if form.is_bound else None) or 6
        rows = selectors.needs_attention(months=months)
        return self.render_to_response(self.get_context_data(form=form, rows=rows, months=months, flags=FLAG_LABELS))


FLAG_LABELS = {
    "no_recent_scenario": _lazy("no scenario published lately"),
    "below_zone_median": _lazy("below the zone's median"),
    "unanswered_questions": _lazy("questions left unanswered"),
    "calls_without_proposal": _lazy("calls that got no proposal"),
}
