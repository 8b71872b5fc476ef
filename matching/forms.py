from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Capability, Domain
from directory.models import Organization, Region
from matching.models import Subscription


class SubscriptionForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Firm"), queryset=Organization.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=100, required=False, help_text=_("For your own overview."))
    domains = forms.ModelMultipleChoiceField(
        label=_("Domains"), queryset=Domain.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    capabilities = forms.ModelMultipleChoiceField(
        label=_("Capabilities"),
        queryset=Capability.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8, "data-searchable": ""}),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Counties or cities"),
        queryset=Region.objects.exclude(level=Region.Level.PROVINCE).order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8, "data-searchable": ""}),
        help_text=_("A city stands for every county under it."),
    )
    zones = forms.MultipleChoiceField(
        label=_("Zones"), choices=Region.Zone.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"), choices=Subscription.Delivery.choices, initial=Subscription.Delivery.IMMEDIATE
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        # Counties grouped under their city (two cities each have a 鼓楼区); read when the form is drawn.
        self.fields["regions"].choices = regions_grouped_by_city


def regions_grouped_by_city() -> list[tuple[str, list[tuple[int, str]]]]:
    """One option group per city: the whole city first, then its county-level units, in code order."""
    regions = Region.objects.exclude(level=Region.Level.PROVINCE).order_by("code")
    groups: dict[str, tuple[str, list[tuple[int, str]]]] = {}
    for region in regions:
        city_code = region.code if region.level == Region.Level.CITY else region.parent_id
        if region.level == Region.Level.CITY:
            groups[city_code] = (region.name, [(region.pk, _("%(city)s (all counties)") % {"city": region.name})])
        elif city_code in groups:
            groups[city_code][1].append((region.pk, region.name))
    return list(groups.values())


class RegionPairForm(forms.Form):
    south_city = forms.ModelChoiceField(
        label=_("Southern partner (city or county)"),
        queryset=Region.objects.filter(level__in=(Region.Level.CITY, Region.Level.COUNTY)).order_by("code"),
    )
    north_city = forms.ModelChoiceField(
        label=_("Paired city or county (苏北/苏中)"),
        queryset=Region.objects.filter(
            level__in=(Region.Level.CITY, Region.Level.COUNTY), zone__in=(Region.Zone.NORTH, Region.Zone.CENTRE)
        ).order_by("code"),
    )
    programme = forms.CharField(label=_("Programme"), max_length=200, required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        required=False,
        help_text=_("Where the pairing is documented (publication, date, address)."),
    )
