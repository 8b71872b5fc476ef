"""Admin for operators. Superusers see everything. Staff who are not superusers see only what the sealing rule
lets them read (the same selectors as the pages), read-only, without price columns, and every proposal they
open is logged as a sealed read. Search and filters never touch the price."""

from __future__ import annotations

from django.contrib import admin

from core.admin import (
    CompactTabularInline,
    ReadOnlyForStaffMixin,
    SuperuserRowsOnlyMixin,
    VisibleToMixin,
    tabular_inline,
)
from proposals import models, selectors, services


class VisibleThroughProposalMixin(VisibleToMixin):
    """Rows of a proposal: non-superusers see those of the proposals the sealing rule lets them read."""

    visible_to = staticmethod(selectors.proposals_visible_to)
    visible_path = "proposal"


@admin.register(models.Proposal)
class ProposalAdmin(ReadOnlyForStaffMixin, admin.ModelAdmin):
    list_display = ("id", "scenario", "firm", "status", "version", "submitted_at", "disqualified_at")
    list_filter = ("status",)
    search_fields = ("scenario__title", "firm__name_zh", "firm__name_en")
    list_select_related = ("scenario", "firm")
    raw_id_fields = ("scenario", "firm", "solutions", "created_by", "disqualified_by")
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        if request.user.is_superuser:
            return super().get_queryset(request).select_related("scenario", "firm")
        return selectors.proposals_visible_to(request.user)

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.split("__")[0] == "price" and not (request is not None and request.user.is_superuser):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_sortable_by(self, request):
        return [c for c in self.get_list_display(request) if c != "price" or request.user.is_superuser]

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return [*columns, "price"] if request.user.is_superuser else columns

    def get_exclude(self, request, obj=None):
        if request.user.is_superuser or (obj is not None and request.user.has_perm("proposals.read_proposal", obj)):
            return ()
        return ("price",)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None:
            services.sealed_reads_log(user=request.user, proposals=[obj], via="admin")
        return response


@admin.register(models.ProposalRevision)
class ProposalRevisionAdmin(VisibleThroughProposalMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    list_display = ("proposal", "number", "actor", "at")
    search_fields = ("proposal__firm__name_zh",)
    list_select_related = ("proposal", "actor")
    list_filter = ("at",)
    exclude = ("snapshot",)  # holds the price


@admin.register(models.ProposalAttachment)
class ProposalAttachmentAdmin(VisibleThroughProposalMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    list_display = ("original_name", "proposal", "size", "uploaded_at")
    search_fields = ("original_name",)
    list_select_related = ("proposal",)
    list_filter = ("content_type",)


@admin.register(models.SealedReadLog)
class SealedReadLogAdmin(SuperuserRowsOnlyMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    list_display = ("at", "user", "proposal", "via")
    list_filter = ("via",)
    search_fields = ("user__username",)
    list_select_related = ("user", "proposal")


@admin.register(models.Evaluation)
class EvaluationAdmin(VisibleToMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    visible_to = staticmethod(selectors.evaluations_visible_to)
    list_display = ("scenario", "evaluator", "status", "assigned_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("scenario__title", "evaluator__username")
    list_select_related = ("scenario", "evaluator")


@admin.register(models.Score)
class ScoreAdmin(VisibleThroughProposalMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    list_display = ("evaluation", "proposal", "criterion", "value")
    list_filter = ("value",)
    search_fields = ("evaluation__evaluator__username",)
    list_select_related = ("evaluation", "proposal", "criterion")


class ObjectionInline(CompactTabularInline):
    model = models.Objection
    raw_id_fields = ("proposal", "submitted_by", "responded_by")


@admin.register(models.Award)
class AwardAdmin(ReadOnlyForStaffMixin, admin.ModelAdmin):
    list_display = ("scenario", "status", "decided_at", "standstill_until", "finalised_at")
    list_filter = ("status",)
    search_fields = ("scenario__title",)
    list_select_related = ("scenario",)
    raw_id_fields = ("scenario", "proposals", "decided_by")
    inlines = [ObjectionInline]


@admin.register(models.Contract)
class ContractAdmin(ReadOnlyForStaffMixin, admin.ModelAdmin):
    """Contract values. Staff who are not superusers see only those of final awards (public by then); the
    services state and correct them (``contract_value_set``)."""

    list_display = ("proposal", "award", "value", "set_at")
    search_fields = ("award__scenario__title", "proposal__firm__name_zh")
    list_select_related = ("award", "award__scenario", "proposal", "proposal__firm")
    raw_id_fields = ("award", "proposal", "set_by")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        public = [c.pk for c in queryset.select_related("award") if selectors.award_value_public(c.award)]
        return queryset.filter(pk__in=public)


class PaymentInline(CompactTabularInline):
    """Payments by milestone (recorded through ``services.payment_record``, which checks the rules)."""

    model = models.Payment
    fields = ("milestone", "amount", "paid_on", "note", "recorded_by", "recorded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Engagement)
class EngagementAdmin(VisibleToMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    visible_to = staticmethod(selectors.engagements_visible_to)
    list_display = ("scenario", "firm", "solution", "status", "contracted_at", "accepted_at")
    list_filter = ("status",)
    search_fields = ("scenario__title", "firm__name_zh", "solution__title")
    list_select_related = ("scenario", "firm", "solution")
    raw_id_fields = ("award", "proposal", "scenario", "firm", "solution", "deployment")
    inlines = [tabular_inline(models.Milestone), tabular_inline(models.KpiResult), PaymentInline]


@admin.register(models.QuestionNotice)
class QuestionNoticeAdmin(ReadOnlyForStaffMixin, admin.ModelAdmin):
    list_display = ("question", "at")
    list_filter = ("at",)
    search_fields = ("question__text",)
    list_select_related = ("question",)


class ExpertTieInline(CompactTabularInline):
    model = models.ExpertTie
    raw_id_fields = ("organization",)


@admin.register(models.Expert)
class ExpertAdmin(VisibleToMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    """The expert pool: read-only for provincial staff (the pool page and the services write it)."""

    visible_to = staticmethod(selectors.expert_pool_visible_to)
    list_display = ("user", "organization", "speciality", "active", "added_at")
    list_filter = ("active", "domains")
    search_fields = ("user__username", "organization__name_zh", "speciality")
    list_select_related = ("user", "organization")
    raw_id_fields = ("user", "organization", "added_by")
    inlines = [ExpertTieInline]


class PanelSeatInline(CompactTabularInline):
    model = models.PanelSeat
    raw_id_fields = ("expert", "evaluation", "ended_by")


@admin.register(models.PanelDraw)
class PanelDrawAdmin(VisibleToMixin, ReadOnlyForStaffMixin, admin.ModelAdmin):
    """Draw records: the owner office's and (provincial office) all; re-run one with ``replay_panel_draw``."""

    visible_to = staticmethod(selectors.panel_draws_visible_to)
    list_display = ("scenario", "size", "reserves", "seed", "drawn_by", "drawn_at")
    search_fields = ("scenario__title", "seed")
    list_select_related = ("scenario", "drawn_by")
    raw_id_fields = ("scenario", "drawn_by")
    inlines = [PanelSeatInline]
