"""Forms of the proposal pages. They only shape input; the services decide (their errors land on the form)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.filters import MoneyField
from catalog.models import Domain, Solution
from core.forms import GivenQuerysetsMixin
from directory.models import Organization, User
from proposals.models import MAX_SCORE, MIN_SCORE, AcceptanceReport, Engagement, Expert, Proposal
from proposals.services import clean_price


class ProposalForm(forms.Form):
    solutions = forms.ModelMultipleChoiceField(
        label=_("Solutions"),
        queryset=Solution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("One or more of your firm's published solutions."),
    )
    approach = forms.CharField(
        label=_("Approach"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000, required=False
    )
    deliverables = forms.CharField(
        label=_("Deliverables"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000, required=False
    )
    price = forms.CharField(
        label=_("Price (CNY)"),
        max_length=40,
        required=False,
        help_text=_(
            "In yuan, e.g. 1200000 or 120万. Seen only by your firm, "
            "the owner county after the deadline and the provincial office."
        ),
    )
    timeline = forms.CharField(
        label=_("Timeline"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    team = forms.CharField(label=_("Team"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)
    local_service = forms.CharField(
        label=_("Local service commitment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    declares_no_conflict = forms.BooleanField(label=_("I declare no conflict of interest"), required=False)
    declares_data_security = forms.BooleanField(
        label=_("I declare compliance with data-security rules (数据安全)"), required=False
    )

    def __init__(self, *args, firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solutions"].queryset = Solution.objects.filter(
            owner=firm, status=Solution.Status.PUBLISHED
        ).order_by("title")

    def clean_price(self):
        raw = self.cleaned_data.get("price", "")
        if raw in (None, ""):
            return None
        try:
            return clean_price(raw)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["price"]) from None


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, image, Word or Excel; 20 MB at most)"))


class AssignEvaluatorForm(forms.Form):
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=User.objects.none())

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = users


class DeclareForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Declaration"),
        choices=[
            ("no_conflict", _("I have no conflict of interest with any bidder")),
            ("recuse", _("I recuse myself")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for recusal"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoreForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} ({criterion.weight}%)",
                min_value=MIN_SCORE,
                max_value=MAX_SCORE,
                initial=(initial_scores or {}).get(criterion.pk),
                help_text=_("Whole number from %(min)d to %(max)d.") % {"min": MIN_SCORE, "max": MAX_SCORE},
            )
        self.order_fields([f"c{c.pk}" for c in self.criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class SheetRowForm(ScoreForm):
    """One proposal's row of the evaluation sheet: every score optional, so half-done work can be saved."""

    def __init__(self, *args, initial_comment: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"].required = False
            self.fields[f"c{criterion.pk}"].widget.attrs.update({"inputmode": "numeric", "class": "score-input"})
        self.fields["comment"].initial = initial_comment

    def entered(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}

    def is_complete(self) -> bool:
        return all(v is not None for v in self.entered().values())


class AwardForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Winning proposals"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose more than one for parallel pilots (赛马)."),
    )
    reason = forms.CharField(label=_("Published reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    standstill = forms.IntegerField(label=_("Standstill period (days)"), min_value=0, max_value=60)

    def __init__(self, *args, proposals, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals
        self.fields["proposals"].label_from_instance = lambda p: labels.get(p.pk, str(p))


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("Objection"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Response"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AdvanceForm(forms.Form):
    to = forms.ChoiceField(
        label=_("New state"), choices=[(s, label) for s, label in Engagement.Status.choices if s != "contracted"]
    )
    outcome = forms.CharField(
        label=_("Outcome"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    cost = MoneyField(
        label=_("Cost of the pilot (CNY), for the replicable case"),
        required=False,
        help_text=_("Only on acceptance. Published in the replicable case; leave empty not to publish a cost."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneDoneForm(forms.Form):
    done_date = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}), required=False)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class KpiForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    target = forms.CharField(label=_("Target"), max_length=200)
    result = forms.CharField(label=_("Result"), max_length=200, required=False)
    met = forms.NullBooleanField(label=_("Target met"), required=False)


class LessonsForm(forms.Form):
    lessons = forms.CharField(
        label=_("Lessons learned"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    outcome = forms.CharField(
        label=_("Outcome"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class KpiReportForm(forms.Form):
    """A result against one KPI row of the scenario (``kpi`` is the row's id)."""

    kpi = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.CharField(label=_("Result"), max_length=200)
    met = forms.NullBooleanField(label=_("Target met"), required=False)


class MilestoneWaiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for waiving"), max_length=2000)


class AcceptanceReportForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=AcceptanceReport.Conclusion.choices)
    summary = forms.CharField(label=_("Summary of findings"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label=_("Conditions"),
        max_length=2000,
        required=False,
        help_text=_("Required when the pilot passed with conditions."),
    )
    upload = forms.FileField(label=_("Acceptance report (PDF, DOCX …)"))


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CommitteeForm(GivenQuerysetsMixin, forms.Form):
    members = MemberChoiceField(
        label=_("Committee members"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Named members of the owner office."),
    )
    quorum = forms.IntegerField(label=_("Sign-offs needed"), min_value=1, max_value=20)
    given_querysets = ("members",)


class SignoffForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=1000, required=False)


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Problem"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    solution_summary = forms.CharField(label=_("Solution"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    cost = MoneyField(label=_("Cost (CNY)"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    lessons = forms.CharField(
        label=_("Lessons"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)


class ContractValueForm(forms.Form):
    """The owner office states a winning proposal's contract value during the standstill period."""

    proposal = forms.TypedChoiceField(label=_("Winning proposal"), coerce=int)
    value = MoneyField(label=_("Contract value (CNY)"), help_text=_("In yuan, e.g. 1200000 or 120万."))

    def __init__(self, *args, winners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [(p.pk, p.firm.name) for p in winners]


class PaymentForm(forms.Form):
    """A payment against a done milestone (the service refuses anything else)."""

    milestone = forms.TypedChoiceField(label=_("Milestone"), coerce=int)
    amount = MoneyField(label=_("Amount (CNY)"), help_text=_("In yuan, e.g. 300000 or 30万."))
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=pgettext_lazy("payment", "Note"), max_length=500, required=False)

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [(m.pk, m.title) for m in milestones]


# ---------------------------------------------------------------- evaluation panels


class PanelDrawForm(forms.Form):
    size = forms.IntegerField(label=_("Panel size"), min_value=1, max_value=15, initial=3)
    reserves = forms.IntegerField(label=_("Reserve experts"), min_value=0, max_value=10, initial=2)


class ExpertForm(forms.Form):
    username = forms.CharField(label=_("Username of the person"), max_length=150)
    organization = forms.ModelChoiceField(label=_("Works for"), queryset=Organization.objects.none())
    domains = forms.ModelMultipleChoiceField(
        label=_("Domains"), queryset=Domain.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    speciality = forms.CharField(label=_("Title and speciality"), max_length=200, required=False)

    def __init__(self, *args, organizations, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["domains"].queryset = domains


class ExpertTieForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=Expert.objects.none())
    organization = forms.ModelChoiceField(label=_("Tied to"), queryset=Organization.objects.none())
    nature = forms.CharField(label=_("Nature of the tie"), max_length=200)

    def __init__(self, *args, experts, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["organization"].queryset = organizations
