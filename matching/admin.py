"""Admin for matching. Suggestions, feedback, invitations, replication recommendations and subscriptions are for
superusers only (they may point at drafts or carry a firm's interests); region pairs are managed by whoever holds
``matching.manage_region_pairs`` (the provincial office), through the same services as the pages and the API."""

from __future__ import annotations

from django.contrib import admin

from matching import models, services


class SuperuserOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(models.Suggestion)
class SuggestionAdmin(SuperuserOnlyAdmin):
    list_display = ("scenario", "solution", "score", "rank_for_scenario", "rank_for_solution", "computed_at")
    list_filter = ("computed_at",)
    search_fields = ("scenario__title", "solution__title")
    list_select_related = ("scenario", "solution")


@admin.register(models.SuggestionFeedback)
class SuggestionFeedbackAdmin(SuperuserOnlyAdmin):
    list_display = ("scenario", "solution", "side", "verdict", "organization", "user", "at")
    list_filter = ("side", "verdict")
    search_fields = ("scenario__title", "solution__title", "organization__name_zh")
    list_select_related = ("scenario", "solution", "organization", "user")


@admin.register(models.Invitation)
class InvitationAdmin(SuperuserOnlyAdmin):
    list_display = ("scenario", "solution", "organization", "invited_by", "at")
    search_fields = ("scenario__title", "solution__title", "organization__name_zh")
    list_select_related = ("scenario", "solution", "organization", "invited_by")


@admin.register(models.ReplicationRecommendation)
class ReplicationRecommendationAdmin(SuperuserOnlyAdmin):
    list_display = ("solution", "target_scenario", "county", "priority", "position", "score", "created_at")
    list_filter = ("priority",)
    search_fields = ("solution__title", "target_scenario__title", "county__name_zh")
    list_select_related = ("solution", "target_scenario", "county")


@admin.register(models.Subscription)
class SubscriptionAdmin(SuperuserOnlyAdmin):
    list_display = ("organization", "user", "name", "delivery", "created_at")
    list_filter = ("delivery",)
    search_fields = ("organization__name_zh", "user__username", "name")
    list_select_related = ("organization", "user")


@admin.register(models.RegionPair)
class RegionPairAdmin(admin.ModelAdmin):
    list_display = ("south_city", "north_city", "programme", "active")
    list_filter = ("active", "programme")
    search_fields = ("south_city__name_zh", "north_city__name_zh", "programme", "source")
    list_select_related = ("south_city", "north_city")

    def _may(self, request) -> bool:
        return request.user.has_perm("matching.manage_region_pairs")

    def has_module_permission(self, request):
        return self._may(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return self._may(request)

    def save_model(self, request, obj, form, change):
        if change:
            services.region_pair_update(
                actor=request.user, pair=obj, programme=obj.programme, source=obj.source, active=obj.active
            )
        else:
            created = services.region_pair_create(
                actor=request.user,
                south_city=obj.south_city,
                north_city=obj.north_city,
                programme=obj.programme,
                source=obj.source,
                active=obj.active,
            )
            obj.pk = created.pk

    def delete_model(self, request, obj):
        services.region_pair_delete(actor=request.user, pair=obj)
