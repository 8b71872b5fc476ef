from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fairs.models import Event, Meeting, MeetingOutcome, MeetingRequest, Participant, ProgrammeItem
from fairs.services import TIMETABLE_FIELDS


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$"})
class LocalTimeField(serializers.TimeField):
    """A time of day without an offset (the event's local time)."""


class ProgrammeItemSerializer(serializers.ModelSerializer):
    start = serializers.DateTimeField(source="slot.start", read_only=True)
    end = serializers.DateTimeField(source="slot.end", read_only=True)
    presenter = serializers.CharField(
        source="participant.organization.name_zh", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = ProgrammeItem
        fields = ["id", "kind", "title", "start", "end", "presenter", "scenario", "solution"]


class EventSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.name_zh", read_only=True)
    # Local times of day (Asia/Shanghai) as "HH:MM:SS": JSON Schema's "time" format would demand an offset.
    day_start = LocalTimeField(help_text="HH:MM:SS, Asia/Shanghai")
    day_end = LocalTimeField(help_text="HH:MM:SS, Asia/Shanghai")

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "status",
            "title_zh",
            "title_en",
            "description",
            "organiser",
            "region",
            "venue",
            *TIMETABLE_FIELDS,
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name_zh", read_only=True)
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "event",
            "organization",
            "organization_name",
            "side",
            "status",
            "max_meetings",
            "attendees",
            "checked_in_at",
        ]

    def get_attendees(self, obj) -> list[str]:
        return [a.name for a in obj.attendees.all()]


class MeetingRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingRequest
        fields = [
            "id",
            "event",
            "requester",
            "recipient",
            "purpose",
            "scenario",
            "solution",
            "score",
            "reasons",
            "priority",
            "status",
            "redirected_to",
            "created_at",
            "answered_at",
        ]
        read_only_fields = ["event", "score", "reasons", "status", "redirected_to", "created_at", "answered_at"]


class RequestAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=["accept", "decline", "redirect"])
    redirect_to = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MeetingOutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingOutcome
        fields = ["participant", "outcome", "value", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]


class MeetingSerializer(serializers.ModelSerializer):
    start = serializers.DateTimeField(source="slot.start", read_only=True)
    end = serializers.DateTimeField(source="slot.end", read_only=True)
    requester = serializers.IntegerField(source="request.requester_id", read_only=True)
    recipient = serializers.IntegerField(source="request.recipient_id", read_only=True)
    table = serializers.CharField(source="table_label", read_only=True)
    outcomes = MeetingOutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "event",
            "request",
            "requester",
            "recipient",
            "start",
            "end",
            "table",
            "status",
            "pinned",
            "outcomes",
        ]
