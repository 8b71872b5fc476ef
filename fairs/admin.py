from django.contrib import admin

from core.admin import CompactTabularInline, tabular_inline
from fairs import models


class ProgrammeInline(CompactTabularInline):
    model = models.ProgrammeItem
    raw_id_fields = ("slot", "participant", "scenario", "solution")


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title_zh", "kind", "date", "status", "organiser")
    list_filter = ("kind", "status")
    search_fields = ("title_zh", "title_en")
    raw_id_fields = ("organiser", "region", "created_by")
    inlines = [tabular_inline(models.Room), ProgrammeInline]


class AttendeeInline(CompactTabularInline):
    model = models.Attendee
    raw_id_fields = ("user",)


@admin.register(models.Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("organization", "event", "side", "status", "max_meetings", "checked_in_at")
    list_filter = ("status", "side")
    raw_id_fields = ("event", "organization")
    exclude = ("feed_token",)
    inlines = [AttendeeInline, tabular_inline(models.Availability)]


@admin.register(models.MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ("requester", "recipient", "status", "priority", "score", "created_at")
    list_filter = ("status",)
    raw_id_fields = (
        "event",
        "requester",
        "recipient",
        "scenario",
        "solution",
        "redirected_to",
        "created_by",
        "answered_by",
    )


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("request", "slot", "room", "table", "status", "pinned")
    list_filter = ("status", "pinned")
    raw_id_fields = ("event", "request", "slot", "room")


@admin.register(models.MeetingOutcome)
class MeetingOutcomeAdmin(admin.ModelAdmin):
    list_display = ("meeting", "participant", "outcome", "value", "recorded_at")
    list_filter = ("outcome",)
    raw_id_fields = ("meeting", "participant", "recorded_by")


@admin.register(models.ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = (
        "event",
        "at",
        "method",
        "requests",
        "scheduled",
        "moved",
        "value",
        "greedy_value",
        "gap",
        "solve_s",
    )
    raw_id_fields = ("event", "by")
