from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Organization, Region


class RegionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent_id", label=_("parent region code"))
    code_prefix = django_filters.CharFilter(field_name="code", lookup_expr="startswith", label=_("code prefix"))

    class Meta:
        model = Region
        fields = ["level", "zone", "kind", "parent", "code_prefix"]


class RegionCodeField(forms.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Unknown region code “%(code)s”.") % {"code": value}, code="invalid_choice"
            ) from None


class RegionCodeFilter(django_filters.ModelChoiceFilter):
    """A region by code; an unknown code is refused naming it (documented as an enum of the codes)."""

    field_class = RegionCodeField


class OrganizationFilter(django_filters.FilterSet):
    region = RegionCodeFilter(
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
