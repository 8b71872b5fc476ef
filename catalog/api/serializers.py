from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import (
    Attachment,
    Batch,
    Capability,
    Deployment,
    Domain,
    OpenResource,
    Question,
    ResourceRequest,
    ReviewPolicy,
    Scenario,
    Solution,
)
from catalog.services import SCENARIO_FIELDS, SOLUTION_FIELDS
from catalog.services.common import MAX_TAG_LENGTH, MAX_TAGS
from directory.models import Organization, Region

CODE_ERRORS = {"does_not_exist": _("Unknown code “{value}”."), "invalid": _("Give a code.")}


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["code", "name_zh", "name_en"]


class CapabilitySerializer(serializers.ModelSerializer):
    domains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Capability
        fields = ["code", "name_zh", "name_en", "synonyms_zh", "synonyms_en", "domains"]


class OrganizationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name_zh", "name_en"]


class CriterionSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    weight = serializers.IntegerField(min_value=1, max_value=100)


class KpiSerializer(serializers.Serializer):
    """One KPI row: what is measured (unit), from which baseline to which target, how, by when."""

    id = serializers.IntegerField(read_only=True)
    indicator = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    baseline = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    target = serializers.CharField(max_length=200)
    method = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class OpenResourceSerializer(serializers.Serializer):
    """A resource the county opens: kind, name, time window and access terms."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=OpenResource.Kind.choices)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    available_from = serializers.DateField(required=False, allow_null=True, default=None)
    available_until = serializers.DateField(required=False, allow_null=True, default=None)
    access_terms = serializers.CharField(max_length=2000)


class ResourceRequestSerializer(serializers.ModelSerializer):
    """A firm's request for an opened resource and the owner office's decision (the log of access)."""

    resource: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    scenario = serializers.IntegerField(source="resource.scenario_id", read_only=True)
    firm = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = ResourceRequest
        fields = [
            "id",
            "resource",
            "scenario",
            "firm",
            "purpose",
            "status",
            "requested_at",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class ResourceRequestCreateSerializer(serializers.Serializer):
    resource = serializers.PrimaryKeyRelatedField(queryset=OpenResource.objects.select_related("scenario"))
    firm = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.FIRM),
        required=False,
        help_text=_("Firm id; defaults to the only firm the user acts for."),
    )
    purpose = serializers.CharField(max_length=2000)


class ResourceDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


# What a scenario and a solution share: the owner in brief, capabilities by code, free tags, and the fields their
# lists begin with (ENTRY_FIELDS). Each subclass declares its own url, owner and status. A comment, not a
# docstring: drf-spectacular would give the docstring to every component of the subclasses.
class CatalogEntrySerializer(serializers.ModelSerializer):
    owner_detail = OrganizationBriefSerializer(source="owner", read_only=True)
    capabilities = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Capability.objects.all(), required=False, error_messages=CODE_ERRORS
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TAG_LENGTH), required=False, max_length=MAX_TAGS
    )


ENTRY_FIELDS = ["id", "url", "owner", "owner_detail", "title", "summary"]


def _entry_fields(editable: tuple[str, ...], *api_only: str) -> list[str]:
    """ENTRY_FIELDS, the fields the catalog services edit (their one list, in catalog.services), then the API's own."""
    return [*ENTRY_FIELDS, *(name for name in editable if name not in ENTRY_FIELDS), *api_only]


class ScenarioSerializer(CatalogEntrySerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:scenario-detail")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        help_text=_("Publishing organisation id; defaults to the only office the user may publish for."),
    )
    domain = serializers.SlugRelatedField(slug_field="code", queryset=Domain.objects.all(), error_messages=CODE_ERRORS)
    county = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=Region.Level.COUNTY),
        required=False,
        error_messages={
            **CODE_ERRORS,
            "does_not_exist": _("Choose a county-level region (district, county or county-level city)."),
        },
    )
    criteria = CriterionSerializer(many=True, required=False)
    kpis = KpiSerializer(many=True, required=False, help_text=_("At least one is needed to publish."))
    resources = OpenResourceSerializer(many=True, required=False)
    budget_min = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    budget_max = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = _entry_fields(
            SCENARIO_FIELDS,
            "capabilities",
            "criteria",
            "kpis",
            "resources",
            "replicated_from",
            "status",
            "grade",
            "batch",
            "published_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = [
            "replicated_from",
            "published_at",
            "created_at",
            "updated_at",
            "external_ref",
            "grade",
            "batch",
        ]

    # Empty until the province grades it: the description lists the values (an enum could not say "or empty").
    grade = serializers.CharField(
        read_only=True, help_text="demonstration (示范), benchmark (标杆), or empty while not graded"
    )

    # Values listed in the description rather than an enum: a third "status" enum would collide in the schema.
    @extend_schema_field(
        {"type": "string", "readOnly": True, "description": "Effective state: " + ", ".join(Scenario.Status.values)}
    )
    def get_status(self, obj) -> str:
        return obj.effective_status

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["criteria"] = [{"name": c.name, "weight": c.weight} for c in instance.criteria.all()]
        data["kpis"] = KpiSerializer(instance.kpis.all(), many=True).data
        data["resources"] = OpenResourceSerializer(instance.resources.all(), many=True).data
        return data


class ScenarioListSerializer(ScenarioSerializer):
    """The list omits the long texts and criteria (one query less per page, flat in page size)."""

    class Meta(ScenarioSerializer.Meta):
        fields = [
            f
            for f in ScenarioSerializer.Meta.fields
            if f not in ("problem_statement", "expected_outcomes", "open_resources", "criteria", "kpis", "resources")
        ]

    def to_representation(self, instance):
        return serializers.ModelSerializer.to_representation(self, instance)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RequiredReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class GradeSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=[("", "—"), *Scenario.Grade.choices], allow_blank=True)


class BatchSerializer(serializers.ModelSerializer):
    """A published batch (机会清单 第N批): number, title, province and its scenarios' ids, graded ones first."""

    url = serializers.HyperlinkedIdentityField(view_name="api:batch-detail")
    province = serializers.CharField(source="province_id", read_only=True)
    scenarios = serializers.SerializerMethodField()

    class Meta:
        model = Batch
        fields = ["id", "url", "province", "number", "title", "published_at", "scenarios"]
        read_only_fields = fields

    def get_scenarios(self, obj) -> list[int]:
        return [s.pk for s in obj.scenarios.all()]


class ReviewPolicySerializer(serializers.ModelSerializer):
    """Whether a province reviews scenarios before publication (county submits → city reviews → province publishes
    in a batch). The provincial office sets ``required`` with PUT."""

    province = serializers.CharField(source="province_id", read_only=True, help_text="GB/T 2260 code (six digits).")
    province_name = serializers.CharField(source="province.name_zh", read_only=True)

    class Meta:
        model = ReviewPolicy
        fields = ["province", "province_name", "required", "updated_at"]
        read_only_fields = ["updated_at"]
        # The model's default (False) must not make a PUT without ``required`` switch review off.
        extra_kwargs = {"required": {"required": True}}


class BatchCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    scenarios = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)


class AdoptSerializer(serializers.Serializer):
    office = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.COUNTY_OFFICE),
        required=False,
        help_text=_("Adopting county office id; defaults to the only one the user may publish for."),
    )


class QuestionSerializer(serializers.ModelSerializer):
    asker = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "text", "answer", "created_at", "answered_at", "asker"]
        read_only_fields = ["answer", "created_at", "answered_at"]

    @extend_schema_field(OrganizationBriefSerializer(allow_null=True))
    def get_asker(self, obj):
        """The asking firm, shown only to the owner office and the provincial office."""
        if self.context.get("show_asker"):
            return OrganizationBriefSerializer(obj.asker_organization).data
        return None


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=8000)
    extend_deadline_to = serializers.DateTimeField(required=False, allow_null=True)


class DeploymentSerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=Region.Level.COUNTY),
        error_messages={**CODE_ERRORS, "does_not_exist": _("Choose a county-level region.")},
    )

    class Meta:
        model = Deployment
        fields = ["county", "year", "note", "verification", "verified_at"]
        read_only_fields = ["verification", "verified_at"]

    def get_fields(self):
        fields = super().get_fields()
        # The year a deployment started: from 1990 to this year (deployment_add refuses others).
        fields["year"] = serializers.IntegerField(
            min_value=1990, max_value=timezone.localdate().year, required=False, allow_null=True
        )
        return fields


class SolutionSerializer(CatalogEntrySerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:solution-detail")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.FIRM),
        required=False,
        help_text=_("Firm id; defaults to the only firm the user may publish for."),
    )
    domains = serializers.SlugRelatedField(
        slug_field="code", many=True, allow_empty=False, queryset=Domain.objects.all(), error_messages=CODE_ERRORS
    )
    languages = serializers.ListField(child=serializers.CharField(max_length=10), required=False, max_length=10)
    deployments = DeploymentSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()
    price_min = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    price_max = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    class Meta:
        model = Solution
        fields = _entry_fields(
            SOLUTION_FIELDS,
            "domains",
            "capabilities",
            "deployments",
            "status",
            "published_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = ["published_at", "created_at", "updated_at", "external_ref"]

    @extend_schema_field({"type": "string", "enum": Solution.Status.values, "readOnly": True})
    def get_status(self, obj) -> str:
        return obj.status


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["uuid", "original_name", "content_type", "size", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:
        from django.urls import reverse

        request = self.context.get("request")
        path = reverse("catalog:attachment-download", args=[obj.uuid])
        return request.build_absolute_uri(path) if request else path


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG, at most 20 MB; the type is read from the content.")
    )
