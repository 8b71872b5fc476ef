"""Admin for operators: grants are read here (superusers may repair); they are made, paid and withdrawn through
``funding.services``, which check the rules."""

from __future__ import annotations

from django.contrib import admin

from funding import selectors
from funding.models import Grant


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("granted_on", "kind", "grantor", "grantee", "amount", "status")
    list_filter = ("kind", "status")
    search_fields = ("grantor__name_zh", "grantee__name_zh", "grantee__name_en", "conditions")
    list_select_related = ("grantor", "grantee")
    raw_id_fields = ("grantor", "grantee", "scenario", "engagement", "created_by")
    date_hierarchy = "granted_on"

    def get_queryset(self, request):
        if request.user.is_superuser:
            return super().get_queryset(request)
        return selectors.grants_visible_to(request.user)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or (obj is None and request.method == "GET" and request.user.is_staff)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_staff
