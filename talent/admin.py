"""Admin for operators. Lists of private data (enrolments, attendance, certificates, exchanges, tokens) go
through the same selectors as the site for non-superusers, so staff accounts see no more than on the site."""

from django.contrib import admin

from core.admin import CompactTabularInline, SuperuserRowsOnlyMixin, VisibleToMixin
from talent import models, selectors


@admin.register(models.Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "scheme", "kind", "occupation_code", "esco_uri")
    list_filter = ("scheme", "kind")
    search_fields = ("code", "name_zh", "name_en", "occupation_code")
    list_select_related = ("parent",)


class CourseSkillInline(CompactTabularInline):
    model = models.CourseSkill
    autocomplete_fields = ("skill",)


@admin.register(models.Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title_zh", "title_en", "provider", "format", "planned_hours", "status")
    list_filter = ("status", "format", "language")
    search_fields = ("title_zh", "title_en", "provider__name_zh")
    list_select_related = ("provider",)
    raw_id_fields = ("provider", "created_by")
    inlines = [CourseSkillInline]


@admin.register(models.Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "address", "room_capacity", "provider")
    search_fields = ("name", "address", "region__name_zh")
    list_filter = ("region__zone",)
    list_select_related = ("region", "provider")
    raw_id_fields = ("provider", "region")


class OccurrenceInline(CompactTabularInline):
    model = models.Occurrence
    readonly_fields = ("sequence",)


@admin.register(models.Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("course", "start", "end", "venue", "capacity", "status")
    list_filter = ("status",)
    search_fields = ("course__title_zh", "course__title_en")
    list_select_related = ("course", "venue", "venue__region")
    raw_id_fields = ("course", "venue", "trainers")
    readonly_fields = ("last_waitlist_position",)
    date_hierarchy = "start"
    inlines = [OccurrenceInline]


class PrivateListMixin(VisibleToMixin):
    """Non-superusers see only what the site would show them: the enrolments it shows them, and the rows of those."""

    visible_to = staticmethod(selectors.enrolments_visible_to)


@admin.register(models.Enrolment)
class EnrolmentAdmin(PrivateListMixin, admin.ModelAdmin):
    visible_path = "pk"
    list_display = ("session", "person", "status", "waitlist_position", "created_at")
    list_filter = ("status",)
    search_fields = ("session__course__title_zh",)
    list_select_related = ("session", "session__course", "person")
    raw_id_fields = ("session", "person", "organization", "approved_by")
    readonly_fields = ("waitlist_position", "created_at")

    def get_search_fields(self, request):
        # Searching by name or e-mail would reveal who enrolled: superusers only.
        if request.user.is_superuser:
            return ("session__course__title_zh", "person__username", "person__display_name", "person__email")
        return self.search_fields


@admin.register(models.Attendance)
class AttendanceAdmin(PrivateListMixin, admin.ModelAdmin):
    visible_path = "enrolment"
    list_display = ("occurrence", "enrolment", "status", "via_check_in", "marked_at")
    list_filter = ("status", "via_check_in")
    search_fields = ("occurrence__session__course__title_zh",)
    list_select_related = ("occurrence__session__course", "enrolment__person", "enrolment__session__course")
    raw_id_fields = ("enrolment", "occurrence", "marked_by")


@admin.register(models.Certificate)
class CertificateAdmin(PrivateListMixin, admin.ModelAdmin):
    visible_path = "enrolment"
    list_display = ("code", "enrolment", "hours", "issued_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("code",)
    list_select_related = ("enrolment__person", "enrolment__session__course")
    raw_id_fields = ("enrolment", "revoked_by")
    readonly_fields = ("code", "issued_at")


@admin.register(models.Exchange)
class ExchangeAdmin(VisibleToMixin, admin.ModelAdmin):
    visible_to = staticmethod(selectors.exchanges_visible_to)
    visible_path = "pk"
    list_display = ("role", "kind", "home_organization", "host_organization", "start_date", "end_date", "status")
    list_filter = ("status", "kind", "home_region__zone", "host_region__zone")
    search_fields = ("role", "home_organization__name_zh", "host_organization__name_zh")
    list_select_related = ("home_organization", "host_organization", "person")
    raw_id_fields = (
        "person",
        "home_organization",
        "host_organization",
        "home_region",
        "host_region",
        "home_approved_by",
        "host_approved_by",
        "created_by",
    )
    filter_horizontal = ("skills",)


@admin.register(models.CalendarToken)
class CalendarTokenAdmin(SuperuserRowsOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "created_at")
    search_fields = ("user__username",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    exclude = ("token",)
