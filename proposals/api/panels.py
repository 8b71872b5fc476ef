"""``/api/v1/panel-draws/``, ``/api/v1/panel-seats/`` and ``/api/v1/experts/``: evaluation panels drawn from the
expert pool. Lists go through selectors scoped to the caller (draw records: the owner office and the provincial
office; seats: the expert's own; the pool: the provincial office); writes call ``services.panels``."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog.models import Domain
from core.api import FilterBackend
from directory.models import Organization, User
from proposals import selectors, services
from proposals.api.actions import BodyActionMixin
from proposals.api.views import _scenario
from proposals.models import PanelSeat
from proposals.services.panels import MAX_PANEL, MAX_RESERVES


class PanelSeatSerializer(serializers.ModelSerializer):
    scenario = serializers.IntegerField(source="draw.scenario_id", read_only=True)
    scenario_title = serializers.CharField(source="draw.scenario.title", read_only=True)
    expert_name = serializers.CharField(source="expert.user.__str__", read_only=True)
    organization = serializers.IntegerField(source="expert.organization_id", read_only=True)
    # Named apart from membership roles (a field named "role" would share their enum's name in the schema).
    drawn_as = serializers.ChoiceField(source="role", choices=PanelSeat.Role.choices, read_only=True)

    class Meta:
        model = PanelSeat
        fields = [
            "id",
            "draw",
            "scenario",
            "scenario_title",
            "expert",
            "expert_name",
            "organization",
            "position",
            "drawn_as",
            "status",
            "reason",
            "evaluation",
            "seated_at",
            "ended_at",
        ]
        read_only_fields = fields


class ExclusionReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    organization = serializers.IntegerField(allow_null=True)


class ExclusionSerializer(serializers.Serializer):
    expert = serializers.IntegerField()
    reasons = ExclusionReasonSerializer(many=True)


class PanelDrawSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    scenario = serializers.IntegerField(source="scenario_id")
    size = serializers.IntegerField(min_value=1, max_value=MAX_PANEL)
    reserves = serializers.IntegerField(min_value=0, max_value=MAX_RESERVES)
    seed = serializers.CharField(read_only=True)
    pool = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    bidders = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    excluded = ExclusionSerializer(many=True, read_only=True)
    order = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    drawn_by = serializers.IntegerField(source="drawn_by_id", read_only=True, allow_null=True)
    drawn_at = serializers.DateTimeField(read_only=True)
    seats = PanelSeatSerializer(many=True, read_only=True)


class PanelReplaySerializer(serializers.Serializer):
    same = serializers.BooleanField()
    order = serializers.ListField(child=serializers.IntegerField())
    members = serializers.ListField(child=serializers.IntegerField())
    reserves = serializers.ListField(child=serializers.IntegerField())


class SeatReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class SeatConflictSerializer(SeatReasonSerializer):
    seat = serializers.IntegerField()


class ExpertTieSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id")
    nature = serializers.CharField(max_length=200)


class ExpertSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.__str__", read_only=True)
    organization = serializers.IntegerField(source="organization_id")
    domains = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Domain.objects.all(), allow_empty=False
    )
    speciality = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    active = serializers.BooleanField(read_only=True)
    ties = ExpertTieSerializer(many=True, read_only=True)


def _draws(user):
    seats = PanelSeat.objects.select_related("draw__scenario", "expert__user").order_by("position")
    return selectors.panel_draws_visible_to(user).prefetch_related(Prefetch("seats", queryset=seats))


class PanelDrawViewSet(BodyActionMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Draw records (seed, pool snapshot, bidders, exclusions with reasons, drawn order, seats) for the owner
    office and the provincial office. POST draws a call's panel once it is unsealed."""

    serializer_class = PanelDrawSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [FilterBackend]
    filterset_fields = ["scenario"]

    def get_queryset(self):
        return _draws(self.request.user).order_by("-drawn_at", "-id")

    def create(self, request, *args, **kwargs):
        values = self._body(PanelDrawSerializer)
        scenario = _scenario(request.user, values["scenario_id"], "proposals.read_panel")
        draw = services.panel_draw(
            scenario=scenario, actor=request.user, size=values["size"], reserves=values["reserves"]
        )
        return Response(self._fresh(draw.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PanelReplaySerializer)
    @action(detail=True, methods=["get"])
    def replay(self, request, pk=None):
        """Re-run the draw from its record: the same order, panel and reserves (``same`` says so)."""
        replay = services.panel_draw_replay(self.get_object())
        return Response(PanelReplaySerializer(replay).data)

    @extend_schema(request=SeatConflictSerializer, responses=PanelDrawSerializer)
    @action(detail=True, methods=["post"])
    def conflict(self, request, pk=None):
        """Record that a drawn expert is conflicted; the next reserve takes a member's seat."""
        draw, values = self._object_and_body(SeatConflictSerializer)
        seat = draw.seats.filter(pk=values["seat"]).first()
        if seat is None:
            raise exceptions.NotFound
        services.panel_seat_conflict(seat=seat, actor=request.user, reason=values["reason"])
        return Response(self._fresh(draw.pk))


class PanelSeatViewSet(BodyActionMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's own seats on drawn panels; ``decline`` leaves a seat (the next reserve takes it)."""

    serializer_class = PanelSeatSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.panel_seats_of(self.request.user).select_related("expert__user")

    @extend_schema(request=SeatReasonSerializer, responses=PanelSeatSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        seat, values = self._object_and_body(SeatReasonSerializer)
        services.panel_seat_decline(seat=seat, actor=request.user, reason=values["reason"])
        return Response(self._fresh(seat.pk))


class ExpertViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The expert pool, for the provincial office; its admins and editors add experts."""

    serializer_class = ExpertSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.expert_pool_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        # Who may add comes before what is added: outsiders learn nothing about which ids exist.
        if not request.user.has_perm("proposals.keep_expert_pool"):
            raise exceptions.PermissionDenied
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        user = User.objects.filter(pk=data["user_id"]).first()
        organization = Organization.objects.filter(pk=data["organization_id"]).first()
        errors = {}
        if user is None:
            errors["user"] = [_("No person has this id.")]
        if organization is None:
            errors["organization"] = [_("No organisation has this id.")]
        if errors:
            raise exceptions.ValidationError(errors)
        serializer.instance = services.expert_add(
            actor=self.request.user,
            user=user,
            organization=organization,
            domains=data["domains"],
            speciality=data["speciality"],
        )
