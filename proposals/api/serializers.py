"""API shapes. A proposal (price included) reaches only those who may read it (``proposals.read_proposal``:
the firm, the owner office and the provincial office); award notices carry no bid price, and a winner's
contract value only for those who may read it (``proposals.read_contract_value``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from proposals.models import (
    AcceptanceReport,
    AcceptanceSignoff,
    Award,
    Engagement,
    Evaluation,
    KpiResult,
    Milestone,
    Objection,
    Payment,
    Proposal,
    ProposalAttachment,
    ProposalRevision,
    ReplicableCase,
)
from proposals.selectors import contract_values_for, engagement_money
from proposals.services import MAX_PRICE, PROPOSAL_FIELDS, acceptance_missing, clean_price


@extend_schema_field(OpenApiTypes.INT)
class PriceField(serializers.Field):
    """Whole CNY. Accepts an integer or a string of digits; rejects -1, 1e309, "1,000" and decimals."""

    def to_internal_value(self, data):
        if data is None:
            return None
        try:
            return clean_price(data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["price"]) from None

    def to_representation(self, value):
        return value


class SolutionIdsField(serializers.ListField):
    """Solution ids in and out (reads the related manager)."""

    child = serializers.IntegerField()

    def to_representation(self, data):
        return [s.pk for s in data.all()]


class ProposalAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalAttachment
        fields = ["uuid", "original_name", "content_type", "size", "uploaded_at"]


class CitedSolutionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    maturity = serializers.CharField()
    delivery_model = serializers.CharField()
    price_min = serializers.IntegerField(allow_null=True)
    price_max = serializers.IntegerField(allow_null=True)
    certifications = serializers.CharField()
    status = serializers.CharField()


class ProposalSerializer(serializers.ModelSerializer):
    scenario = serializers.IntegerField(source="scenario_id", help_text=_("Scenario id."))
    firm = serializers.IntegerField(
        source="firm_id", required=False, help_text=_("Firm id; defaults to your only firm.")
    )
    firm_name = serializers.CharField(source="firm.name", read_only=True)
    scenario_title = serializers.CharField(source="scenario.title", read_only=True)
    deadline = serializers.DateTimeField(source="scenario.deadline", read_only=True)
    solutions = SolutionIdsField(required=False, help_text=_("Solution ids."))
    price = PriceField(
        required=False,
        allow_null=True,
        help_text=_("Whole CNY; only the firm, the owner after the deadline and the provincial office see it."),
    )
    submit = serializers.BooleanField(write_only=True, required=False, default=False)
    attachments = ProposalAttachmentSerializer(many=True, read_only=True)
    cited_solutions = CitedSolutionSerializer(
        many=True,
        read_only=True,
        help_text=_("The solutions as the bid cites them (their content when it was last submitted or revised)."),
    )

    class Meta:
        model = Proposal
        read_only_fields = [
            "status",
            "version",
            "submitted_at",
            "withdrawn_at",
            "disqualified_at",
            "disqualified_reason",
        ]
        fields = [
            "id",
            "scenario",
            "scenario_title",
            "deadline",
            "firm",
            "firm_name",
            "solutions",
            "cited_solutions",
            *PROPOSAL_FIELDS,
            *read_only_fields,
            "attachments",
            "submit",
        ]


class ProposalRevisionSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = ProposalRevision
        fields = ["number", "at", "actor", "snapshot"]


class DisqualifySerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ProposalCountSerializer(serializers.Serializer):
    scenario = serializers.IntegerField()
    count = serializers.IntegerField()


class ProposalUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class EvaluationSerializer(serializers.ModelSerializer):
    scenario = serializers.IntegerField(source="scenario_id")
    evaluator = serializers.IntegerField(source="evaluator_id")
    evaluator_name = serializers.CharField(source="evaluator.__str__", read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "scenario",
            "evaluator",
            "evaluator_name",
            "status",
            "recusal_reason",
            "assigned_at",
            "declared_at",
            "completed_at",
        ]
        read_only_fields = ["status", "recusal_reason", "assigned_at", "declared_at", "completed_at"]


class EvaluationDeclareSerializer(serializers.Serializer):
    no_conflict = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EvaluationScoresSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    scores = serializers.DictField(child=serializers.JSONField(), help_text=_("{criterion id: whole number 0–10}"))
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class EvaluationRankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    proposal = serializers.IntegerField()
    firm = serializers.CharField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    per_evaluator = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=2))


class EvaluationRankingSerializer(serializers.Serializer):
    scenario = serializers.IntegerField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    complete = serializers.BooleanField()
    ranking = EvaluationRankingRowSerializer(many=True, allow_null=True)


class AwardWinnerSerializer(serializers.Serializer):
    firm = serializers.CharField()
    solutions = serializers.ListField(child=serializers.CharField())
    contract_value = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "Whole CNY. Public once the award is final; before that only the owner office and the awarded firm "
            "see it (null for everyone else, and when none is stated)."
        ),
    )


class AwardSerializer(serializers.ModelSerializer):
    """The public award notice: winners, solutions, reason, dates. No price, no losing bidder."""

    scenario_title = serializers.CharField(source="scenario.title", read_only=True)
    winners = serializers.SerializerMethodField()

    class Meta:
        model = Award
        fields = [
            "id",
            "scenario",
            "scenario_title",
            "winners",
            "reason",
            "status",
            "decided_at",
            "standstill_until",
            "finalised_at",
        ]

    @extend_schema_field(AwardWinnerSerializer(many=True))
    def get_winners(self, award):
        request = self.context.get("request")
        values = contract_values_for(user=request.user, award=award) if request is not None else {}
        return [
            {
                "firm": p.firm.name,
                "solutions": [s.title for s in p.solutions.all()],
                "contract_value": values.get(p.pk),
            }
            for p in award.proposals.all()
        ]


class ContractValueSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(help_text=_("Id of a winning proposal."))
    value = serializers.IntegerField(min_value=1, max_value=MAX_PRICE, help_text=_("Contract value in whole CNY."))


class AwardCreateSerializer(serializers.Serializer):
    scenario = serializers.IntegerField()
    proposals = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    reason = serializers.CharField(max_length=5000)
    standstill = serializers.IntegerField(min_value=0, max_value=60, required=False)
    contract_values = ContractValueSerializer(
        many=True,
        required=False,
        help_text=_("Contract value per winning proposal; a winner without one has its price as contract value."),
    )


class PaymentSerializer(serializers.ModelSerializer):
    milestone_title = serializers.CharField(source="milestone.title", read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "milestone", "milestone_title", "amount", "paid_on", "note", "recorded_at"]
        read_only_fields = ["milestone_title", "recorded_at"]


class PaymentCreateSerializer(serializers.Serializer):
    milestone = serializers.IntegerField(help_text=_("Id of a done milestone of this engagement."))
    amount = serializers.IntegerField(min_value=1, max_value=MAX_PRICE, help_text=_("Whole CNY."))
    paid_on = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = ["id", "text", "submitted_at", "response", "responded_at"]
        read_only_fields = ["submitted_at", "response", "responded_at"]


class ObjectionCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class ObjectionResponseSerializer(serializers.Serializer):
    objection = serializers.IntegerField()
    response = serializers.CharField(max_length=5000)


class EngagementMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "done_date", "evidence_name", "waived_at", "waived_reason"]
        read_only_fields = ["done_date", "evidence_name", "waived_at", "waived_reason"]


class MilestoneWaiveSerializer(serializers.Serializer):
    milestone = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000)


class AcceptanceReportUploadSerializer(serializers.Serializer):
    conclusion = serializers.ChoiceField(choices=AcceptanceReport.Conclusion.choices)
    summary = serializers.CharField(max_length=5000)
    conditions = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    file = serializers.FileField(help_text="PDF, DOCX, XLSX, PNG or JPEG, at most 20 MB.")


class CommitteeSerializer(serializers.Serializer):
    members = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, max_length=20, help_text="User ids of owner-office members."
    )
    quorum = serializers.IntegerField(min_value=1, max_value=20, required=False)


class SignoffSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class AcceptanceSeatSerializer(serializers.ModelSerializer):
    member_name = serializers.SerializerMethodField()

    class Meta:
        model = AcceptanceSignoff
        fields = ["member", "member_name", "signed_at", "note"]
        read_only_fields = fields

    def get_member_name(self, seat) -> str:
        return seat.member.get_full_name() or seat.member.username


class ReplicableCaseSerializer(serializers.ModelSerializer):
    """A replicable case (可复制可推广案例): public; carries the cost the owner office chose to publish, never a
    proposal's price."""

    scenario = serializers.IntegerField(source="engagement.scenario_id", read_only=True)
    county = serializers.CharField(source="engagement.scenario.county_id", read_only=True)
    firm_name = serializers.CharField(source="engagement.firm.name", read_only=True)
    solution = serializers.IntegerField(source="engagement.solution_id", read_only=True)
    accepted_at = serializers.DateTimeField(source="engagement.accepted_at", read_only=True)
    contact_email = serializers.CharField(read_only=True, help_text="An e-mail address, or empty.")

    class Meta:
        model = ReplicableCase
        fields = [
            "id",
            "scenario",
            "county",
            "firm_name",
            "solution",
            "accepted_at",
            "title",
            "problem",
            "solution_summary",
            "kpis_achieved",
            "cost",
            "lessons",
            "contact_name",
            "contact_email",
            "contact_phone",
            "published_at",
        ]
        read_only_fields = fields


class EngagementMilestoneDoneSerializer(serializers.Serializer):
    milestone = serializers.IntegerField()
    # Omitted (not null) when there is none: a form body cannot carry null.
    done_date = serializers.DateField(required=False, help_text="Defaults to today.")
    evidence = serializers.FileField(required=False)


class EngagementKpiSerializer(serializers.ModelSerializer):
    """A KPI result. Give ``kpi`` (a KPI row of the scenario) and ``result``; ``name`` and ``target`` are then
    taken from the row. Without ``kpi`` a free-text result is recorded, which acceptance does not count."""

    kpi = serializers.IntegerField(source="kpi_id", required=False, allow_null=True)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    target = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = KpiResult
        fields = ["id", "kpi", "name", "target", "result", "met", "measured_at"]
        read_only_fields = ["measured_at"]


class EngagementSerializer(serializers.ModelSerializer):
    scenario_title = serializers.CharField(source="scenario.title", read_only=True)
    firm_name = serializers.CharField(source="firm.name", read_only=True)
    solution_title = serializers.CharField(source="solution.title", read_only=True)
    milestones = EngagementMilestoneSerializer(many=True, read_only=True)
    kpis = EngagementKpiSerializer(many=True, read_only=True)
    is_reference_case = serializers.BooleanField(read_only=True)
    acceptance = serializers.SerializerMethodField()
    replicable_case = serializers.SerializerMethodField()
    money = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "contract_value": {"type": "integer", "nullable": True},
                "paid": {"type": "integer"},
                "remaining": {"type": "integer", "nullable": True},
                "payments": {"type": "array", "items": {"$ref": "#/components/schemas/Payment"}},
            },
            "required": ["contract_value", "paid", "remaining", "payments"],
        }
    )
    def get_money(self, engagement) -> dict:
        """Contract value, paid and remaining (whole CNY) and the payments by milestone."""
        money = engagement_money(engagement)
        return {
            "contract_value": money["contract_value"],
            "paid": money["paid"],
            "remaining": money["remaining"],
            "payments": PaymentSerializer(money["payments"], many=True).data,
        }

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "missing": {"type": "array", "items": {"type": "string"}},
                "quorum": {"type": "integer"},
                "committee": {"type": "array", "items": {"type": "object"}},
                "report": {"type": "object", "nullable": True},
            },
        }
    )
    def get_acceptance(self, engagement) -> dict:
        report = AcceptanceReport.objects.filter(engagement=engagement).first()
        ended = engagement.status in ("accepted", "terminated")
        return {
            "missing": [] if ended else [str(m) for m in acceptance_missing(engagement)],
            "quorum": engagement.acceptance_quorum,
            "committee": AcceptanceSeatSerializer(engagement.committee.select_related("member"), many=True).data,
            "report": None
            if report is None
            else {
                "conclusion": report.conclusion,
                "summary": report.summary,
                "conditions": report.conditions,
                "file_name": report.file_name,
                "submitted_at": report.submitted_at,
            },
        }

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_replicable_case(self, engagement) -> int | None:
        case = ReplicableCase.objects.filter(engagement=engagement).values_list("pk", flat=True).first()
        return case

    class Meta:
        model = Engagement
        fields = [
            "id",
            "scenario",
            "scenario_title",
            "firm",
            "firm_name",
            "solution",
            "solution_title",
            "status",
            "contracted_at",
            "piloting_at",
            "deployed_at",
            "accepted_at",
            "terminated_at",
            "outcome",
            "lessons",
            "is_reference_case",
            "milestones",
            "kpis",
            "acceptance",
            "replicable_case",
            "money",
        ]
        read_only_fields = fields


class EngagementAdvanceSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[s for s, _l in Engagement.Status.choices if s != "contracted"])
    outcome = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    cost = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="On acceptance: the cost the replicable case publishes."
    )


class EngagementReportSerializer(serializers.Serializer):
    lessons = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    outcome = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class TrailEntrySerializer(serializers.Serializer):
    """One audit-trail entry: who, when, which object, what changed (before, after). Prices are never logged."""

    timestamp = serializers.DateTimeField()
    actor = serializers.SerializerMethodField(help_text="The acting user's name; null for the system.")
    object_type = serializers.CharField(source="content_type.model")
    object_id = serializers.IntegerField()
    action = serializers.CharField(source="get_action_display")
    changes = serializers.JSONField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, entry) -> str | None:
        return str(entry.actor) if entry.actor_id else None
