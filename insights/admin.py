"""Admin for operators: targets are edited here or on /insights/targets/ (the provincial office); snapshots and the
gap index are written only by refresh_insights and are read-only here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from insights.models import GapSnapshot, IndicatorSnapshot, IndicatorTarget


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ("year", "indicator", "zone", "basis", "value", "set_by", "updated_at")
    list_filter = ("year", "zone", "indicator")
    readonly_fields = ("set_by", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("month", "indicator", "level", "area", "value", "per_10k", "n")
    list_filter = ("level", "indicator", "month")
    search_fields = ("area",)


@admin.register(GapSnapshot)
class GapSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("month", "indicator", "north_south_ratio", "centre_south_ratio", "theil")
    list_filter = ("indicator",)
