"""``/api/v1/fair-events/``, ``/fair-participants/``, ``/meeting-requests/``, ``/meetings/``.

Querysets come from selectors scoped to the requesting user; writes go through the services, which check
permissions (403) and validate (400). Objects outside the user's view are 404. The public sees events and their
programme only.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import PublicListPagination, validated_body
from fairs import selectors, services
from fairs.api.serializers import (
    EventSerializer,
    MeetingOutcomeSerializer,
    MeetingRequestSerializer,
    MeetingSerializer,
    ParticipantSerializer,
    ProgrammeItemSerializer,
    RequestAnswerSerializer,
)


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published fairs and release events (drafts for their organiser); ``programme`` is public."""

    serializer_class = EventSerializer
    pagination_class = PublicListPagination
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        return selectors.events_visible_to(user=self.request.user).order_by("-date", "-pk")

    @extend_schema(responses=ProgrammeItemSerializer(many=True))
    @action(detail=True, pagination_class=None)  # the whole programme, as a plain list (and so in the schema)
    def programme(self, request, pk=None):
        items = selectors.programme_of(event=self.get_object())
        return Response(ProgrammeItemSerializer(items, many=True).data)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def schedule(self, request, pk=None):
        run = services.schedule_run(actor=request.user, event=self.get_object())
        return Response(
            {
                "method": run.method,
                "requests": run.requests,
                "scheduled": run.scheduled,
                "moved": run.moved,
                "dropped": run.dropped,
                "value": run.value,
                "greedy_value": run.greedy_value,
                "bound": run.bound,
                "gap": run.gap,
                "solve_s": run.solve_s,
            }
        )


class ParticipantViewSet(viewsets.ReadOnlyModelViewSet):
    """Participations of the user's organisations and of the events they organise."""

    serializer_class = ParticipantSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["event", "status", "side"]

    def get_queryset(self):
        return selectors.participants_visible_to(user=self.request.user).order_by("event_id", "pk")


class MeetingRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Requests made or received by the user's organisations; create as the requester, ``answer`` as the
    recipient."""

    serializer_class = MeetingRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["event", "status"]

    def get_queryset(self):
        return selectors.requests_visible_to(user=self.request.user).order_by("-created_at", "-pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visible = selectors.participants_visible_to(user=request.user)
        if not visible.filter(pk=data["requester"].pk).exists():
            raise ValidationError({"requester": [_("Choose a participation of your organisation.")]})
        created = services.request_create(
            actor=request.user,
            requester=data["requester"],
            recipient=data["recipient"],
            purpose=data["purpose"],
            scenario=data.get("scenario"),
            solution=data.get("solution"),
            priority=data.get("priority", 1),
        )
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RequestAnswerSerializer, responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        target = self.get_object()
        data = validated_body(RequestAnswerSerializer, request)
        answered = services.request_answer(
            actor=request.user,
            request=target,
            answer=data["answer"],
            redirect_to=data.get("redirect_to"),
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(answered).data)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of the user's organisations and of the events they organise; ``outcome`` records one side's."""

    serializer_class = MeetingSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["event", "status"]

    def get_queryset(self):
        return selectors.meetings_visible_to(user=self.request.user).order_by("slot__start", "pk")

    @extend_schema(request=MeetingOutcomeSerializer, responses=MeetingOutcomeSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        meeting = self.get_object()
        data = validated_body(MeetingOutcomeSerializer, request)
        participant = data["participant"]
        if participant.pk not in (meeting.request.requester_id, meeting.request.recipient_id):
            raise ValidationError({"participant": [_("Record the outcome for your own side of the meeting.")]})
        record = services.outcome_record(
            actor=request.user,
            meeting=meeting,
            participant=participant,
            outcome=data["outcome"],
            value=data.get("value"),
            note=data.get("note", ""),
        )
        return Response(MeetingOutcomeSerializer(record).data, status=status.HTTP_201_CREATED)
