"""The matching API. Every queryset comes from a selector scoped to the requesting user; outsiders get 404."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import UpdateSerializerMixin, for_update
from core.views import found_or_404
from matching import selectors, services
from matching.api.serializers import (
    FeedbackSerializer,
    InvitationSerializer,
    RegionPairSerializer,
    ScenarioSuggestionSerializer,
    SolutionSuggestionSerializer,
    SubscriptionSerializer,
)
from matching.models import RegionPair, Subscription, SuggestionFeedback


class _SuggestionList(generics.ListAPIView):
    """A list of suggestions for signed-in users, best first (the selector orders it; no filters)."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []


class ScenarioSuggestionList(_SuggestionList):
    """Recommended solutions of a public scenario, best first — members of the owner county only (404 otherwise)."""

    serializer_class = ScenarioSuggestionSerializer

    def get_queryset(self):
        scenario = found_or_404(selectors.scenario_for_suggestions, user=self.request.user, pk=self.kwargs["pk"])
        return selectors.suggestions_for_scenario(scenario=scenario)


class SolutionSuggestionList(_SuggestionList):
    """Recommended scenarios of a published solution, best first — members of the firm only (404 otherwise)."""

    serializer_class = SolutionSuggestionSerializer

    def get_queryset(self):
        solution = found_or_404(selectors.solution_for_suggestions, user=self.request.user, pk=self.kwargs["pk"])
        return selectors.suggestions_for_solution(solution=solution)


class FeedList(_SuggestionList):
    """Recommended scenarios across the solutions of the user's firms, best score first."""

    serializer_class = SolutionSuggestionSerializer

    def get_queryset(self):
        return selectors.feed_for(user=self.request.user)


class FeedbackCreate(APIView):
    """Confirm or dismiss a suggestion for your side (``scenario``: the owner county; ``solution``: the firm)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=inline_serializer(
            "SuggestionFeedbackRequest",
            {
                "side": serializers.ChoiceField(choices=SuggestionFeedback.Side.choices),
                "verdict": serializers.ChoiceField(choices=SuggestionFeedback.Verdict.choices),
            },
        ),
        responses={201: FeedbackSerializer},
    )
    def post(self, request, pk):
        side = str(request.data.get("side", ""))
        suggestion = found_or_404(selectors.suggestion_for_action, user=request.user, pk=pk, side=side)
        feedback = services.suggestion_feedback_give(
            actor=request.user, suggestion=suggestion, side=side, verdict=str(request.data.get("verdict", ""))
        )
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


class InvitationCreate(APIView):
    """The owner county invites the firm of a suggested solution to propose (open scenarios only, once per pair)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={201: InvitationSerializer})
    def post(self, request, pk):
        side = SuggestionFeedback.Side.SCENARIO
        suggestion = found_or_404(selectors.suggestion_for_action, user=request.user, pk=pk, side=side)
        invitation = services.suggestion_invite(actor=request.user, suggestion=suggestion)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class SubscriptionViewSet(viewsets.ModelViewSet):
    """Your own subscriptions to newly published scenarios (members of verified firms)."""

    serializer_class = SubscriptionSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []
    queryset = Subscription.objects.none()

    def get_queryset(self):
        return selectors.subscriptions_of(user=self.request.user)

    def _fields(self, data: dict) -> dict:
        return {
            key: data[key] for key in ("domains", "capabilities", "regions", "zones", "delivery", "name") if key in data
        }

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.subscription_create(
            actor=self.request.user, organization=data["organization"], **self._fields(data)
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "organization" in data and data["organization"] != serializer.instance.organization:
            raise serializers.ValidationError({"organization": ["A subscription cannot move to another firm."]})
        serializer.instance = services.subscription_update(
            actor=self.request.user, subscription=serializer.instance, **self._fields(data)
        )

    def perform_destroy(self, instance):
        services.subscription_delete(actor=self.request.user, subscription=instance)


class RegionPairViewSet(UpdateSerializerMixin, viewsets.ModelViewSet):
    """Region pairs of the north–south cooperation programme: read by anyone, changed by the provincial office."""

    serializer_class = RegionPairSerializer
    # To change the cities, remove the pair and add a new one.
    update_serializer_class = for_update(RegionPairSerializer, "south_city", "north_city")
    filter_backends = []
    queryset = RegionPair.objects.none()

    def get_queryset(self):
        return selectors.region_pairs()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.region_pair_create(
            actor=self.request.user,
            south_city=data["south_city"],
            north_city=data["north_city"],
            programme=data.get("programme", ""),
            source=data.get("source", ""),
            active=data.get("active", True),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.region_pair_update(
            actor=self.request.user,
            pair=serializer.instance,
            programme=data.get("programme"),
            source=data.get("source"),
            active=data.get("active"),
        )

    def perform_destroy(self, instance):
        services.region_pair_delete(actor=self.request.user, pair=instance)
