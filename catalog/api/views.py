from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog import exports, selectors, services
from catalog.api.serializers import (
    AdoptSerializer,
    AnswerSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    BatchCreateSerializer,
    BatchSerializer,
    CapabilitySerializer,
    DeploymentSerializer,
    DomainSerializer,
    GradeSerializer,
    QuestionSerializer,
    ReasonSerializer,
    RequiredReasonSerializer,
    ResourceDecisionSerializer,
    ResourceRequestCreateSerializer,
    ResourceRequestSerializer,
    ReviewPolicySerializer,
    ScenarioListSerializer,
    ScenarioSerializer,
    SolutionSerializer,
)
from catalog.concepts import site_vocabulary
from catalog.filters import ScenarioFilter, SolutionFilter
from catalog.models import Capability, Domain, Question
from catalog.permissions import SCENARIO_OWNER_KINDS
from core.api import FilterBackend, PublicListPagination, validated_body
from core.idempotency import idempotent
from core.parsers import MultiPartParser
from directory.models import Organization, Region
from directory.permissions import publishing_organizations

EXPORT_PARAM = OpenApiParameter(
    "as", OpenApiTypes.STR, enum=["csv", "json"], description="File format (csv by default)."
)
# A CSV file, or (as=json) the same rows as a JSON list of objects, column → value.
EXPORT_RESPONSES = {
    (200, "text/csv"): OpenApiTypes.STR,
    (200, "application/json"): {"type": "array", "items": {"type": "object", "additionalProperties": {}}},
}


def _export_format(request) -> str:
    fmt = request.query_params.get("as", "csv")
    if fmt not in ("csv", "json"):
        raise exceptions.ValidationError({"as": [_("Choose csv or json.")]})
    return fmt


def _export(view, request, row, columns, basename: str):
    """The view's filtered items (newest first, at most ``exports.MAX_EXPORT_ROWS``) as a CSV or JSON file;
    each row links to the item's page at ``/<basename>/<pk>/``."""
    fmt = _export_format(request)
    queryset = view.filter_queryset(view.get_queryset()).order_by("-published_at", "-id")[: exports.MAX_EXPORT_ROWS]
    rows = [row(item, request.build_absolute_uri(f"/{basename}/{item.pk}/")) for item in queryset]
    return exports.export_response(rows, columns, fmt=fmt, basename=basename)


class DomainViewSet(viewsets.ReadOnlyModelViewSet):
    """The ten application domains."""

    queryset = Domain.objects.all()
    serializer_class = DomainSerializer
    lookup_field = "code"
    pagination_class = None
    filter_backends = []


class CapabilityViewSet(viewsets.ReadOnlyModelViewSet):
    """The bilingual capability vocabulary. ``q`` matches labels and synonyms in both languages;
    ``domain`` keeps concepts hinted for a domain."""

    serializer_class = CapabilitySerializer
    lookup_field = "code"
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="label or synonym, zh or en"),
            OpenApiParameter("domain", OpenApiTypes.STR, description="domain code"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        queryset = Capability.objects.prefetch_related("domains").order_by("code")
        domain = self.request.query_params.get("domain")
        if domain:
            queryset = queryset.filter(domains__code=domain)
        q = self.request.query_params.get("q", "")
        if q.strip():
            # Labels and synonyms in both languages containing the folded query (vocabulary.Vocabulary.lookup).
            queryset = queryset.filter(code__in=site_vocabulary().vocabulary.lookup(q))
        return queryset


def _default_org(user, kinds, given, field: str):
    if given is not None:
        return given
    candidates = publishing_organizations(user, kinds=kinds)[:2]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise exceptions.PermissionDenied(_("You may not do this."))
    raise exceptions.ValidationError({field: [_("You act for several organisations: say which one.")]})


def _same_owner(serializer, message: str) -> None:
    """An edit never moves a scenario or a solution to another organisation: naming another owner is refused
    (400 on ``owner``) rather than silently ignored."""
    owner = serializer.validated_data.get("owner")
    if owner is not None and owner != serializer.instance.owner:
        raise exceptions.ValidationError({"owner": [message]})


class AttachmentsMixin:
    """The ``attachments`` action of a catalog item's viewset."""

    @extend_schema(methods=["get"], responses=AttachmentSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
        permission_classes=[permissions.IsAuthenticatedOrReadOnly],
        pagination_class=None,
    )
    def attachments(self, request, pk=None):
        """Files of this item; its editors upload (PDF, DOCX, XLSX, PNG, JPEG ≤ 20 MB)."""
        parent = self.get_object()
        if request.method == "POST":
            body = validated_body(AttachmentUploadSerializer, request)
            upload = body["file"]
            attachment = services.attachment_add(parent=parent, actor=request.user, upload=upload)
            return Response(
                AttachmentSerializer(attachment, context={"request": request}).data, status=status.HTTP_201_CREATED
            )
        return Response(AttachmentSerializer(parent.attachments.all(), many=True, context={"request": request}).data)


def _lifecycle_action(name: str, doc: str, payload=ReasonSerializer, *, attribute: str = ""):
    """The POST action ``<name>`` (URL ``start-pilot`` for ``start_pilot``) of a scenario: the lifecycle
    transition ``services.TRANSITIONS[name]`` with the reason in ``payload``; answers with the scenario."""

    def transition(self, request, pk=None):
        return self._transition(request, name, payload)

    transition.__name__ = attribute or name  # DRF routes an action by its function's name
    transition.__doc__ = doc  # the operation's description in the API schema
    routed = action(
        detail=True,
        methods=["post"],
        url_path=name.replace("_", "-"),
        permission_classes=[permissions.IsAuthenticated],
    )(transition)
    return extend_schema(request=payload, responses=ScenarioSerializer)(routed)


class ScenarioViewSet(AttachmentsMixin, viewsets.ModelViewSet):
    """Open application scenarios. Everyone reads published ones; drafts only the owner office's members and the
    provincial office. Writes and lifecycle actions go through the catalog services (403 for read-only
    members, 404 for what you cannot see)."""

    pagination_class = PublicListPagination

    filterset_class = ScenarioFilter
    filter_backends = [FilterBackend]

    def get_serializer_class(self):
        if self.action == "list":
            return ScenarioListSerializer
        return ScenarioSerializer

    def get_queryset(self):
        queryset = selectors.scenarios_visible_to(user=self.request.user)
        if self.action == "retrieve" or self.action in ("update", "partial_update"):
            queryset = queryset.prefetch_related("criteria", "kpis", "resources")
        if self.action == "list":
            return queryset.defer(*selectors.SCENARIO_LIST_DEFERRED).order_by("-published_at", "-created_at", "-id")
        return queryset

    def _payload(self, data: dict) -> dict:
        data = dict(data)
        data.pop("owner", None)
        if "criteria" in data:
            data["criteria"] = [(c["name"], c["weight"]) for c in data["criteria"]]
        for key in ("kpis", "resources"):
            if key in data:
                data[key] = [dict(row) for row in data[key]]
        return data

    @idempotent
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        owner = _default_org(self.request.user, SCENARIO_OWNER_KINDS, serializer.validated_data.get("owner"), "owner")
        scenario = services.scenario_create(
            actor=self.request.user, owner=owner, **self._payload(serializer.validated_data)
        )
        serializer.instance = self.get_queryset().prefetch_related("criteria").get(pk=scenario.pk)

    def perform_update(self, serializer):
        _same_owner(serializer, _("The owner of a scenario cannot change."))
        services.scenario_update(
            scenario=serializer.instance, actor=self.request.user, **self._payload(serializer.validated_data)
        )
        serializer.instance = self.get_queryset().prefetch_related("criteria").get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        services.scenario_delete(scenario=instance, actor=self.request.user)

    def _transition(self, request, name: str, serializer_class=ReasonSerializer):
        body = validated_body(serializer_class, request)
        scenario = self.get_object()
        services.TRANSITIONS[name](scenario=scenario, actor=request.user, reason=body["reason"])
        found = list(
            selectors.scenarios_visible_to(user=request.user).prefetch_related("criteria").filter(pk=scenario.pk)
        )
        if not found:
            # A reviewer who returned a draft no longer sees it.
            return Response(status=status.HTTP_204_NO_CONTENT)
        fresh = found[0]
        return Response(ScenarioSerializer(fresh, context=self.get_serializer_context()).data)

    publish = _lifecycle_action(
        "publish",
        "draft → open (needs a future deadline, a problem statement, a budget, criteria summing to 100 and at least "
        "one KPI).",
    )
    close = _lifecycle_action("close", "open → evaluating before the deadline.")
    award = _lifecycle_action("award", "evaluating → awarded.")
    start_pilot = _lifecycle_action("start_pilot", "awarded → piloting.")
    complete = _lifecycle_action("complete", "piloting → completed (once every engagement is accepted or terminated).")
    cancel = _lifecycle_action(
        "cancel", "Any state before completed → cancelled (reason required).", RequiredReasonSerializer
    )
    submit = _lifecycle_action(
        "submit", "draft → submitted for city review (only where the province reviews before publication)."
    )
    approve = _lifecycle_action("approve", "submitted → reviewed: the city office over the county approves.")
    return_ = _lifecycle_action(
        "return",
        "submitted → draft (the city office) or reviewed → draft (the province), with what must change "
        "(required). Answers 204 when the reviewer can no longer see the returned draft.",
        RequiredReasonSerializer,
        attribute="return_",
    )

    @extend_schema(request=GradeSerializer, responses=ScenarioSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def grade(self, request, pk=None):
        """The province grades a reviewed or published scenario (demonstration 示范 / benchmark 标杆; "" clears)."""
        body = validated_body(GradeSerializer, request)
        scenario = self.get_object()
        services.scenario_grade(scenario=scenario, actor=request.user, grade=body["grade"])
        fresh = selectors.scenarios_visible_to(user=request.user).prefetch_related("criteria").get(pk=scenario.pk)
        return Response(ScenarioSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=AdoptSerializer, responses={201: ScenarioSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def adopt(self, request, pk=None):
        """Copy a replicable scenario as a draft for the caller's county office (linked to its source)."""
        body = validated_body(AdoptSerializer, request)
        source = self.get_object()
        office = _default_org(request.user, [Organization.Kind.COUNTY_OFFICE], body.get("office"), "office")
        copy = services.scenario_adopt(source=source, actor=request.user, office=office)
        fresh = selectors.scenarios_visible_to(user=request.user).prefetch_related("criteria").get(pk=copy.pk)
        return Response(
            ScenarioSerializer(fresh, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=ScenarioListSerializer(many=True))
    # Bare lists (not paginated): pagination_class=None keeps the schema from describing a page.
    @action(detail=True, methods=["get"], pagination_class=None)
    def family(self, request, pk=None):
        """The source of an adoption chain and every visible scenario adopted from it."""
        scenario = self.get_object()
        family_ids = [s.pk for s in selectors.scenario_family(scenario=scenario)]
        family = self.get_queryset().filter(pk__in=family_ids)
        queryset = family.order_by("created_at", "id")
        return Response(ScenarioListSerializer(queryset, many=True, context=self.get_serializer_context()).data)

    @extend_schema(methods=["get"], responses=QuestionSerializer(many=True))
    @extend_schema(methods=["post"], request=QuestionSerializer, responses={201: QuestionSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[permissions.IsAuthenticatedOrReadOnly],
        pagination_class=None,
    )
    @idempotent
    def questions(self, request, pk=None):
        """GET: answered questions (the owner and the provincial office also see open ones and who asked).
        POST: a verified firm's member asks a question while the scenario is open."""
        scenario = self.get_object()
        context = {**self.get_serializer_context(), "show_asker": request.user.has_perm("catalog.see_asker", scenario)}
        if request.method == "POST":
            payload = QuestionSerializer(data=request.data, context=context)
            payload.is_valid(raise_exception=True)
            question = services.question_ask(scenario=scenario, actor=request.user, text=payload.validated_data["text"])
            return Response(QuestionSerializer(question, context=context).data, status=status.HTTP_201_CREATED)
        questions = selectors.questions_for(scenario=scenario, user=request.user)
        return Response(QuestionSerializer(questions, many=True, context=context).data)

    @extend_schema(request=AnswerSerializer, responses=QuestionSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"questions/(?P<question_id>[0-9]+)/answer",
        permission_classes=[permissions.IsAuthenticated],
    )
    def answer(self, request, pk=None, question_id=None):
        """The owner answers a question (and may extend the deadline in the last three days)."""
        scenario = self.get_object()
        question = get_object_or_404(
            Question.objects.select_related("scenario__owner"), pk=question_id, scenario=scenario
        )
        body = validated_body(AnswerSerializer, request)
        services.question_answer(question=question, actor=request.user, **body)
        return Response(QuestionSerializer(question, context={"show_asker": True}).data)

    @extend_schema(parameters=[EXPORT_PARAM], responses=EXPORT_RESPONSES)
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The visible scenarios matching the filters, as CSV or JSON (at most 10,000 rows)."""
        return _export(self, request, exports.scenario_row, exports.SCENARIO_COLUMNS, "scenarios")


class BatchViewSet(viewsets.ReadOnlyModelViewSet):
    """Published batches of scenarios (机会清单 第N批), public. The provincial office publishes the next batch
    with POST: the ids of scenarios the city approved (all or nothing)."""

    serializer_class = BatchSerializer
    pagination_class = PublicListPagination

    def get_queryset(self):
        return selectors.batches_public().prefetch_related("scenarios")

    @extend_schema(request=BatchCreateSerializer, responses={201: BatchSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        body = validated_body(BatchCreateSerializer, request)
        if not request.user.has_perm("catalog.manage_review"):
            raise exceptions.PermissionDenied
        ids = body["scenarios"]
        waiting = {s.pk: s for s in selectors.scenarios_awaiting_publication(user=request.user).filter(pk__in=ids)}
        missing = sorted(set(ids) - set(waiting))
        if missing:
            raise exceptions.ValidationError(
                {"scenarios": [_("Not waiting for publication: %(ids)s.") % {"ids": ", ".join(map(str, missing))}]}
            )
        province = Region.objects.get(code=services.province_code_of(next(iter(waiting.values())).county))
        batch = services.batch_publish(
            province=province,
            actor=request.user,
            scenarios=list(waiting.values()),
            title=body["title"],
        )
        fresh = self.get_queryset().get(pk=batch.pk)
        return Response(BatchSerializer(fresh, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ReviewPolicyViewSet(viewsets.GenericViewSet):
    """Each province's setting for review before publication, public. ``PUT /review-policies/<province>/`` with
    ``{"required": true|false}`` switches it (the provincial office only); scenarios already in review keep their
    state."""

    serializer_class = ReviewPolicySerializer
    pagination_class = PublicListPagination
    lookup_field = "province"
    lookup_value_regex = r"[0-9]{6}"

    def get_queryset(self):
        return selectors.review_policies()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, province=None, *args, **kwargs):
        policy = get_object_or_404(self.get_queryset(), province_id=province)
        return Response(self.get_serializer(policy).data)

    @extend_schema(request=ReviewPolicySerializer, responses={200: ReviewPolicySerializer})
    def update(self, request, province=None, *args, **kwargs):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        region = get_object_or_404(Region, code=province, level=Region.Level.PROVINCE)
        if not request.user.has_perm("catalog.manage_review"):
            raise exceptions.PermissionDenied
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        policy = services.review_policy_set(
            province=region, actor=request.user, required=payload.validated_data["required"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=policy.pk)).data)


class SolutionViewSet(AttachmentsMixin, viewsets.ModelViewSet):
    """Firms' solutions. Everyone reads published ones; drafts and archived ones only the firm's members and the
    provincial office."""

    pagination_class = PublicListPagination

    serializer_class = SolutionSerializer
    filterset_class = SolutionFilter
    filter_backends = [FilterBackend]

    def get_queryset(self):
        queryset = selectors.solutions_visible_to(user=self.request.user)
        if self.action == "list":  # the API list shows the description
            return queryset.defer("search_text").order_by("-published_at", "-created_at", "-id")
        return queryset

    def _payload(self, data: dict) -> dict:
        data = dict(data)
        data.pop("owner", None)
        return data

    @idempotent
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        owner = _default_org(
            self.request.user, [Organization.Kind.FIRM], serializer.validated_data.get("owner"), "owner"
        )
        solution = services.solution_create(
            actor=self.request.user, owner=owner, **self._payload(serializer.validated_data)
        )
        serializer.instance = self.get_queryset().get(pk=solution.pk)

    def perform_update(self, serializer):
        _same_owner(serializer, _("The owner of a solution cannot change."))
        services.solution_update(
            solution=serializer.instance, actor=self.request.user, **self._payload(serializer.validated_data)
        )
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        services.solution_delete(solution=instance, actor=self.request.user)

    @extend_schema(request=None, responses=SolutionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def publish(self, request, pk=None):
        """draft or archived → published."""
        services.solution_publish(solution=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=None, responses=SolutionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def archive(self, request, pk=None):
        """→ archived (hidden from everyone but the firm and the provincial office)."""
        services.solution_archive(solution=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=DeploymentSerializer, responses={201: DeploymentSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def deployments(self, request, pk=None):
        """Add a deployment (county, year, note) to this solution."""
        solution = self.get_object()
        body = validated_body(DeploymentSerializer, request)
        deployment = services.deployment_add(solution=solution, actor=request.user, **body)
        return Response(DeploymentSerializer(deployment).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[EXPORT_PARAM], responses=EXPORT_RESPONSES)
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The visible solutions matching the filters, as CSV or JSON (at most 10,000 rows)."""
        return _export(self, request, exports.solution_row, exports.SOLUTION_COLUMNS, "solutions")


class ResourceRequestViewSet(viewsets.GenericViewSet):
    """Requests for the resources scenarios open. A verified firm's admin or editor asks (``POST``); the owner
    office approves or refuses (a refusal needs a note). The owner office and the provincial office read every
    request of their scenarios, a firm its own; others see nothing (404)."""

    serializer_class = ResourceRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        queryset = selectors.resource_requests_visible_to(user=self.request.user)
        scenario = self.request.query_params.get("scenario")
        if scenario and scenario.isdigit():
            queryset = queryset.filter(resource__scenario_id=int(scenario))
        return queryset

    @extend_schema(parameters=[OpenApiParameter("scenario", OpenApiTypes.INT, description="scenario id")])
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=ResourceRequestCreateSerializer, responses={201: ResourceRequestSerializer})
    @idempotent
    def create(self, request):
        body = validated_body(ResourceRequestCreateSerializer, request)
        resource = body["resource"]
        if not request.user.has_perm("catalog.read_scenario", resource.scenario):
            raise exceptions.ValidationError({"resource": [_("Unknown resource.")]})
        firm = _default_org(request.user, [Organization.Kind.FIRM], body.get("firm"), "firm")
        created = services.resource_request_create(
            resource=resource, actor=request.user, firm=firm, purpose=body["purpose"]
        )
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, approve: bool):
        access = self.get_object()
        body = validated_body(ResourceDecisionSerializer, request)
        decided = services.resource_request_decide(
            request=access, actor=request.user, approve=approve, note=body["note"]
        )
        return Response(self.get_serializer(decided).data)

    @extend_schema(request=ResourceDecisionSerializer, responses=ResourceRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The owner office approves a pending request."""
        return self._decide(request, True)

    @extend_schema(request=ResourceDecisionSerializer, responses=ResourceRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """The owner office refuses a pending request (``note`` required)."""
        return self._decide(request, False)
