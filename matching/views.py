"""HTML pages of matching. Thin: selectors read, services write, ``matching.permissions`` decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from catalog import services as catalog_services
from catalog.models import Capability, UnmappedTag
from catalog.selectors import scenario_detail
from core.background import enqueue
from core.forms import add_service_errors
from core.views import SafePaginationMixin, found_or_404
from directory.models import Organization
from directory.selectors import organization_ids_of
from matching import curation, learning, selectors, services, tasks
from matching.forms import RegionPairForm, SubscriptionForm
from matching.models import RegionPair, SuggestionFeedback, WeightSet


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


class ScenarioSuggestionsView(LoginRequiredMixin, View):
    """The owner county's "Recommended solutions" for one public scenario, plus proven solutions pushed to it."""

    def get(self, request, pk):
        scenario = found_or_404(selectors.scenario_for_suggestions, user=request.user, pk=pk)
        can_act = request.user.has_perm("matching.act_on_scenario_suggestions", scenario)
        context = {
            "scenario": scenario,
            "suggestions": selectors.suggestions_for_scenario(scenario=scenario),
            "replications": selectors.replication_recommendations_for(scenario=scenario),
            "can_act": can_act,
            "can_invite": scenario.is_open and can_act,
        }
        return render(request, "matching/scenario_suggestions.html", context)


class SolutionSuggestionsView(LoginRequiredMixin, View):
    def get(self, request, pk):
        solution = found_or_404(selectors.solution_for_suggestions, user=request.user, pk=pk)
        context = {
            "solution": solution,
            "can_act": request.user.has_perm("matching.act_on_solution_suggestions", solution),
            "suggestions": selectors.suggestions_for_solution(solution=solution),
        }
        return render(request, "matching/solution_suggestions.html", context)


class DraftingHelpView(LoginRequiredMixin, View):
    """Similar public scenarios (to adopt instead of writing anew) and reference cases, for the owner office."""

    def get(self, request, pk):
        scenario = found_or_404(scenario_detail, user=request.user, pk=pk)
        if not request.user.has_perm("matching.read_drafting_help", scenario):
            raise Http404
        return render(
            request,
            "matching/drafting_help.html",
            {
                "scenario": scenario,
                "similar": selectors.similar_scenarios(user=request.user, scenario=scenario),
                "reference_cases": selectors.reference_cases_for(scenario),
                "replications": selectors.replication_recommendations_for(scenario=scenario),
            },
        )


class FeedView(LoginRequiredMixin, SafePaginationMixin, ListView):
    """Recommended scenarios across all solutions of the user's firms."""

    template_name = "matching/feed.html"
    context_object_name = "suggestions"

    def get_queryset(self):
        return selectors.feed_for(user=self.request.user)


class FeedbackView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        side = request.POST.get("side", "")
        suggestion = found_or_404(selectors.suggestion_for_action, user=request.user, pk=pk, side=side)
        fallback = (
            reverse("matching:scenario-suggestions", args=[suggestion.scenario_id])
            if side == SuggestionFeedback.Side.SCENARIO
            else reverse("matching:solution-suggestions", args=[suggestion.solution_id])
        )
        try:
            feedback = services.suggestion_feedback_give(
                actor=request.user, suggestion=suggestion, side=side, verdict=request.POST.get("verdict", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Suggestion dismissed.")
                if feedback.verdict == SuggestionFeedback.Verdict.DISMISS
                else _("Suggestion confirmed."),
            )
        return _back(request, fallback)


class InviteView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        side = SuggestionFeedback.Side.SCENARIO
        suggestion = found_or_404(selectors.suggestion_for_action, user=request.user, pk=pk, side=side)
        try:
            services.suggestion_invite(actor=request.user, suggestion=suggestion)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The firm has been invited to propose."))
        return redirect("matching:scenario-suggestions", suggestion.scenario_id)


def _firms_of(user):
    """The verified firms the user belongs to (any role): whom they may subscribe for."""
    ids = organization_ids_of(user, kinds=[Organization.Kind.FIRM], verified=True)
    return Organization.objects.filter(pk__in=ids).order_by("name_zh")


class SubscriptionListView(LoginRequiredMixin, View):
    template_name = "matching/subscription_list.html"

    def render_page(self, request, form):
        return render(
            request,
            self.template_name,
            {
                "subscriptions": selectors.subscriptions_of(user=request.user),
                "form": form,
                "can_subscribe": request.user.has_perm("matching.subscribe"),
            },
        )

    def get(self, request):
        return self.render_page(request, SubscriptionForm(organizations=_firms_of(request.user)))

    def post(self, request):
        form = SubscriptionForm(request.POST, organizations=_firms_of(request.user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.subscription_create(
                    actor=request.user,
                    organization=data["organization"],
                    domains=data["domains"],
                    capabilities=data["capabilities"],
                    regions=data["regions"],
                    zones=data["zones"],
                    delivery=data["delivery"],
                    name=data["name"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Subscription saved."))
                return redirect("matching:subscription-list")
        return self.render_page(request, form)


class SubscriptionDeleteView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        subscription = selectors.subscriptions_of(user=request.user).filter(pk=pk).first()
        if subscription is None:
            raise Http404
        services.subscription_delete(actor=request.user, subscription=subscription)
        messages.success(request, _("Subscription deleted."))
        return redirect("matching:subscription-list")


class RegionPairListView(View):
    """The region pairs (public); the provincial office adds, pauses and removes them here."""

    template_name = "matching/regionpair_list.html"

    def render_page(self, request, form):
        return render(
            request,
            self.template_name,
            {
                "pairs": selectors.region_pairs(),
                "form": form,
                "can_manage": request.user.has_perm("matching.manage_region_pairs"),
            },
        )

    def get(self, request):
        return self.render_page(request, RegionPairForm())

    def post(self, request):
        if not request.user.has_perm("matching.manage_region_pairs"):
            raise PermissionDenied
        action = request.POST.get("action", "create")
        if action in ("toggle", "delete"):
            pk = request.POST.get("pair", "")
            pair = RegionPair.objects.filter(pk=pk).first() if pk.isdigit() else None
            if pair is None:
                raise Http404
            if action == "toggle":
                services.region_pair_update(actor=request.user, pair=pair, active=not pair.active)
            else:
                services.region_pair_delete(actor=request.user, pair=pair)
            messages.success(request, _("Region pairs updated."))
            return redirect("matching:regionpair-list")
        form = RegionPairForm(request.POST)
        if form.is_valid():
            try:
                services.region_pair_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Region pair added."))
                return redirect("matching:regionpair-list")
        return self.render_page(request, form)


class TuningView(LoginRequiredMixin, SafePaginationMixin, ListView):
    """The provincial office looks after the engine: free-text tags that matched no capability (most frequent
    first, with likely capabilities to map in one click) and the weights learnt from use (the proposed set beside
    the weights in use, apply or revert)."""

    template_name = "matching/tuning.html"
    context_object_name = "tags"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("matching.tune_weights"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return curation.queue(self.request.GET.get("source", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposed = WeightSet.objects.filter(status=WeightSet.Status.PROPOSED).first()
        active = learning.active_set()
        context.update(
            rows=curation.with_guesses(list(context["page_obj"].object_list)),
            capabilities=Capability.objects.order_by("code"),
            sources=UnmappedTag.Source.choices,
            source=self.request.GET.get("source", ""),
            proposed=proposed,
            active=active,
            weights=learning.weights_table(proposed),
            evaluation=learning.evaluation_rows(proposed),
        )
        return context

    def post(self, request):
        action = request.POST.get("action", "")
        try:
            if action == "map":
                tag = UnmappedTag.objects.filter(pk=_int(request.POST.get("tag")), mapped_to__isnull=True).first()
                capability = Capability.objects.filter(pk=_int(request.POST.get("capability"))).first()
                if tag is None or capability is None:
                    messages.error(request, _("Choose a tag and a capability."))
                    return redirect("matching:tuning")
                catalog_services.unmapped_tag_map(tag=tag, capability=capability, actor=request.user)
                enqueue(tasks.full_recompute)
                messages.success(
                    request,
                    _("“%(tag)s” now means %(capability)s; suggestions are being recomputed.")
                    % {"tag": tag.text, "capability": capability.name},
                )
            elif action == "dismiss":
                tag = UnmappedTag.objects.filter(pk=_int(request.POST.get("tag")), mapped_to__isnull=True).first()
                if tag is None:
                    messages.error(request, _("Choose a tag."))
                    return redirect("matching:tuning")
                curation.tag_dismiss(tag=tag)
                messages.success(request, _("“%(tag)s” will not be offered again.") % {"tag": tag.text})
            elif action == "apply":
                weight_set = WeightSet.objects.filter(pk=_int(request.POST.get("weight_set"))).first()
                if weight_set is None:
                    raise Http404
                learning.weights_apply(weight_set=weight_set, actor=request.user)
                messages.success(request, _("The proposed weights are in force; suggestions are being recomputed."))
            elif action == "revert":
                learning.weights_revert(actor=request.user)
                messages.success(
                    request, _("The previous weights are in force again; suggestions are being recomputed.")
                )
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(request.get_full_path())


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0
