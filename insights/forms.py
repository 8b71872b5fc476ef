from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Region
from insights import indicators
from insights.models import IndicatorTarget


class IndicatorChoiceForm(forms.Form):
    """The province page's selector (GET): which indicator, absolute or per 10,000 residents."""

    indicator = forms.ChoiceField(label=_("Indicator"), choices=indicators.choices, required=False)
    basis = forms.ChoiceField(
        label=_("Figure"),
        choices=[("per_10k", _("per 10,000 residents")), ("absolute", _("absolute"))],
        required=False,
    )


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=indicators.choices)
    zone = forms.ChoiceField(label=_("Zone"), choices=Region.Zone.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    basis = forms.ChoiceField(label=_("Basis"), choices=IndicatorTarget.Basis.choices)
    value = forms.FloatField(label=_("Target value (as of the year's end)"), min_value=0)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
