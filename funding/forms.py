"""Forms of the rewards and vouchers pages. They only shape input; the services decide (their errors land on
the form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.filters import MoneyField
from catalog.models import Scenario
from directory.models import Organization
from funding.models import Grant
from funding.permissions import GRANTEE_KINDS
from proposals.models import Engagement


class GrantForm(forms.Form):
    grantor = forms.ModelChoiceField(label=_("Granted by"), queryset=Organization.objects.none())
    grantee = forms.ModelChoiceField(
        label=_("Granted to"),
        queryset=Organization.objects.none(),
        help_text=_("A county office or a firm."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Grant.Kind.choices)
    amount = MoneyField(label=_("Amount (CNY)"), help_text=_("In yuan, e.g. 500000 or 50万."))
    conditions = forms.CharField(
        label=_("Conditions"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the grantee must do or prove, e.g. pass acceptance by a date."),
    )
    granted_on = forms.DateField(label=_("Granted on"), widget=forms.DateInput(attrs={"type": "date"}))
    scenario = forms.ModelChoiceField(label=_("Scenario (optional)"), queryset=Scenario.objects.none(), required=False)
    engagement = forms.ModelChoiceField(
        label=_("Engagement (optional)"), queryset=Engagement.objects.none(), required=False
    )

    def __init__(self, *args, grantors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grantor"].queryset = Organization.objects.filter(pk__in=[o.pk for o in grantors])
        if len(grantors) == 1:
            self.fields["grantor"].initial = grantors[0].pk
        self.fields["grantee"].queryset = (
            Organization.objects.verified().filter(kind__in=GRANTEE_KINDS).order_by("kind", "name_zh")
        )
        self.fields["scenario"].queryset = Scenario.objects.filter(published_at__isnull=False).order_by("-published_at")
        self.fields["engagement"].queryset = Engagement.objects.select_related("scenario", "solution").order_by(
            "-contracted_at"
        )


class GrantPaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class GrantWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
