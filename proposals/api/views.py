"""``/api/v1/proposals/``, ``/api/v1/evaluations/``, ``/api/v1/awards/`` and ``/api/v1/engagements/``.

Every ``get_queryset()`` goes through a selector scoped to the caller, so lists, filters, ordering and lookups
see only readable rows (a guessed id is a 404). Writes call the services."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from catalog.models import Scenario, Solution
from catalog.selectors import scenarios_visible_to
from core.api import FilterBackend, UpdateSerializerMixin, for_update
from core.idempotency import idempotent
from core.parsers import FormParser, JSONParser, MultiPartParser
from directory.models import Organization, User
from proposals import scoring, selectors, services
from proposals.api import serializers as s
from proposals.api.actions import BodyActionMixin
from proposals.models import Award, Milestone, Objection, Proposal

SCENARIO_PARAM = OpenApiParameter("scenario", OpenApiTypes.INT, required=True, description="Scenario id.")


def _scenario(user, raw, perm: str = "") -> Scenario:
    """The scenario of id ``raw`` if ``user`` sees it and, when named, holds ``perm`` on it; 404 otherwise (a
    scenario one may not act on is not told apart from one that does not exist)."""
    try:
        scenario = scenarios_visible_to(user=user).get(pk=int(raw))
    except (Scenario.DoesNotExist, TypeError, ValueError):
        raise exceptions.NotFound from None
    if perm and not user.has_perm(perm, scenario):
        raise exceptions.NotFound
    return scenario


class ProposalFilter(filters.FilterSet):
    # Only fields every row of the scoped queryset lets the caller read.
    scenario = filters.NumberFilter(field_name="scenario_id")
    status = filters.ChoiceFilter(choices=Proposal.Status.choices)

    class Meta:
        model = Proposal
        fields = ["scenario", "status"]


class ProposalViewSet(
    BodyActionMixin,
    UpdateSerializerMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Sealed proposals. Firms see their own; after the deadline the owner office and the provincial office see
    the submitted ones; nobody else sees any. Ordering by price is safe because every row returned is one
    whose price the caller may read."""

    serializer_class = s.ProposalSerializer
    # The scenario and the firm are chosen when the proposal is created.
    update_serializer_class = for_update(s.ProposalSerializer, "scenario", "firm")
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [FilterBackend, OrderingFilter]
    filterset_class = ProposalFilter
    ordering_fields = ["submitted_at", "price", "created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.proposals_visible_to(self.request.user).prefetch_related("attachments", "revisions")

    def get_object(self):
        try:
            proposal = selectors.proposal_detail(user=self.request.user, pk=self.kwargs["pk"])
        except Proposal.DoesNotExist:
            raise exceptions.NotFound from None
        services.sealed_reads_log(user=self.request.user, proposals=[proposal], via="api")
        return proposal

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        services.sealed_reads_log(user=request.user, proposals=page, via="api-list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @idempotent
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        scenario = _scenario(self.request.user, data.pop("scenario_id"))
        firm = None
        if "firm_id" in data:
            firm = Organization.objects.filter(pk=data.pop("firm_id")).first()
            if firm is None:
                raise exceptions.PermissionDenied
        proposal = services.proposal_create(
            actor=self.request.user,
            scenario=scenario,
            firm=firm,
            solutions=data.pop("solutions", []),
            submit=data.pop("submit", False),
            **data,
        )
        serializer.instance = selectors.proposals_base().prefetch_related("attachments").get(pk=proposal.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("submit", None)
        services.proposal_update(
            proposal=serializer.instance, actor=self.request.user, solutions=data.pop("solutions", None), **data
        )
        serializer.instance = selectors.proposals_base().prefetch_related("attachments").get(pk=serializer.instance.pk)

    def _act(self, request, service):
        """Run ``service`` (submit, withdraw) on this proposal; answer with the proposal as it now is."""
        proposal = self.get_object()
        service(proposal=proposal, actor=request.user)
        return Response(self.get_serializer(selectors.proposals_base().get(pk=proposal.pk)).data)

    @extend_schema(request=None, responses=s.ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, services.proposal_submit)

    @extend_schema(request=None, responses=s.ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._act(request, services.proposal_withdraw)

    @extend_schema(request=s.ProposalUploadSerializer, responses={201: s.ProposalAttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        proposal, values = self._object_and_body(s.ProposalUploadSerializer)
        attachment = services.proposal_attachment_add(proposal=proposal, actor=request.user, upload=values["file"])
        return Response(s.ProposalAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.ProposalRevisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def revisions(self, request, pk=None):
        proposal = self.get_object()
        data = s.ProposalRevisionSerializer(sorted(proposal.revisions.all(), key=lambda r: r.number), many=True).data
        return Response(data)

    @extend_schema(request=s.DisqualifySerializer, responses=s.ProposalSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def disqualify(self, request, pk=None):
        proposal, values = self._object_and_body(s.DisqualifySerializer)
        services.proposal_disqualify(proposal=proposal, actor=request.user, reason=values["reason"])
        return Response(self.get_serializer(selectors.proposals_base().get(pk=proposal.pk)).data)

    @extend_schema(parameters=[SCENARIO_PARAM], responses=s.TrailEntrySerializer(many=True))
    @action(detail=False, methods=["get"])
    def trail(self, request):
        """The audit trail of a scenario and its proposals, evaluations, award and engagements — for the owner
        office and the provincial office; proposal entries only once the proposals are readable. Paginated."""
        scenario = _scenario(request.user, request.query_params.get("scenario"), "proposals.read_trail")
        page = self.paginate_queryset(selectors.trail_entries(user=request.user, scenario=scenario))
        services.trail_reads_log(user=request.user, entries=page, via="api-trail")
        return self.get_paginated_response(s.TrailEntrySerializer(page, many=True).data)

    @extend_schema(parameters=[SCENARIO_PARAM], responses=s.ProposalCountSerializer)
    @action(detail=False, methods=["get"])
    def count(self, request):
        """How many proposals a scenario has — for the owner office and the provincial office, at any time."""
        scenario = _scenario(request.user, request.query_params.get("scenario"))
        count = selectors.proposal_count_for(user=request.user, scenario=scenario)
        if count is None:
            raise exceptions.NotFound
        return Response({"scenario": scenario.pk, "count": count})


class EvaluationViewSet(BodyActionMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Evaluations: one per evaluator and scenario. The owner office names evaluators (POST); each evaluator
    declares or recuses, scores and completes; ``ranking`` shows the weighted ranking once everyone is done."""

    serializer_class = s.EvaluationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [FilterBackend]
    filterset_fields = ["scenario", "status"]

    def get_queryset(self):
        return selectors.evaluations_visible_to(self.request.user).order_by("scenario_id", "id")

    def perform_create(self, serializer):
        scenario = _scenario(self.request.user, serializer.validated_data["scenario_id"], "proposals.count_proposals")
        evaluator = User.objects.filter(pk=serializer.validated_data["evaluator_id"]).first()
        if evaluator is None:
            raise exceptions.ValidationError(
                {"evaluator": [_("Evaluators are members of the office that owns the scenario.")]}
            )
        serializer.instance = services.evaluator_assign(scenario=scenario, actor=self.request.user, evaluator=evaluator)

    def _own_evaluation(self, payload_class):
        """The evaluation, once the caller may act on it as its evaluator (403 before the body is even read:
        the owner office sees its panel's evaluations, but only each evaluator declares and scores), and the body
        validated with ``payload_class``."""
        evaluation = self.get_object()
        if not self.request.user.has_perm("proposals.score", evaluation):
            raise exceptions.PermissionDenied
        return evaluation, self._body(payload_class)

    @extend_schema(request=s.EvaluationDeclareSerializer, responses=s.EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def declare(self, request, pk=None):
        evaluation, values = self._own_evaluation(s.EvaluationDeclareSerializer)
        evaluation = services.evaluation_declare(evaluation=evaluation, actor=request.user, **values)
        return Response(self.get_serializer(evaluation).data)

    @extend_schema(request=s.EvaluationScoresSerializer, responses=s.EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        evaluation, values = self._own_evaluation(s.EvaluationScoresSerializer)
        proposal = selectors.proposals_visible_to(request.user).filter(pk=values["proposal"]).first()
        if proposal is None:
            raise exceptions.NotFound
        try:
            services.scores_set(
                evaluation=evaluation,
                actor=request.user,
                proposal=proposal,
                scores=values["scores"],
                comment=values["comment"],
            )
        except Proposal.DoesNotExist:
            raise exceptions.NotFound from None
        return Response(self.get_serializer(evaluation).data)

    @extend_schema(request=None, responses=s.EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        evaluation = services.evaluation_complete(evaluation=self.get_object(), actor=request.user)
        return Response(self.get_serializer(evaluation).data)

    @extend_schema(parameters=[SCENARIO_PARAM], responses=s.EvaluationRankingSerializer)
    @action(detail=False, methods=["get"])
    def ranking(self, request):
        """Progress n of m and, once complete, the ranking with each evaluator's weighted totals (no prices)."""
        scenario = _scenario(request.user, request.query_params.get("scenario"), "proposals.count_proposals")
        state = services.evaluation_state(scenario)
        ranking = None
        if state["ranking"] is not None:
            # In the reader's language, as the ranking page names them.
            firms = {
                p.pk: p.firm.name
                for p in Proposal.objects.filter(scenario=scenario)
                .select_related("firm")
                .only("pk", "firm__name_zh", "firm__name_en")
            }
            ranking = [
                {
                    "rank": r.rank,
                    "proposal": r.proposal_id,
                    "firm": firms[r.proposal_id],
                    "score": r.score_display,
                    "per_evaluator": {str(k): scoring.to_decimal(v) for k, v in r.per_evaluator.items()},
                }
                for r in state["ranking"]
            ]
        return Response(
            s.EvaluationRankingSerializer(
                {
                    "scenario": scenario.pk,
                    "done": state["done"],
                    "total": state["total"],
                    "complete": state["complete"],
                    "ranking": ranking,
                }
            ).data
        )


class AwardViewSet(BodyActionMixin, viewsets.ReadOnlyModelViewSet):
    """Award notices (public: winners, solutions, reason — never a bid price; a winner's contract value once the
    award is final, before that only for the owner office and the awarded firm). The owner office awards (POST) and
    answers objections; bidders object during the standstill period."""

    serializer_class = s.AwardSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filter_backends = [FilterBackend]
    filterset_fields = ["scenario", "status"]

    def get_queryset(self):
        visible = scenarios_visible_to(user=self.request.user).values("pk")
        return (
            Award.objects.filter(scenario_id__in=visible)
            .select_related("scenario")
            .prefetch_related(
                Prefetch(
                    "proposals",
                    queryset=Proposal.objects.select_related("firm")
                    .prefetch_related(Prefetch("solutions", queryset=Solution.objects.order_by("pk")))
                    .order_by("pk"),
                )
            )
            .order_by("-decided_at", "-id")
        )

    @extend_schema(request=s.AwardCreateSerializer, responses={201: s.AwardSerializer})
    def create(self, request):
        values = self._body(s.AwardCreateSerializer)
        scenario = _scenario(request.user, values["scenario"], "proposals.count_proposals")
        award = services.award_decide(
            scenario=scenario,
            actor=request.user,
            proposals=values["proposals"],
            reason=values["reason"],
            standstill=values.get("standstill"),
            contract_values={row["proposal"]: row["value"] for row in values.get("contract_values") or []},
        )
        return Response(self._fresh(award.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ObjectionCreateSerializer, responses={201: s.ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        award, values = self._object_and_body(s.ObjectionCreateSerializer)
        # The proposal the award notice page would object with; else the caller's first bid, so that the service
        # says why none may object (a selected proposal: 409).
        candidates = selectors.proposals_that_may_object(user=request.user, award=award) or (
            selectors.own_submitted_proposals(user=request.user, scenario_id=award.scenario_id)
        )
        proposal = candidates[0] if candidates else None
        if proposal is None:
            raise exceptions.PermissionDenied
        objection = services.objection_submit(award=award, actor=request.user, proposal=proposal, text=values["text"])
        return Response(s.ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ObjectionResponseSerializer, responses=s.ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        award, values = self._object_and_body(s.ObjectionResponseSerializer)
        # Who may answer comes before which objection: others learn nothing about which ids exist.
        if not request.user.has_perm("proposals.award", award.scenario):
            raise exceptions.PermissionDenied
        objection = get_object_or_404(Objection, pk=values["objection"], award=award)
        objection = services.objection_respond(objection=objection, actor=request.user, response=values["response"])
        return Response(s.ObjectionSerializer(objection).data)

    @extend_schema(request=s.ContractValueSerializer, responses=s.AwardSerializer)
    @action(detail=True, methods=["post"], url_path="contract-value")
    def contract_value(self, request, pk=None):
        """The owner office states or corrects a winning proposal's contract value while the award is in its
        standstill period (fixed once final)."""
        award, values = self._object_and_body(s.ContractValueSerializer)
        if not request.user.has_perm("proposals.award", award.scenario):
            raise exceptions.PermissionDenied
        proposal = award.proposals.filter(pk=values["proposal"]).first()
        if proposal is None:
            message = _("A contract value is stated only for a winning proposal.")
            raise exceptions.ValidationError({"proposal": [message]})
        services.contract_value_set(award=award, proposal=proposal, actor=request.user, value=values["value"])
        return Response(self._fresh(award.pk))

    @extend_schema(request=None, responses=s.AwardSerializer)
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        award = services.award_finalise(award=self.get_object(), actor=request.user)
        return Response(self._fresh(award.pk))


class EngagementViewSet(BodyActionMixin, viewsets.ReadOnlyModelViewSet):
    """Engagements after a final award, for the owner office, the firm and the provincial office."""

    serializer_class = s.EngagementSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [FilterBackend]
    filterset_fields = ["scenario", "status"]

    def get_queryset(self):
        return (
            selectors.engagements_visible_to(self.request.user)
            .prefetch_related("milestones", "kpis")
            .order_by("-contracted_at", "-id")
        )

    def _apply(self, request, payload_class, service):
        """Validate the body with ``payload_class`` and pass it to ``service`` for this engagement."""
        engagement, values = self._object_and_body(payload_class)
        return engagement, service(engagement=engagement, actor=request.user, **values)

    def _change(self, request, payload_class, service):
        """Apply a change to the engagement; answer with the engagement as it now is."""
        engagement, _result = self._apply(request, payload_class, service)
        return Response(self._fresh(engagement.pk))

    def _add(self, request, payload_class, service, answer_class=None):
        """Add a row to the engagement; answer 201 with that row in ``answer_class``'s shape (by default
        ``payload_class``'s)."""
        _engagement, row = self._apply(request, payload_class, service)
        return Response((answer_class or payload_class)(row).data, status=status.HTTP_201_CREATED)

    def _milestone_change(self, request, payload_class, service):
        """Validate the body with ``payload_class``: its ``milestone`` names one of this engagement's milestones
        (404 otherwise), handed to ``service`` with the body's other values; answer with the milestone as it now
        is."""
        engagement, body = self._object_and_body(payload_class)
        values = dict(body)
        milestone = get_object_or_404(Milestone, pk=values.pop("milestone"), engagement=engagement)
        milestone = service(milestone=milestone, actor=request.user, **values)
        return Response(s.EngagementMilestoneSerializer(milestone).data)

    @extend_schema(request=s.EngagementAdvanceSerializer, responses=s.EngagementSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        return self._change(request, s.EngagementAdvanceSerializer, services.engagement_advance)

    @extend_schema(request=s.EngagementMilestoneSerializer, responses={201: s.EngagementMilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        return self._add(request, s.EngagementMilestoneSerializer, services.milestone_add)

    @extend_schema(request=s.EngagementMilestoneDoneSerializer, responses=s.EngagementMilestoneSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="milestone-done",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def milestone_done(self, request, pk=None):
        return self._milestone_change(request, s.EngagementMilestoneDoneSerializer, services.milestone_done)

    @extend_schema(request=s.PaymentCreateSerializer, responses={201: s.PaymentSerializer})
    @action(detail=True, methods=["post"])
    def payments(self, request, pk=None):
        """The owner office records a payment against a done milestone; the payments never exceed the contract
        value."""
        return self._add(request, s.PaymentCreateSerializer, services.payment_record, s.PaymentSerializer)

    @extend_schema(request=s.EngagementKpiSerializer, responses={201: s.EngagementKpiSerializer})
    @action(detail=True, methods=["post"])
    def kpis(self, request, pk=None):
        """Report a result against a KPI row of the scenario (``kpi``, ``result``, ``met``). Without ``kpi`` a
        free-text result (``name``, ``target``) is recorded, which acceptance does not count."""
        engagement, values = self._object_and_body(s.EngagementKpiSerializer)
        if values.get("kpi_id") is not None:
            kpi = engagement.scenario.kpis.filter(pk=values["kpi_id"]).first()
            if kpi is None:
                raise exceptions.ValidationError({"kpi": [_("This KPI belongs to another scenario.")]})
            row = services.kpi_report(
                engagement=engagement,
                actor=request.user,
                kpi=kpi,
                result=values.get("result", ""),
                met=values.get("met"),
            )
        else:
            row = services.kpi_record(
                engagement=engagement,
                actor=request.user,
                name=values.get("name", ""),
                target=values.get("target", ""),
                result=values.get("result", ""),
                met=values.get("met"),
            )
        return Response(s.EngagementKpiSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MilestoneWaiveSerializer, responses=s.EngagementMilestoneSerializer)
    @action(detail=True, methods=["post"], url_path="milestone-waive")
    def milestone_waive(self, request, pk=None):
        """The owner office waives a milestone, with a reason."""
        return self._milestone_change(request, s.MilestoneWaiveSerializer, services.milestone_waive)

    @extend_schema(
        request={"multipart/form-data": s.AcceptanceReportUploadSerializer}, responses=s.EngagementSerializer
    )
    @action(detail=True, methods=["post"], url_path="acceptance-report", parser_classes=[MultiPartParser, FormParser])
    def acceptance_report(self, request, pk=None):
        """The owner office files the acceptance report (document and conclusion); earlier sign-offs are cleared."""
        engagement, values = self._object_and_body(s.AcceptanceReportUploadSerializer)
        services.acceptance_report_submit(
            engagement=engagement,
            actor=request.user,
            conclusion=values["conclusion"],
            summary=values["summary"],
            conditions=values["conditions"],
            upload=values["file"],
        )
        return Response(self._fresh(engagement.pk))

    @extend_schema(request=s.CommitteeSerializer, responses=s.EngagementSerializer)
    @action(detail=True, methods=["post"])
    def committee(self, request, pk=None):
        """The owner office names the acceptance committee (its members) and the sign-offs needed."""
        engagement, values = self._object_and_body(s.CommitteeSerializer)
        ids = set(values["members"])
        members = list(User.objects.filter(pk__in=ids))
        if len(members) != len(ids):
            raise exceptions.ValidationError({"members": [_("Unknown user.")]})
        services.committee_appoint(
            engagement=engagement, actor=request.user, members=members, quorum=values.get("quorum")
        )
        return Response(self._fresh(engagement.pk))

    @extend_schema(request=s.SignoffSerializer, responses=s.EngagementSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """A committee member signs the acceptance off."""
        return self._change(request, s.SignoffSerializer, services.acceptance_sign)

    @extend_schema(request=s.EngagementReportSerializer, responses=s.EngagementSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._change(request, s.EngagementReportSerializer, services.engagement_report)


class ReplicableCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Replicable cases (可复制可推广案例) of accepted pilots: public. ``county`` and ``domain`` filter."""

    serializer_class = s.ReplicableCaseSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []

    def get_queryset(self):
        queryset = selectors.replicable_cases().order_by("-published_at", "-id")
        county = self.request.query_params.get("county")
        if county:
            queryset = queryset.filter(engagement__scenario__county_id=county)
        domain = self.request.query_params.get("domain")
        if domain:
            queryset = queryset.filter(engagement__scenario__domain__code=domain)
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("county", OpenApiTypes.STR, description="county code"),
            OpenApiParameter("domain", OpenApiTypes.STR, description="domain code"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
