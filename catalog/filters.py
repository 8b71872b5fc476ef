"""The one set of filters for scenario and solution lists, used by the HTML pages and the API alike."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from catalog import selectors
from catalog.models import Capability, Domain, Scenario, Solution
from core.money import MoneyError, parse_money
from core.widgets import CachedOptionsSelect
from directory.models import Region


class MoneyField(forms.IntegerField):
    """A whole CNY amount read by :func:`core.money.parse_money` (full-width digits, separators, 万, 亿)."""

    default_error_messages = {"invalid": _("Enter an amount in yuan, e.g. 500000 or 50万.")}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = parse_money(value)
            except MoneyError as exc:
                if exc.kind != "negative":
                    raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
                # A negative amount reads as a number, so the service can say "cannot be negative".
                value = -parse_money(value.strip().replace("－", "-").removeprefix("-"))
        return super().to_python(value)


class MoneyFilter(django_filters.NumberFilter):
    field_class = MoneyField


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelChoiceFilter):
    """A related object given by its code (documented as a string in the OpenAPI schema)."""


@extend_schema_field(OpenApiTypes.STR)
class StatusFilter(django_filters.ChoiceFilter):
    """A status (scenario and solution statuses differ; documented as a string to keep the enums apart)."""


@extend_schema_field(OpenApiTypes.STR)
class RegionFilter(django_filters.ModelChoiceFilter):
    """A region code; a city includes every county under it."""

    def __init__(self, *args, path: str, **kwargs):
        self.path = path
        kwargs.setdefault("queryset", Region.objects.only("code", "name_zh", "name_en", "level"))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("widget", CachedOptionsSelect)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.path}__code__startswith": value.code_prefix})


ALL = _("All")
YES_NO = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])


class _CatalogFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    domain = CodeFilter(
        queryset=Domain.objects.all(),
        to_field_name="code",
        method="filter_domain",
        label=_("Domain"),
        empty_label=ALL,
        widget=CachedOptionsSelect,
    )
    capability = CodeFilter(
        queryset=Capability.objects.order_by("code").only("id", "code", "name_zh", "name_en"),
        to_field_name="code",
        field_name="capabilities",
        label=_("Capability"),
        empty_label=ALL,
        widget=CachedOptionsSelect,
    )
    zone = django_filters.ChoiceFilter(
        choices=Region.Zone.choices, method="filter_zone", label=_("Zone"), empty_label=ALL
    )

    def filter_q(self, queryset, name, value):
        return selectors.search(queryset, value)


# Each direction of a sort in words (django-filter's "Deadline (descending)" has no Chinese and reads poorly).
BY_PUBLISHED = [("-published", _("Newest published first")), ("published", _("Oldest published first"))]
BY_TITLE = [("title", _("Title, A to Z")), ("-title", _("Title, Z to A"))]


def sort_by(*, fields, choices) -> django_filters.OrderingFilter:
    """The "Sort by" list of a catalog page: ``choices`` in words; none chosen means newest first."""
    return django_filters.OrderingFilter(
        fields=fields, choices=choices, label=_("Sort by"), empty_label=_("Newest first")
    )


class ScenarioFilter(_CatalogFilter):
    region = RegionFilter(path="county", label=_("City or county"), empty_label=ALL)
    status = StatusFilter(choices=Scenario.Status.choices, field_name="state", label=_("Status"), empty_label=ALL)
    tier = django_filters.ChoiceFilter(choices=Scenario.Tier.choices, label=_("Tier"), empty_label=ALL)
    budget_min = MoneyFilter(method="filter_budget_min", label=_("Budget at least (CNY)"))
    budget_max = MoneyFilter(method="filter_budget_max", label=_("Budget at most (CNY)"))
    deadline_after = django_filters.DateFilter(field_name="deadline", lookup_expr="date__gte", label=_("Deadline from"))
    deadline_before = django_filters.DateFilter(
        field_name="deadline", lookup_expr="date__lte", label=_("Deadline until")
    )
    replicable = django_filters.BooleanFilter(label=_("Replicable"), widget=YES_NO)
    owner = django_filters.NumberFilter(field_name="owner_id", label=_("Organisation id"), widget=forms.HiddenInput)
    ordering = sort_by(
        fields=(("deadline", "deadline"), ("published_at", "published"), ("budget_max", "budget"), ("title", "title")),
        choices=[
            ("deadline", _("Deadline, soonest first")),
            ("-deadline", _("Deadline, latest first")),
            *BY_PUBLISHED,
            ("-budget", _("Largest budget first")),
            ("budget", _("Smallest budget first")),
            *BY_TITLE,
        ],
    )

    class Meta:
        model = Scenario
        fields = ["q", "domain", "capability", "zone", "region", "status", "tier", "replicable", "owner"]

    def filter_domain(self, queryset, name, value):
        return queryset.filter(domain=value)

    def filter_zone(self, queryset, name, value):
        return queryset.filter(county__zone=value)

    # Ranges overlap: the scenario's budget reaches the asked minimum and starts below the asked maximum.
    def filter_budget_min(self, queryset, name, value):
        return queryset.filter(Q(budget_max__isnull=True) | Q(budget_max__gte=value))

    def filter_budget_max(self, queryset, name, value):
        return queryset.filter(Q(budget_min__isnull=True) | Q(budget_min__lte=value))


class SolutionFilter(_CatalogFilter):
    region = CodeFilter(
        queryset=Region.objects.only("code", "name_zh", "name_en", "level"),
        to_field_name="code",
        method="filter_region",
        label=_("Deployed in (city or county)"),
        empty_label=ALL,
        widget=CachedOptionsSelect,
    )
    status = StatusFilter(choices=Solution.Status.choices, label=_("Status"), empty_label=ALL)
    maturity = django_filters.MultipleChoiceFilter(choices=Solution.Maturity.choices, label=_("Maturity"))
    delivery_model = django_filters.ChoiceFilter(
        choices=Solution.Delivery.choices, label=_("Delivery model"), empty_label=ALL
    )
    price_min = MoneyFilter(method="filter_price_min", label=_("Price at least (CNY)"))
    price_max = MoneyFilter(method="filter_price_max", label=_("Price at most (CNY)"))
    owner = django_filters.NumberFilter(field_name="owner_id", label=_("Organisation id"), widget=forms.HiddenInput)
    ordering = sort_by(
        fields=(("published_at", "published"), ("price_min", "price"), ("title", "title")),
        choices=[*BY_PUBLISHED, ("price", _("Lowest price first")), ("-price", _("Highest price first")), *BY_TITLE],
    )

    class Meta:
        model = Solution
        fields = ["q", "domain", "capability", "zone", "region", "status", "maturity", "owner"]

    # Many-valued joins go through subqueries so a solution is never listed twice.
    def filter_domain(self, queryset, name, value):
        return queryset.filter(pk__in=Solution.domains.through.objects.filter(domain=value).values("solution_id"))

    def filter_zone(self, queryset, name, value):
        return queryset.filter(
            Q(owner__region__zone=value)
            | Q(pk__in=Solution.objects.filter(deployments__county__zone=value).values("pk"))
        )

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            pk__in=Solution.objects.filter(deployments__county__code__startswith=value.code_prefix).values("pk")
        )

    def filter_price_min(self, queryset, name, value):
        return queryset.filter(Q(price_max__isnull=True) | Q(price_max__gte=value))

    def filter_price_max(self, queryset, name, value):
        return queryset.filter(Q(price_min__isnull=True) | Q(price_min__lte=value))
