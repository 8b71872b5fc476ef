from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from catalog import models, services
from core.admin import CompactTabularInline, ReadOnlyNoDeleteAdmin, tabular_inline


@admin.register(models.Domain)
class DomainAdmin(ReadOnlyNoDeleteAdmin):
    """Read-only: codes, names and order come from ``vocabulary.DOMAINS`` (the names match reasons use too)."""

    list_display = ("code", "name_zh", "name_en", "position")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(models.Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en")
    list_filter = ("domains",)
    search_fields = ("code", "name_zh", "name_en", "synonyms_zh", "synonyms_en")
    filter_horizontal = ("domains",)


class MapTagForm(admin.helpers.ActionForm):
    capability = forms.ModelChoiceField(
        queryset=models.Capability.objects.order_by("code"), required=False, label=_("capability")
    )


@admin.register(models.UnmappedTag)
class UnmappedTagAdmin(admin.ModelAdmin):
    """Free-text tags nothing matched. Select some, choose a capability and run the action to add them as
    synonyms (future tags then map automatically)."""

    list_display = ("text", "source", "count", "first_seen", "mapped_to", "dismissed")
    list_filter = ("source", "dismissed", ("mapped_to", admin.EmptyFieldListFilter))
    search_fields = ("text",)
    list_select_related = ("mapped_to",)
    raw_id_fields = ("example_scenario", "example_solution")
    action_form = MapTagForm
    actions = ["map_to_capability"]

    @admin.action(description=_("Add as a synonym of the chosen capability"))
    def map_to_capability(self, request, queryset):
        capability = models.Capability.objects.filter(pk=request.POST.get("capability") or 0).first()
        if capability is None:
            self.message_user(request, _("Choose a capability first."), messages.ERROR)
            return
        for tag in queryset:
            services.unmapped_tag_map(tag=tag, capability=capability, actor=request.user)
        self.message_user(request, _("%(n)d tag(s) mapped to %(cap)s.") % {"n": queryset.count(), "cap": capability})


class TransitionInline(CompactTabularInline):
    model = models.ScenarioTransition
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "at", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "county", "domain", "status", "deadline", "published_at")
    list_filter = ("status", "domain", "tier", "county__zone", "replicable")
    search_fields = ("title", "external_ref", "owner__name_zh", "county__name_zh")
    list_select_related = ("owner", "county", "domain")
    raw_id_fields = ("owner", "county", "replicated_from", "created_by")
    filter_horizontal = ("capabilities",)
    readonly_fields = ("status", "published_at", "search_text", "grade", "batch")
    inlines = [
        tabular_inline(models.EvaluationCriterion),
        tabular_inline(models.ScenarioKpi),
        tabular_inline(models.OpenResource),
        TransitionInline,
    ]


@admin.register(models.ResourceRequest)
class ResourceRequestAdmin(ReadOnlyNoDeleteAdmin):
    """The log of access requests: read-only (decisions go through the scenario page or the API)."""

    list_display = ("resource", "firm", "status", "requested_at", "decided_at", "decided_by")
    list_filter = ("status", "resource__kind")
    list_select_related = ("resource", "firm", "decided_by")
    search_fields = ("resource__name", "firm__name_zh", "purpose")


@admin.register(models.ScenarioRevision)
class ScenarioRevisionAdmin(admin.ModelAdmin):
    list_display = ("scenario", "actor", "at")
    list_select_related = ("scenario", "actor")
    search_fields = ("scenario__title",)
    raw_id_fields = ("scenario", "actor")


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "scenario", "asker_organization", "created_at", "answered_at")
    list_select_related = ("scenario", "asker_organization")
    search_fields = ("text", "answer", "scenario__title")
    list_filter = (("answered_at", admin.EmptyFieldListFilter),)
    raw_id_fields = ("scenario", "asker_organization", "asked_by", "answered_by")


class DeploymentInline(CompactTabularInline):
    model = models.Deployment
    raw_id_fields = ("county",)
    # Only an accepted pilot verifies a deployment (proposals' acceptance), never an edit here.
    readonly_fields = ("verification", "verified_at")


@admin.register(models.Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "maturity", "status", "published_at")
    list_filter = ("status", "maturity", "delivery_model", "domains")
    search_fields = ("title", "external_ref", "owner__name_zh", "owner__name_en")
    list_select_related = ("owner",)
    raw_id_fields = ("owner", "created_by")
    filter_horizontal = ("domains", "capabilities")
    readonly_fields = ("published_at", "search_text")
    inlines = [DeploymentInline]


@admin.register(models.Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "scenario", "solution", "uploaded_at")
    list_select_related = ("scenario", "solution")
    search_fields = ("original_name",)
    list_filter = ("content_type",)
    raw_id_fields = ("scenario", "solution", "uploaded_by")


@admin.register(models.ReviewPolicy)
class ReviewPolicyAdmin(ReadOnlyNoDeleteAdmin):
    """Written by the review services (the review page and the API), read here."""

    list_display = ("province", "required", "updated_by", "updated_at")


@admin.register(models.Batch)
class BatchAdmin(ReadOnlyNoDeleteAdmin):
    list_display = ("province", "number", "title", "published_at", "published_by")
    list_filter = ("province",)
