"""Admin for operators: grants are read here (superusers may repair); they are made, paid and withdrawn through
``funding.services``, which check the rules."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyForStaffMixin, VisibleToMixin
from funding import selectors
from funding.models import Grant


@admin.register(Grant)
class GrantAdmin(VisibleToMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    visible_to = staticmethod(selectors.grants_visible_to)
    list_display = ("granted_on", "kind", "grantor", "grantee", "amount", "status")
    list_filter = ("kind", "status")
    search_fields = ("grantor__name_zh", "grantee__name_zh", "grantee__name_en", "conditions")
    list_select_related = ("grantor", "grantee")
    raw_id_fields = ("grantor", "grantee", "scenario", "engagement", "created_by")
    date_hierarchy = "granted_on"

    def has_delete_permission(self, request, obj=None):
        return False
