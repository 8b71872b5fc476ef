from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.admin import CompactTabularInline
from directory import services
from directory.models import Membership, Organization, Region, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Profile"), {"fields": ("display_name",)}))
    list_display = ("username", "display_name", "email", "is_staff", "is_active", "date_joined")
    search_fields = ("username", "display_name", "email")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "kind", "zone", "parent", "population")
    list_filter = ("level", "kind", "zone")
    search_fields = ("code", "name_zh", "name_en")
    list_select_related = ("parent",)
    ordering = ("code",)

    def has_delete_permission(self, request, obj=None):
        # Regions come from the official data set (load_regions); deleting one would orphan organisations.
        return False


class MembershipInline(CompactTabularInline):
    model = Membership
    fk_name = "organization"
    raw_id_fields = ("user", "decided_by")
    readonly_fields = ("created_at", "decided_at")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "region", "verification_status", "credit_code", "created_at")
    list_filter = ("kind", "verification_status", "region__zone")
    search_fields = ("name_zh", "name_en", "credit_code", "region__name_zh", "region__name_en")
    list_select_related = ("region",)
    raw_id_fields = ("created_by", "verified_by")
    autocomplete_fields = ("region",)
    readonly_fields = ("verification_status", "verified_by", "verified_at", "created_at", "updated_at")
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["verify_selected", "reject_selected"]
    date_hierarchy = "created_at"

    @admin.action(description=_("Verify the selected organisations"))
    def verify_selected(self, request, queryset):
        done = 0
        for organization in queryset:
            try:
                services.organization_verify(organization=organization, actor=request.user, reason="")
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            done += 1
        self.message_user(request, _("%(n)d organisation(s) verified.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected organisations (reason: incomplete registration)"))
    def reject_selected(self, request, queryset):
        done = 0
        for organization in queryset:
            try:
                services.organization_reject(
                    organization=organization,
                    actor=request.user,
                    reason=str(_("Rejected from the admin: the registration is incomplete or could not be confirmed.")),
                )
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            done += 1
        self.message_user(request, _("%(n)d organisation(s) rejected.") % {"n": done}, messages.WARNING)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "status", "created_at", "decided_at")
    list_filter = ("role", "status", "organization__kind")
    search_fields = ("user__username", "user__email", "organization__name_zh", "organization__name_en")
    list_select_related = ("user", "organization")
    raw_id_fields = ("user", "organization", "decided_by")
