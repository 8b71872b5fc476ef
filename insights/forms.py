from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Region
from insights import indicators, maturity
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


class MaturityForm(forms.Form):
    """One level (1–5, each with its description) and the evidence links per dimension."""

    def __init__(self, *args, initial_answers: dict[str, tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_answers = initial_answers or {}
        for dimension in maturity.DIMENSIONS:
            level, evidence = initial_answers.get(dimension.code, (None, ""))
            self.fields[f"level_{dimension.code}"] = forms.TypedChoiceField(
                label=dimension.name,
                choices=[(level.number, f"{level.number} · {level.text}") for level in dimension.levels],
                coerce=int,
                widget=forms.RadioSelect,
                initial=level,
                required=False,
            )
            self.fields[f"evidence_{dimension.code}"] = forms.CharField(
                label=_("Evidence (web addresses, one per line)"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
                required=False,
                initial=evidence,
            )

    def answers(self) -> dict[str, tuple[int, str]]:
        """The dimensions given a level, with their evidence."""
        out: dict[str, tuple[int, str]] = {}
        for dimension in maturity.DIMENSIONS:
            level = self.cleaned_data.get(f"level_{dimension.code}")
            if isinstance(level, int):
                out[dimension.code] = (level, str(self.cleaned_data.get(f"evidence_{dimension.code}", "")))
        return out

    def dimension_fields(self):
        return [
            (dimension, self[f"level_{dimension.code}"], self[f"evidence_{dimension.code}"])
            for dimension in maturity.DIMENSIONS
        ]


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class AttentionForm(forms.Form):
    months = forms.IntegerField(
        label=_("No scenario published for (months)"), min_value=1, max_value=36, required=False
    )
