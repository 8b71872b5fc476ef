"""HTML pages of the catalog. Thin: selectors read, services write, ``catalog.permissions`` decides."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from catalog import exports, hooks, selectors, services
from catalog import jobs as catalog_jobs
from catalog.attachments import content_disposition
from catalog.forms import (
    AnswerForm,
    AttachmentForm,
    BatchForm,
    CatalogImportForm,
    DeploymentForm,
    GradeForm,
    QuestionForm,
    ReasonForm,
    ResourceDecisionForm,
    ResourceRequestForm,
    ReviewPolicyForm,
    ScenarioForm,
    SolutionForm,
    criteria_formset,
    kpi_formset,
    resource_formset,
)
from catalog.models import Attachment, Batch, OpenResource, Question, ResourceRequest, ReviewPolicy, Scenario, Solution
from catalog.permissions import SCENARIO_OWNER_KINDS, transition_perm
from core import jobs
from core.confirm import Confirmation, ConfirmReasonForm, render_confirmation
from core.forms import add_service_errors
from core.pagecache import CachedCountPaginator
from core.views import SafePaginationMixin, ServiceActionView
from directory.models import Organization, Region
from directory.permissions import publishing_organizations

# Lazy: evaluated per request in the reader's language, not once at import.
TRANSITION_LABELS = {
    "publish": gettext_lazy("Publish"),
    "close": gettext_lazy("Close for proposals now"),
    "award": gettext_lazy("Mark as awarded"),
    "start_pilot": gettext_lazy("Start the pilot"),
    "complete": gettext_lazy("Mark as completed"),
    "cancel": gettext_lazy("Cancel the scenario"),
    "submit": gettext_lazy("Submit for city review"),
    "approve": gettext_lazy("Approve for the province"),
    "return": gettext_lazy("Return for changes"),
}
# Which transitions a page offers in each stored/effective state.
OFFERED = {
    "draft": ["publish", "cancel"],
    "submitted": ["approve", "return", "cancel"],
    "reviewed": ["return", "cancel"],
    "open": ["close", "cancel"],
    "evaluating": ["award", "cancel"],
    "awarded": ["start_pilot", "cancel"],
    "piloting": ["complete", "cancel"],
}


def _offered(user, scenario: Scenario, state: str) -> list[tuple[str, str]]:
    """The steps this user may take from this state: a draft is published directly or submitted for review,
    as the province's policy says; reviewers see approve / return; owners cancel."""
    names = list(OFFERED.get(state, []))
    if state == "draft" and services.review_required_for(scenario):
        names[names.index("publish")] = "submit"
    return [
        (name, str(TRANSITION_LABELS[name]))
        for name in names
        if user.has_perm(transition_perm(name, scenario), scenario)
    ]


def _scenario_or_404(request, pk) -> Scenario:
    try:
        return selectors.scenario_detail(user=request.user, pk=pk)
    except Scenario.DoesNotExist:
        raise Http404 from None


def _solution_or_404(request, pk) -> Solution:
    try:
        return selectors.solution_detail(user=request.user, pk=pk)
    except Solution.DoesNotExist:
        raise Http404 from None


class _EntryActionView(ServiceActionView):
    """An action posted from the page of a scenario or a solution (``kind``; the one in the URL is ``self.entry``),
    back to that page (at ``anchor``). A service's refusal shows as one message, unless ``one_refusal_message`` is
    off (then one message each, as ``ServiceActionView`` does)."""

    kind = "scenario"
    anchor = ""
    one_refusal_message = True

    def load(self):
        pk = self.kwargs["pk"]
        self.entry = (
            _scenario_or_404(self.request, pk) if self.kind == "scenario" else _solution_or_404(self.request, pk)
        )

    def get_success_url(self) -> str:
        return reverse(f"catalog:{self.kind}-detail", args=[self.entry.pk]) + self.anchor

    def service_invalid(self, form, exc: ValidationError):
        if not self.one_refusal_message:
            return super().service_invalid(form, exc)
        messages.error(self.request, " ".join(exc.messages))
        return redirect(self.get_success_url())


class _FilteredListView(SafePaginationMixin, ListView):
    """A public list with the filters of ``export_spec`` and its export as CSV or JSON (``?as=``): small exports
    are the answer, large ones a background job for a signed-in user."""

    export_spec: exports.ListExport
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        self.filterset = self.export_spec.filterset(user=self.request.user, query=self.request.GET)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context

    def render_to_response(self, context, **response_kwargs):
        fmt = self.request.GET.get("as")
        if fmt in exports.FORMATS:
            return self.export(fmt)
        return super().render_to_response(context, **response_kwargs)

    def export(self, fmt):
        spec, limit = self.export_spec, exports.inline_limit()
        objects = list(self.object_list[: limit + 1])
        if len(objects) > limit:
            return self.export_in_background(fmt, limit)
        rows = list(spec.rows(objects, base_url=self.request.build_absolute_uri("/")[:-1]))
        return exports.export_response(rows, spec.columns, fmt=fmt, basename=spec.basename)

    def export_in_background(self, fmt, limit):
        if not self.request.user.is_authenticated:
            messages.info(
                self.request,
                _("Exports of more than %(limit)s rows are prepared in the background; sign in to ask for one.")
                % {"limit": limit},
            )
            return redirect_to_login(self.request.get_full_path())
        query = {key: self.request.GET.getlist(key) for key in self.request.GET if key not in ("as", "page")}
        job = jobs.start(
            user=self.request.user,
            kind=self.export_spec.job_kind,
            params={"query": query, "format": fmt, "base_url": self.request.build_absolute_uri("/")[:-1]},
        )
        messages.success(self.request, _("The export is being prepared; you will be notified when it is ready."))
        return redirect(jobs.page_url(job))


class ScenarioListView(_FilteredListView):
    template_name = "catalog/scenario_list.html"
    context_object_name = "scenarios"
    export_spec = exports.SCENARIOS


class _MyEntriesView(LoginRequiredMixin, SafePaginationMixin, ListView):
    """The signed-in user's own entries (``entries_of``), last changed first, and whether they may add one (an
    organisation of theirs of ``owner_kinds`` publishes)."""

    entries_of: Callable[..., QuerySet]
    owner_kinds: Sequence[str] = ()

    def get_queryset(self):
        return self.entries_of(user=self.request.user).order_by("-updated_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = bool(publishing_organizations(self.request.user, kinds=self.owner_kinds))
        return context


class MyScenariosView(_MyEntriesView):
    template_name = "catalog/scenario_mine.html"
    context_object_name = "scenarios"
    entries_of = staticmethod(selectors.scenarios_of_user)
    owner_kinds = SCENARIO_OWNER_KINDS


class ScenarioDetailView(View):
    template_name = "catalog/scenario_detail.html"

    def get(self, request, pk, preview=False):
        scenario = _scenario_or_404(request, pk)
        return render(request, self.template_name, self.context(request, scenario, preview=preview))

    @staticmethod
    def context(request, scenario, *, preview=False, **extra):
        user = request.user
        can_change = user.has_perm("catalog.edit_scenario", scenario)
        state = scenario.effective_status
        review_required = services.review_required_for(scenario)
        adopting_offices = []
        if scenario.replicable and user.has_perm("catalog.adopt_scenario", scenario):
            adopting_offices = [
                o
                for o in publishing_organizations(user, kinds=[Organization.Kind.COUNTY_OFFICE])
                if o.pk != scenario.owner_id
            ]
        context = {
            "scenario": scenario,
            "state": state,
            "preview": preview,
            "can_change": can_change and state in ("draft", "open"),
            "can_transition": can_change,
            "transitions": _offered(user, scenario, state),
            "review_required": review_required,
            "can_grade": user.has_perm("catalog.grade_scenario", scenario)
            and scenario.status not in (Scenario.Status.DRAFT, Scenario.Status.SUBMITTED, Scenario.Status.CANCELLED),
            "grades": Scenario.Grade.choices,
            "can_delete": user.has_perm("catalog.remove_scenario", scenario)
            and scenario.published_at is None
            and scenario.status == Scenario.Status.DRAFT,
            "can_see_history": user.has_perm("catalog.read_history", scenario),
            "can_see_asker": user.has_perm("catalog.see_asker", scenario),
            "can_ask": state == "open" and user.has_perm("catalog.ask_question", scenario),
            "can_answer": can_change and state in ("open", "evaluating"),
            "extension_offered": services.deadline_extension_offered(scenario),
            "adopting_offices": adopting_offices,
            "questions": selectors.questions_for(scenario=scenario, user=user),
            "adoptions": scenario.adoptions.filter(published_at__isnull=False).select_related("county", "owner")
            if scenario.replicable
            else [],
            "kpis": selectors.kpis_of(scenario),
            "resources": selectors.resources_of(scenario),
            "resource_requests": list(selectors.resource_requests_visible_to(user=user, scenario=scenario)),
            "can_decide_requests": user.has_perm("catalog.decide_resource_request", scenario),
            "requesting_firms": publishing_organizations(user, kinds=[Organization.Kind.FIRM])
            if scenario.published_at is not None and state in ("open", "evaluating", "awarded", "piloting")
            else [],
            "resource_request_form": ResourceRequestForm(),
            "decision_form": ResourceDecisionForm(),
            "reason_form": ReasonForm(),
            "question_form": QuestionForm(),
            "answer_form": AnswerForm(),
            "attachment_form": AttachmentForm(),
        }
        if context["can_see_history"]:
            context["transitions_log"] = scenario.transitions.select_related("actor")
            context["revisions"] = scenario.revisions.select_related("actor")
        context.update(extra)
        return context


class _ScenarioFormMixin(LoginRequiredMixin):
    template_name = "catalog/scenario_form.html"

    def formsets(self, data=None, *, scenario: Scenario | None = None) -> dict:
        # A post without a formset's management form (an older page, a script) leaves those rows as they are.
        def bound(prefix):
            return data if data is not None and f"{prefix}-TOTAL_FORMS" in data else None

        return {
            "criteria_formset": criteria_formset(data, scenario=scenario),
            "kpi_formset": kpi_formset(bound("kpis"), scenario=scenario),
            "resource_formset": resource_formset(bound("resources"), scenario=scenario),
        }

    def render_form(self, request, form, formsets, **extra):
        return render(request, self.template_name, {"form": form, **formsets, **extra})

    def save(self, form, formset, **kwargs):
        raise NotImplementedError

    def handle(self, request, form, formsets, **extra):
        criteria, kpis, resources = (
            formsets["criteria_formset"],
            formsets["kpi_formset"],
            formsets["resource_formset"],
        )
        if form.is_valid() and all(f.is_valid() for f in formsets.values() if f.is_bound):
            data = dict(form.cleaned_data)
            capabilities = data.pop("capabilities")
            try:
                scenario = self.save(
                    data=data,
                    capabilities=list(capabilities),
                    criteria=criteria.criteria(),
                    kpis=kpis.rows() if kpis.is_bound else None,
                    resources=resources.rows() if resources.is_bound else None,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for key, formset in (("criteria", criteria), ("kpis", kpis), ("resources", resources)):
                        if key in exc.error_dict:
                            formset._non_form_errors = formset.error_class(
                                [m for e in exc.error_dict.pop(key) for m in e.messages]
                            )
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved. Check the preview, then publish when ready."))
                return redirect("catalog:scenario-preview", scenario.pk)
        return self.render_form(request, form, formsets, **extra)


class ScenarioCreateView(_ScenarioFormMixin, View):
    def _owner(self, request):
        offices = publishing_organizations(request.user, kinds=SCENARIO_OWNER_KINDS)
        if not offices:
            raise PermissionDenied(_("Only admins and editors of a verified county office publish scenarios."))
        chosen = request.GET.get("owner") or request.POST.get("owner")
        for office in offices:
            if str(office.pk) == chosen:
                return office, offices
        return offices[0], offices

    def get(self, request):
        owner, offices = self._owner(request)
        return self.render_form(request, ScenarioForm(owner=owner), self.formsets(), owner=owner, offices=offices)

    def post(self, request):
        owner, offices = self._owner(request)
        self.owner = owner
        form = ScenarioForm(request.POST, owner=owner)
        return self.handle(request, form, self.formsets(request.POST), owner=owner, offices=offices)

    def save(self, *, data, capabilities, criteria, kpis, resources):
        return services.scenario_create(
            actor=self.request.user,
            owner=self.owner,
            capabilities=capabilities,
            criteria=criteria,
            kpis=kpis,
            resources=resources,
            **data,
        )


class ScenarioUpdateView(_ScenarioFormMixin, View):
    def _scenario(self, request, pk):
        scenario = _scenario_or_404(request, pk)
        if not request.user.has_perm("catalog.edit_scenario", scenario):
            raise PermissionDenied
        if scenario.effective_status not in ("draft", "open"):
            messages.error(request, _("Only draft and open scenarios can be edited."))
            return scenario, False
        return scenario, True

    def get(self, request, pk):
        scenario, editable = self._scenario(request, pk)
        if not editable:
            return redirect("catalog:scenario-detail", pk)
        initial = {name: getattr(scenario, name) for name in services.SCENARIO_FIELDS if name != "external_ref"}
        initial["capabilities"] = list(scenario.capabilities.all())
        form = ScenarioForm(initial=initial, owner=scenario.owner)
        return self.render_form(
            request, form, self.formsets(scenario=scenario), scenario=scenario, owner=scenario.owner
        )

    def post(self, request, pk):
        scenario, editable = self._scenario(request, pk)
        if not editable:
            return redirect("catalog:scenario-detail", pk)
        self.scenario = scenario
        form = ScenarioForm(request.POST, owner=scenario.owner)
        return self.handle(request, form, self.formsets(request.POST), scenario=scenario, owner=scenario.owner)

    def save(self, *, data, capabilities, criteria, kpis, resources):
        return services.scenario_update(
            scenario=self.scenario,
            actor=self.request.user,
            capabilities=capabilities,
            criteria=criteria,
            kpis=kpis,
            resources=resources,
            **data,
        )


class ResourceRequestView(_EntryActionView):
    """A firm asks for access to one of the scenario's opened resources (POST only)."""

    anchor = "#resources-title"
    one_refusal_message = False
    form_class = ResourceRequestForm
    success_message = gettext_lazy("Request sent. The county office will approve or refuse it.")
    invalid_message = gettext_lazy("Say what you need the resource for.")

    def load(self):
        super().load()
        self.resource = get_object_or_404(OpenResource, pk=self.kwargs["resource_pk"], scenario=self.entry)
        firms = publishing_organizations(self.request.user, kinds=[Organization.Kind.FIRM])
        chosen = self.request.POST.get("firm")
        self.firm = next((f for f in firms if str(f.pk) == chosen), firms[0] if firms else None)
        if self.firm is None:
            raise PermissionDenied(_("Only admins and editors of a verified firm request resources."))

    def perform(self, data):
        services.resource_request_create(
            resource=self.resource, actor=self.request.user, firm=self.firm, purpose=data["purpose"]
        )


class ResourceDecideView(_EntryActionView):
    """The owner office approves or refuses a pending request (POST only; ``decision`` is approve/refuse)."""

    anchor = "#resources-title"
    one_refusal_message = False
    success_message = gettext_lazy("Decision recorded.")

    def load(self):
        super().load()
        if self.kwargs["decision"] not in ("approve", "refuse"):
            raise Http404
        self.access = get_object_or_404(ResourceRequest, pk=self.kwargs["request_pk"], resource__scenario=self.entry)
        if not self.request.user.has_perm("catalog.decide_resource_request", self.entry):
            raise PermissionDenied

    def perform(self, data):
        form = ResourceDecisionForm(self.request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        services.resource_request_decide(
            request=self.access, actor=self.request.user, approve=self.kwargs["decision"] == "approve", note=note
        )


# Transitions that ask first (GET shows a confirmation page); publishing has its own preview page.
CONFIRMED_TRANSITIONS = ("close", "cancel", "award", "start_pilot", "complete", "return")


def _transition_consequences(scenario: Scenario, name: str) -> list[str]:
    from django.utils import formats, timezone

    deadline = formats.date_format(timezone.localtime(scenario.deadline), "Y-m-d H:i") if scenario.deadline else "—"
    lines = {
        "close": [
            _("The call stops taking proposals now instead of at its published deadline (%(deadline)s).")
            % {"deadline": deadline},
            _("Firms still preparing a proposal can no longer submit it."),
        ],
        "cancel": [
            _("The scenario is cancelled for good: it cannot be reopened, and no proposal can be submitted."),
            _("Your reason is shown on the scenario page to everyone who can see it."),
        ],
        "award": [_("The scenario is marked as awarded.")],
        "start_pilot": [_("The scenario moves to piloting.")],
        "complete": [_("The scenario is marked as completed. This is its final state.")],
        "return": [
            _("The scenario goes back to the county as a draft; the county edits it and submits it again."),
            _("Your comment is kept in the scenario's history and shown to the county."),
        ],
    }[name]
    return lines + hooks.describe_effects(scenario.pk, name)


class ScenarioTransitionView(LoginRequiredMixin, View):
    """GET: the confirmation page of a consequential transition. POST: the transition (reason required to
    cancel; the form comes back with its errors and nothing changes when it does not validate)."""

    def _scenario(self, request, pk, name) -> Scenario:
        if name not in services.TRANSITIONS:
            raise Http404
        scenario = _scenario_or_404(request, pk)
        if not request.user.has_perm(transition_perm(name, scenario), scenario):
            raise PermissionDenied
        return scenario

    def _form(self, name, data=None):
        if name == "return":
            return ConfirmReasonForm(
                data, required=True, label=_("What must change"), help_text=_("Required. The county sees it.")
            )
        if name == "cancel":
            return ConfirmReasonForm(
                data, required=True, help_text=_("Required. Shown on the scenario page and sent to every bidder.")
            )
        return ConfirmReasonForm(data, required=False, label=_("Note (optional)"))

    def _confirmation(self, request, scenario: Scenario, name: str, form) -> Confirmation:
        detail = reverse("catalog:scenario-detail", args=[scenario.pk])
        refusal = hooks.close_early_refusal(scenario.pk) if name == "close" else ""
        alternatives = []
        if name == "close":
            alternatives = [
                (_("Extend the deadline"), reverse("catalog:scenario-edit", args=[scenario.pk])),
                (_("Cancel the call"), reverse("catalog:scenario-transition", args=[scenario.pk, "cancel"])),
            ]
        return Confirmation(
            title=str(TRANSITION_LABELS[name]),
            subject=scenario.title,
            consequences=_transition_consequences(scenario, name),
            button=str(TRANSITION_LABELS[name]),
            back_url=detail,
            form=form,
            refusal=refusal,
            alternatives=alternatives,
            danger=name in ("close", "cancel"),
        )

    def get(self, request, pk, name):
        scenario = self._scenario(request, pk, name)
        if name not in CONFIRMED_TRANSITIONS:
            return redirect("catalog:scenario-detail", pk)
        return render_confirmation(request, self._confirmation(request, scenario, name, self._form(name)))

    def post(self, request, pk, name):
        scenario = self._scenario(request, pk, name)
        if name in CONFIRMED_TRANSITIONS:
            form = self._form(name, request.POST)
            if not form.is_valid():
                return render_confirmation(request, self._confirmation(request, scenario, name, form), status=400)
            reason = form.reason_text
        else:
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            services.TRANSITIONS[name](scenario=scenario, actor=request.user, reason=reason)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            target = "catalog:scenario-preview" if name == "publish" else "catalog:scenario-detail"
            return redirect(target, pk)
        messages.success(request, _("Done: %(action)s.") % {"action": TRANSITION_LABELS[name]})
        if name in ("approve", "return"):
            return redirect("catalog:review-queue")
        return redirect("catalog:scenario-detail", pk)


class _DraftDeleteView(LoginRequiredMixin, View):
    """GET: what deleting a never-published draft of ``kind`` does. POST: delete it (the service refuses anything
    else) and go back to the user's list."""

    kind = "scenario"
    consequence = gettext_lazy("The draft, its criteria and its attachments are deleted for good.")

    def _entry(self, request, pk):
        if self.kind == "scenario":
            return _scenario_or_404(request, pk)
        return _solution_or_404(request, pk)

    def remove(self, entry, actor) -> None:
        if self.kind == "scenario":
            services.scenario_delete(scenario=entry, actor=actor)
        else:
            services.solution_delete(solution=entry, actor=actor)

    def get(self, request, pk):
        entry = self._entry(request, pk)
        if not request.user.has_perm(f"catalog.remove_{self.kind}", entry):
            raise PermissionDenied
        return render_confirmation(
            request,
            Confirmation(
                title=_("Delete draft"),
                subject=entry.title,
                consequences=[str(self.consequence)],
                button=_("Delete draft"),
                back_url=reverse(f"catalog:{self.kind}-detail", args=[entry.pk]),
            ),
        )

    def post(self, request, pk):
        entry = self._entry(request, pk)
        try:
            self.remove(entry, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"catalog:{self.kind}-detail", pk)
        messages.success(request, _("The draft was deleted."))
        return redirect(f"catalog:my-{self.kind}s")


class ScenarioDeleteView(_DraftDeleteView):
    kind = "scenario"


class ScenarioAdoptView(LoginRequiredMixin, View):
    def post(self, request, pk):
        source = _scenario_or_404(request, pk)
        chosen = request.POST.get("office") or ""
        office = next(
            (
                o
                for o in publishing_organizations(request.user, kinds=[Organization.Kind.COUNTY_OFFICE])
                if str(o.pk) == chosen
            ),
            None,
        )
        if office is None:
            raise PermissionDenied
        try:
            copy = services.scenario_adopt(source=source, actor=request.user, office=office)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("catalog:scenario-detail", pk)
        messages.success(request, _("Adopted as a draft for your county. Adjust it, then publish."))
        return redirect("catalog:scenario-edit", copy.pk)


class ScenarioFamilyView(TemplateView):
    template_name = "catalog/scenario_family.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scenario = _scenario_or_404(self.request, kwargs["pk"])
        family = selectors.scenario_family(scenario=scenario)
        visible = set(
            selectors.scenarios_visible_to(user=self.request.user)
            .filter(pk__in=[s.pk for s in family])
            .values_list("pk", flat=True)
        )
        context.update(scenario=scenario, family=[s for s in family if s.pk in visible])
        return context


class QuestionAskView(_EntryActionView):
    form_class = QuestionForm
    success_message = gettext_lazy("Your question was sent. The answer will appear on this page.")
    invalid_message = gettext_lazy("Write your question.")

    def perform(self, data):
        services.question_ask(scenario=self.entry, actor=self.request.user, text=data["text"])


class QuestionAnswerView(_EntryActionView):
    """The URL names the question; the page it goes back to is its scenario's."""

    form_class = AnswerForm
    success_message = gettext_lazy("Answer published.")

    def load(self):
        self.question = get_object_or_404(Question.objects.select_related("scenario"), pk=self.kwargs["pk"])
        self.entry = _scenario_or_404(self.request, self.question.scenario_id)

    def perform(self, data):
        services.question_answer(question=self.question, actor=self.request.user, **data)


class AttachmentUploadView(_EntryActionView):
    form_class = AttachmentForm
    success_message = gettext_lazy("File attached.")

    def perform(self, data):
        services.attachment_add(parent=self.entry, actor=self.request.user, upload=data["file"])


class AttachmentDownloadView(View):
    def get(self, request, uuid):
        try:
            attachment = selectors.attachment_for_download(user=request.user, uuid=uuid)
        except Attachment.DoesNotExist:
            raise Http404 from None
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
        response["Content-Disposition"] = content_disposition(attachment.original_name, extension=attachment.extension)
        response["X-Content-Type-Options"] = "nosniff"
        return response


# ---------------------------------------------------------------- solutions


class SolutionListView(_FilteredListView):
    template_name = "catalog/solution_list.html"
    context_object_name = "solutions"
    export_spec = exports.SOLUTIONS


class MySolutionsView(_MyEntriesView):
    template_name = "catalog/solution_mine.html"
    context_object_name = "solutions"
    entries_of = staticmethod(selectors.solutions_of_user)
    owner_kinds = (Organization.Kind.FIRM,)


class SolutionDetailView(View):
    def get(self, request, pk):
        solution = _solution_or_404(request, pk)
        can_change = request.user.has_perm("catalog.edit_solution", solution)
        return render(
            request,
            "catalog/solution_detail.html",
            {
                "solution": solution,
                "can_change": can_change,
                "can_delete": request.user.has_perm("catalog.remove_solution", solution)
                and solution.published_at is None
                and solution.status == Solution.Status.DRAFT,
                "attachment_form": AttachmentForm(),
                "deployment_form": DeploymentForm(),
            },
        )


class _SolutionFormMixin(LoginRequiredMixin):
    template_name = "catalog/solution_form.html"

    def handle(self, request, form, **extra):
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                solution = self.save(data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("catalog:solution-detail", solution.pk)
        return render(request, self.template_name, {"form": form, **extra})


class SolutionCreateView(_SolutionFormMixin, View):
    def _owner(self, request):
        firms = publishing_organizations(request.user, kinds=[Organization.Kind.FIRM])
        if not firms:
            raise PermissionDenied(_("Only admins and editors of a verified firm publish solutions."))
        chosen = request.GET.get("owner") or request.POST.get("owner")
        return next((f for f in firms if str(f.pk) == chosen), firms[0]), firms

    def get(self, request):
        owner, firms = self._owner(request)
        return render(request, self.template_name, {"form": SolutionForm(), "owner": owner, "offices": firms})

    def post(self, request):
        self.owner, firms = self._owner(request)
        return self.handle(request, SolutionForm(request.POST), owner=self.owner, offices=firms)

    def save(self, data):
        return services.solution_create(actor=self.request.user, owner=self.owner, **data)


class SolutionUpdateView(_SolutionFormMixin, View):
    def _solution(self, request, pk):
        solution = _solution_or_404(request, pk)
        if not request.user.has_perm("catalog.edit_solution", solution):
            raise PermissionDenied
        return solution

    def get(self, request, pk):
        solution = self._solution(request, pk)
        initial = {name: getattr(solution, name) for name in services.SOLUTION_FIELDS if name != "external_ref"}
        initial["domains"] = list(solution.domains.all())
        initial["capabilities"] = list(solution.capabilities.all())
        return render(request, self.template_name, {"form": SolutionForm(initial=initial), "solution": solution})

    def post(self, request, pk):
        self.solution = self._solution(request, pk)
        return self.handle(request, SolutionForm(request.POST), solution=self.solution)

    def save(self, data):
        return services.solution_update(solution=self.solution, actor=self.request.user, **data)


class SolutionDeleteView(_DraftDeleteView):
    kind = "solution"
    consequence = gettext_lazy("The draft and its attachments are deleted for good.")


class SolutionActionView(_EntryActionView):
    ACTIONS = {"publish": services.solution_publish, "archive": services.solution_archive}
    kind = "solution"
    success_message = gettext_lazy("Done.")

    def load(self):
        if self.kwargs["name"] not in self.ACTIONS:
            raise Http404
        super().load()

    def perform(self, data):
        self.ACTIONS[self.kwargs["name"]](solution=self.entry, actor=self.request.user)


class DeploymentAddView(_EntryActionView):
    kind = "solution"
    form_class = DeploymentForm
    success_message = gettext_lazy("Deployment added.")

    def perform(self, data):
        services.deployment_add(solution=self.entry, actor=self.request.user, **data)


class CatalogImportView(LoginRequiredMixin, FormView):
    """The provincial office uploads scenarios or solutions collected from counties and firms; the file is read
    in the background and the report shown on the job's page."""

    template_name = "catalog/import.html"
    form_class = CatalogImportForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("catalog.import_entries"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        job = catalog_jobs.start_import(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The file is being imported; you will be notified when it is done."))
        return redirect(jobs.page_url(job))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


# ---------------------------------------------------------------- review before publication, grades, batches


def _province_of(user) -> Region:
    """The province the user's provincial office covers (the first province for a superuser)."""
    offices = publishing_organizations(user, kinds=[Organization.Kind.PROVINCIAL_OFFICE])
    if offices:
        return offices[0].region
    province = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code").first()
    if province is None:
        raise Http404
    return province


class ReviewQueueView(LoginRequiredMixin, TemplateView):
    """What waits for the reader in the review: the city office's submitted scenarios, the province's approved
    ones (grade, batch, policy), and the reader's own scenarios in review. Empty sections are left out."""

    template_name = "catalog/review_queue.html"

    def get_context_data(self, batch_form=None, **kwargs):
        user = self.request.user
        is_province = user.has_perm("catalog.manage_review")
        context = {
            "city_queue": list(selectors.scenarios_for_city_review(user=user)),
            "own_in_review": list(selectors.own_scenarios_in_review(user=user)),
            "is_province": is_province,
            "reason_form": ReasonForm(),
            "grades": Scenario.Grade.choices,
        }
        if is_province:
            province = _province_of(user)
            waiting = selectors.scenarios_awaiting_publication(user=user)
            policy = ReviewPolicy.objects.filter(province=province).first()
            context.update(
                province=province,
                review_required=bool(policy and policy.required),
                policy=policy,
                province_queue=list(waiting),
                batch_form=batch_form or BatchForm(scenarios=waiting),
                batches=list(selectors.batches_public().filter(province=province)[:10]),
            )
        return super().get_context_data(**context, **kwargs)


class ReviewPolicyView(LoginRequiredMixin, View):
    def post(self, request):
        if not request.user.has_perm("catalog.manage_review"):
            raise PermissionDenied
        form = ReviewPolicyForm(request.POST)
        form.is_valid()
        required = bool(form.cleaned_data.get("required"))
        services.review_policy_set(province=_province_of(request.user), actor=request.user, required=required)
        messages.success(
            request,
            _("Scenarios are now reviewed before publication.")
            if required
            else _("Counties now publish their scenarios directly."),
        )
        return redirect("catalog:review-queue")


class ScenarioGradeView(_EntryActionView):
    """Back to the review queue, or to the scenario's page when ``next=detail``."""

    one_refusal_message = False
    form_class = GradeForm
    success_message = gettext_lazy("Grade saved.")
    invalid_message = gettext_lazy("Choose a grade from the list.")

    def load(self):
        super().load()
        if not self.request.user.has_perm("catalog.grade_scenario", self.entry):
            raise PermissionDenied

    def get_success_url(self) -> str:
        if self.request.POST.get("next") == "detail":
            return super().get_success_url()
        return reverse("catalog:review-queue")

    def perform(self, data):
        services.scenario_grade(scenario=self.entry, actor=self.request.user, grade=data["grade"])


class BatchPublishView(LoginRequiredMixin, View):
    def post(self, request):
        if not request.user.has_perm("catalog.manage_review"):
            raise PermissionDenied
        waiting = selectors.scenarios_awaiting_publication(user=request.user)
        form = BatchForm(request.POST, scenarios=waiting)
        if form.is_valid():
            try:
                batch = services.batch_publish(
                    province=_province_of(request.user),
                    actor=request.user,
                    scenarios=list(form.cleaned_data["scenarios"]),
                    title=form.cleaned_data["title"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(batch)s is published with %(n)d scenario(s).")
                    % {"batch": batch.label, "n": batch.scenarios.count()},
                )
                return redirect("catalog:batch-detail", batch.pk)
        view = ReviewQueueView()
        view.setup(request)
        return render(request, view.template_name, view.get_context_data(batch_form=form), status=400)


class BatchListView(TemplateView):
    """Public: every published batch (机会清单 第N批) with its number of scenarios."""

    template_name = "catalog/batch_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(batches=list(selectors.batches_public()), **kwargs)


class BatchDetailView(View):
    """Public: a batch and its scenarios with their grades; ``?format=csv`` or ``xlsx`` downloads the list."""

    template_name = "catalog/batch_detail.html"

    def get(self, request, pk):
        batch = get_object_or_404(Batch.objects.select_related("province"), pk=pk)
        scenarios = list(selectors.batch_scenarios(batch))
        fmt = request.GET.get("format")
        if fmt:
            if fmt not in exports.BATCH_FORMATS:
                return HttpResponseBadRequest(_("Unknown format: use csv or xlsx."))
            return exports.batch_response(batch, scenarios, fmt=fmt, base_url=request.build_absolute_uri("/")[:-1])
        return render(request, self.template_name, {"batch": batch, "scenarios": scenarios})
