"""Forms a county clerk or a firm can fill in without training: grouped sections, plain-language help,
amounts in yuan (full-width digits and 万 accepted), and the services' errors shown on the right field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.filters import MoneyField
from catalog.models import Capability, Domain, OpenResource, Scenario, Solution
from catalog.services.common import MAX_TAG_LENGTH, MAX_TAGS
from core.forms import GivenQuerysetsMixin
from core.text import normalize_text
from directory.models import Region
from vocabulary import fold

if TYPE_CHECKING:  # a dev-only package: the annotation is never evaluated at run time
    from django_stubs_ext import StrOrPromise


class CapabilityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_zh} / {obj.name_en}"


class CapabilityPicker(forms.SelectMultiple):
    """A multi-select that static/js/capability-picker.js turns into a searchable picker (zh and en, synonyms)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-capability-picker": "true", "size": 8, **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-terms"] = " ".join(fold(term) for term in instance.terms())
        return option


class TagsField(forms.CharField):
    """Comma-separated free-text tags (、，, or ; separate them). With ``max_tags`` / ``max_tag_length``, more
    (distinct) tags or a longer one is a form error, never silently dropped or cut."""

    def __init__(self, *, max_tags: int | None = None, max_tag_length: int | None = None, **kwargs):
        self.max_tags, self.max_tag_length = max_tags, max_tag_length
        super().__init__(**kwargs)

    def to_python(self, value):
        text = normalize_text(super().to_python(value) or "")
        for separator in ("、", "，", ";", "；"):
            text = text.replace(separator, ",")
        return [t.strip() for t in text.split(",") if t.strip()]

    def validate(self, value):
        super().validate(value)
        if self.max_tag_length is not None:
            for tag in value:
                if len(tag) > self.max_tag_length:
                    raise forms.ValidationError(
                        _("Each keyword has at most %(limit)d characters; shorten “%(start)s…”."),
                        code="tag_too_long",
                        params={"limit": self.max_tag_length, "start": tag[:10]},
                    )
        count = len(dict.fromkeys(value))
        if self.max_tags is not None and count > self.max_tags:
            raise forms.ValidationError(
                _("Give at most %(limit)d keywords (you gave %(count)d)."),
                code="too_many_tags",
                params={"limit": self.max_tags, "count": count},
            )

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value


class KeywordsField(TagsField):
    """The "other keywords" of a scenario or a solution, with the limits the API and the services apply."""

    def __init__(self, **kwargs):
        defaults = {
            "label": _("Other keywords"),
            "required": False,
            "max_length": 1000,
            "max_tags": MAX_TAGS,
            "max_tag_length": MAX_TAG_LENGTH,
            "help_text": _("Separated by commas. Keywords we recognise are added as capabilities."),
        }
        super().__init__(**{**defaults, **kwargs})


class GroupedFormMixin:
    groups: list[tuple[StrOrPromise, list[str]]] = []

    def fieldsets(self):
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in self.groups]


class ScenarioForm(GroupedFormMixin, forms.Form):
    groups = [
        (_("What is the scenario?"), ["title", "summary", "domain", "tier", "capabilities", "tags"]),
        (_("The problem"), ["problem_statement"]),
        (_("Where"), ["county"]),
        (_("Money and time"), ["budget_min", "budget_max", "funding_model", "deadline", "pilot_start", "pilot_end"]),
        (_("Contact and sharing"), ["contact_name", "contact_email", "contact_phone", "replicable", "language"]),
        (_("Notes"), ["expected_outcomes", "open_resources"]),
    ]

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in lists."),
    )
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=Domain.objects.all(), empty_label=_("— choose —"))
    tier = forms.ChoiceField(label=_("Tier"), choices=Scenario.Tier.choices, initial=Scenario.Tier.SMALL)
    capabilities = CapabilityChoiceField(
        label=_("Capabilities sought"),
        queryset=Capability.objects.order_by("code"),
        required=False,
        widget=CapabilityPicker,
        help_text=_("Type in Chinese or English to find a capability, e.g. 远程医疗 or telemedicine."),
    )
    tags = KeywordsField()
    problem_statement = forms.CharField(
        label=_("Problem statement"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is wrong today, for whom, and how big is it? Required before publishing."),
    )
    expected_outcomes = forms.CharField(
        label=_("Notes on expected outcomes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. The KPI rows above are what firms answer to and report against."),
    )
    county = forms.ModelChoiceField(label=_("County"), queryset=Region.objects.counties().order_by("code"))
    open_resources = forms.CharField(
        label=_("Notes on opened resources"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Firms request access to the resource records above."),
    )
    budget_min = MoneyField(
        label=_("Budget from (CNY)"),
        required=False,
        help_text=_("In yuan; 50万 means 500,000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    budget_max = MoneyField(
        label=_("Budget up to (CNY)"),
        required=False,
        help_text=_("Required before publishing."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    funding_model = forms.ChoiceField(label=_("Funding model"), choices=Scenario.Funding.choices)
    deadline = forms.DateTimeField(
        label=_("Submission deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Beijing time. Must be in the future when you publish."),
    )
    pilot_start = forms.DateField(
        label=_("Pilot starts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    pilot_end = forms.DateField(label=_("Pilot ends"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    replicable = forms.BooleanField(label=_("Other counties may adopt this scenario (可复制、可推广)"), required=False)
    language = forms.ChoiceField(label=_("Language of the text"), choices=[("zh", "中文"), ("en", "English")])

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if owner is not None and owner.kind == "county_office":
            # A county office publishes only for its own county: show it, do not ask.
            self.fields["county"].queryset = Region.objects.filter(code=owner.region_id)
            self.fields["county"].initial = owner.region_id
            self.fields["county"].empty_label = None
        self.fields["deadline"].widget.attrs["min"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        return data


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("weight"):
            self.add_error("weight", _("Give this criterion a weight."))
        if data.get("weight") and not data.get("name"):
            self.add_error("name", _("Name this criterion."))
        return data


class BaseCriterionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        total = sum(f.cleaned_data.get("weight") or 0 for f in self.forms if f.cleaned_data.get("name"))
        if self.criteria() and total != 100:
            raise forms.ValidationError(
                _("The weights must sum to 100 (they sum to %(total)d).") % {"total": total}, code="weights"
            )

    def criteria(self) -> list[tuple[str, int]]:
        return [
            (f.cleaned_data["name"], f.cleaned_data["weight"])
            for f in self.forms
            if getattr(f, "cleaned_data", None) and f.cleaned_data.get("name")
        ]


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet, extra=0, min_num=4, max_num=10)


def criteria_formset(data=None, *, scenario: Scenario | None = None):
    initial = None
    if scenario is not None:
        initial = [{"name": c.name, "weight": c.weight} for c in scenario.criteria.all()]
    elif data is None:
        initial = [
            {"name": _("Technical approach"), "weight": 40},
            {"name": _("Track record in similar counties"), "weight": 30},
            {"name": _("Price"), "weight": 20},
            {"name": _("Local service and support"), "weight": 10},
        ]
    return CriterionFormSet(data, initial=initial, prefix="criteria")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    extend_deadline_to = forms.DateTimeField(
        label=_("Extend the deadline to (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )


class SolutionForm(GroupedFormMixin, forms.Form):
    groups = [
        (_("What is the solution?"), ["title", "summary", "description", "domains", "capabilities", "tags"]),
        (
            _("Maturity, price and delivery"),
            ["maturity", "price_min", "price_max", "delivery_model", "certifications", "languages"],
        ),
        (_("Contact"), ["contact_name", "contact_email", "contact_phone", "language"]),
    ]

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Description"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Domains"), queryset=Domain.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    capabilities = CapabilityChoiceField(
        label=_("Capabilities"),
        queryset=Capability.objects.order_by("code"),
        required=False,
        widget=CapabilityPicker,
        help_text=_("Type in Chinese or English to find a capability, e.g. 远程医疗 or telemedicine."),
    )
    tags = KeywordsField()
    maturity = forms.ChoiceField(label=_("Maturity"), choices=Solution.Maturity.choices)
    price_min = MoneyField(
        label=_("Price from (CNY)"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    price_max = MoneyField(
        label=_("Price up to (CNY)"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    delivery_model = forms.ChoiceField(label=_("Delivery model"), choices=Solution.Delivery.choices)
    certifications = forms.CharField(
        label=_("Certifications"), max_length=500, required=False, help_text=_("E.g. 等保三级, ISO 27001.")
    )
    languages = TagsField(label=_("Interface languages"), required=False, max_length=100, help_text=_("E.g. zh, en"))
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    language = forms.ChoiceField(label=_("Language of the text"), choices=[("zh", "中文"), ("en", "English")])


class DeploymentForm(forms.Form):
    county = forms.ModelChoiceField(label=_("County"), queryset=Region.objects.counties().order_by("code"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


def _option(label, help_text) -> forms.BooleanField:
    return forms.BooleanField(label=label, help_text=help_text, required=False)


class CatalogImportForm(forms.Form):
    """A bulk import by the provincial office: scenarios or solutions from a JSON Lines, CSV or XLSX file (the
    columns of docs/catalog.md), run in the background."""

    EXTENSIONS = (".jsonl", ".json", ".csv", ".xlsx")

    model = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("scenarios", _("Scenarios")), ("solutions", _("Solutions"))],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"), help_text=_("JSON Lines, CSV (UTF-8 or GB18030) or XLSX, with the columns of the guide.")
    )
    publish = _option(_("Publish at once"), _("Otherwise every row is saved as a draft of its owner."))
    deadline = forms.DateField(
        label=_("Deadline for rows without one"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed to publish scenarios whose rows give no deadline (17:00 Beijing time that day)."),
    )
    create_orgs = _option(
        _("Create missing organisations"), _("County offices by county code, firms by name; created as verified.")
    )
    skip_invalid = _option(
        _("Save the valid rows and list the others"), _("Otherwise nothing is saved when any row is invalid.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(self.EXTENSIONS):
            raise forms.ValidationError(_("Choose a .jsonl, .json, .csv or .xlsx file."))
        limit = settings.CATALOG_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit})
        return upload


class ReviewPolicyForm(forms.Form):
    required = forms.BooleanField(
        label=_("Scenarios are reviewed before publication (county → city → province)"), required=False
    )


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=[("", _("no grade")), *Scenario.Grade.choices], required=False)


class BatchForm(GivenQuerysetsMixin, forms.Form):
    """The province publishes the chosen reviewed scenarios as its next numbered batch."""

    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    scenarios = forms.ModelMultipleChoiceField(
        label=_("Scenarios to publish"), queryset=Scenario.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    given_querysets = ("scenarios",)


class KpiForm(forms.Form):
    """One KPI row of a scenario; a blank row is ignored."""

    indicator = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.CharField(label=_("Baseline"), max_length=100, required=False)
    target = forms.CharField(label=_("Target"), max_length=200, required=False)
    method = forms.CharField(label=_("How it is measured"), max_length=500, required=False)
    due_date = forms.DateField(label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in ("unit", "baseline", "target", "method", "due_date")) or data.get(
            "indicator"
        ):
            if not data.get("indicator"):
                self.add_error("indicator", _("Name the indicator."))
            if not data.get("target"):
                self.add_error("target", _("Give the target."))
        return data


class BaseRowFormSet(forms.BaseFormSet):
    """A formset whose filled-in rows (``key`` set) are handed to a service as a list of dicts."""

    key = ""

    def rows(self) -> list[dict]:
        return [
            dict(f.cleaned_data)
            for f in self.forms
            if getattr(f, "cleaned_data", None) and f.cleaned_data.get(self.key)
        ]


class BaseKpiFormSet(BaseRowFormSet):
    key = "indicator"


class ResourceForm(forms.Form):
    """One resource the county opens; a blank row is ignored."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("— choose —")), *OpenResource.Kind.choices], required=False
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False)
    available_from = forms.DateField(
        label=_("Available from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    available_until = forms.DateField(
        label=_("Available until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    access_terms = forms.CharField(label=_("Access terms"), max_length=2000, required=False)

    def clean(self):
        data = super().clean()
        if any(data.get(n) for n in ("kind", "name", "description", "access_terms", "available_from")):
            if not data.get("name"):
                self.add_error("name", _("Name the resource."))
            if not data.get("kind"):
                self.add_error("kind", _("Choose a kind."))
            if not data.get("access_terms"):
                self.add_error("access_terms", _("State the access terms."))
        return data


class BaseResourceFormSet(BaseRowFormSet):
    key = "name"


KpiFormSet = forms.formset_factory(KpiForm, formset=BaseKpiFormSet, extra=2, max_num=20)
ResourceFormSet = forms.formset_factory(ResourceForm, formset=BaseResourceFormSet, extra=2, max_num=20)


def kpi_formset(data=None, *, scenario: Scenario | None = None):
    initial = None
    if scenario is not None:
        initial = list(scenario.kpis.values("indicator", "unit", "baseline", "target", "method", "due_date"))
    return KpiFormSet(data, initial=initial, prefix="kpis")


def resource_formset(data=None, *, scenario: Scenario | None = None):
    initial = None
    if scenario is not None:
        initial = list(
            scenario.resources.values(
                "kind", "name", "description", "available_from", "available_until", "access_terms"
            )
        )
    return ResourceFormSet(data, initial=initial, prefix="resources")


class ResourceRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("What do you need it for?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResourceDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the firm (required to refuse)"), max_length=2000, required=False)
