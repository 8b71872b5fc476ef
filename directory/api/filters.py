from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from directory.models import Organization, Region


class RegionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent_id", label=_("parent region code"))
    code_prefix = django_filters.CharFilter(field_name="code", lookup_expr="startswith", label=_("code prefix"))

    class Meta:
        model = Region
        fields = ["level", "zone", "kind", "parent", "code_prefix"]


class OrganizationFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.only("code", "name_zh", "name_en"),
        to_field_name="code",
        method="filter_region",
        label=_("region code (includes everything under it)"),
    )
    zone = django_filters.ChoiceFilter(field_name="region__zone", choices=Region.Zone.choices, label=_("zone"))
    verification = django_filters.ChoiceFilter(
        field_name="verification_status", choices=Organization.Verification.choices, label=_("verification")
    )

    class Meta:
        model = Organization
        fields = ["kind", "region", "zone", "verification"]

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value) if value else queryset
