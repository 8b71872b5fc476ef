"""Pages for firms (my proposals, the proposal form, revisions, withdrawal), county offices (my scenarios,
evaluators, scoring, ranking, award, objections, engagements), the public award notice and the audit trail.

One view, one purpose: a page is a GET view; each form on it posts to its own small action view, which
inherits the page (so a form with errors is shown on the page again) and calls one service. Every view reads
through ``selectors`` (sealing) and writes through ``services``; what a reader may not see is a 404, what a
read-only member may not do is a 403.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from catalog.attachments import KINDS as ATTACHMENT_KINDS
from catalog.models import Scenario
from catalog.selectors import scenarios_visible_to
from core.confirm import Confirmation, ConfirmReasonForm, ReasonConfirmationMixin, render_confirmation
from core.forms import ReasonForm, add_service_errors
from core.sanitize import content_disposition, spreadsheet_row
from core.views import (
    LoadMixin,
    PageActionMixin,
    PageFormMixin,
    SafePaginationMixin,
    ServiceActionMixin,
    ServiceActionView,
    found_or_404,
)
from directory.models import Organization
from directory.permissions import publishing_organizations
from proposals import forms as f
from proposals import permissions as perms
from proposals import selectors, services
from proposals.models import Evaluation, Objection, Proposal, ProposalAttachment
from proposals.service_views import TargetServiceMixin
from proposals.services.panels import reason_label


def _visible_scenario(user, pk) -> Scenario:
    try:
        return scenarios_visible_to(user=user).get(pk=int(pk))
    except (Scenario.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def panel_context(*, user, scenario) -> dict:
    """What the call's evaluation page shows of its panel: the draw record with exclusions (owner office and
    provincial office), and the draw form while a draw is possible for the reader."""
    panel = selectors.panel_of(user=user, scenario=scenario)
    can_draw = (
        panel is None
        and user.has_perm("proposals.draw_panel", scenario)
        and perms.is_unsealed(scenario)
        and scenario.status != scenario.Status.CANCELLED
        and selectors.award_of(scenario) is None
    )
    context = {
        "panel": panel,
        "can_draw": can_draw,
        "can_manage_panel": panel is not None and user.has_perm("proposals.draw_panel", scenario),
    }
    if panel is not None:
        context["panel_exclusions"] = [
            (row.expert, [(reason_label(code), org) for code, org in row.reasons])
            for row in selectors.panel_exclusions(panel)
        ]
    if can_draw:
        context["draw_form"] = f.PanelDrawForm()
    return context


def _owned_scenario(user, pk) -> Scenario:
    """A scenario of one of the user's offices (any member), or for the provincial office any scenario."""
    scenario = _visible_scenario(user, pk)
    if not user.has_perm("proposals.count_proposals", scenario):
        raise Http404
    return scenario


def _read_proposal(user, pk) -> Proposal:
    """A proposal the user may read (404 otherwise); a read from outside the firm is logged."""
    proposal = found_or_404(selectors.proposal_detail, user=user, pk=pk)
    services.sealed_reads_log(user=user, proposals=[proposal], via="page")
    return proposal


# ---------------------------------------------------------------- firms


class MyProposalsView(LoginRequiredMixin, SafePaginationMixin, ListView):
    template_name = "proposals/proposal_list.html"
    context_object_name = "proposals"

    def get_queryset(self):
        return selectors.proposals_of_user(self.request.user).with_outcome().order_by("scenario__deadline", "-id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)


class _ProposalFormView(LoginRequiredMixin, LoadMixin, FormView):
    """The proposal form, new or revised; the service's errors show on the form."""

    template_name = "proposals/proposal_form.html"
    form_class = f.ProposalForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "firm": self.firm}

    def get_context_data(self, **kwargs):
        return super().get_context_data(scenario=self.scenario, firm=self.firm, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        solutions = data.pop("solutions")
        try:
            proposal, message = self.save(data=data, solutions=solutions)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("proposals:proposal-detail", proposal.pk)

    def save(self, *, data: dict, solutions) -> tuple[Proposal, str]:
        raise NotImplementedError


class ProposalCreateView(_ProposalFormView):
    def load(self):
        self.scenario = _visible_scenario(self.request.user, self.kwargs["scenario_pk"])
        firms = list(publishing_organizations(user=self.request.user, kinds=[Organization.Kind.FIRM]))
        if not firms:
            raise PermissionDenied
        chosen = self.request.GET.get("firm")
        self.firm = next((x for x in firms if str(x.pk) == chosen), firms[0]) if len(firms) > 1 else firms[0]

    def save(self, *, data, solutions):
        submit = "submit" in self.request.POST
        proposal = services.proposal_create(
            actor=self.request.user, scenario=self.scenario, firm=self.firm, solutions=solutions, submit=submit, **data
        )
        return proposal, _("Proposal submitted.") if submit else _("Draft saved.")


class ProposalEditView(_ProposalFormView):
    def load(self):
        self.proposal = _read_proposal(self.request.user, self.kwargs["pk"])
        if not self.request.user.has_perm("proposals.edit_proposal", self.proposal):
            raise PermissionDenied
        self.scenario, self.firm = self.proposal.scenario, self.proposal.firm

    def get_initial(self):
        initial = {name: getattr(self.proposal, name) for name in services.PROPOSAL_FIELDS}
        initial["solutions"] = list(self.proposal.solutions.all())
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def save(self, *, data, solutions):
        services.proposal_update(proposal=self.proposal, actor=self.request.user, solutions=solutions, **data)
        return self.proposal, _("Proposal revised.")


class ProposalDetailView(LoginRequiredMixin, LoadMixin, TemplateView):
    template_name = "proposals/proposal_detail.html"

    def load(self):
        self.proposal = _read_proposal(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, proposal = self.request.user, self.proposal
        is_firm = perms.is_proposal_firm_member(user, proposal)
        award = selectors.award_of(proposal.scenario)
        return super().get_context_data(
            proposal=proposal,
            scenario=proposal.scenario,
            is_firm=is_firm,
            can_edit=is_firm and user.has_perm("proposals.edit_proposal", proposal),
            upload_form=f.UploadForm(),
            award=award,
            won=award is not None and award.proposals.filter(pk=proposal.pk).exists(),
            **kwargs,
        )


class _ProposalActionView(ServiceActionView):
    """An action of the proposal's firm on its detail page."""

    def load(self):
        self.proposal = _read_proposal(self.request.user, self.kwargs["pk"])
        if not self.request.user.has_perm("proposals.edit_proposal", self.proposal):
            raise PermissionDenied

    def get_success_url(self):
        return reverse("proposals:proposal-detail", args=[self.proposal.pk])


class ProposalSubmitView(_ProposalActionView):
    success_message = _lazy("Proposal submitted.")

    def perform(self, data):
        services.proposal_submit(proposal=self.proposal, actor=self.request.user)


class ProposalWithdrawView(_ProposalActionView):
    """GET: what withdrawing does. POST: withdraw."""

    http_method_names = ["get", "post"]
    success_message = _lazy("Proposal withdrawn.")

    def get(self, request, *args, **kwargs):
        proposal = self.proposal
        consequences = [_("The proposal no longer takes part: it is not evaluated and cannot be awarded.")]
        if proposal.status == Proposal.Status.SUBMITTED:
            consequences.append(
                _("The owner office's count of submitted proposals goes down by one; it never sees the content.")
            )
        consequences.append(_("Until the deadline your firm may start a new proposal for this scenario."))
        return render_confirmation(
            request,
            Confirmation(
                title=_("Withdraw the proposal"),
                subject=f"{proposal.firm.name} · {proposal.scenario.title}",
                consequences=consequences,
                button=_("Withdraw"),
                back_url=self.get_success_url(),
            ),
        )

    def perform(self, data):
        services.proposal_withdraw(proposal=self.proposal, actor=self.request.user)


class ProposalAttachView(_ProposalActionView):
    form_class = f.UploadForm
    success_message = _lazy("File attached.")
    invalid_message = _lazy("Choose a file to attach.")

    def perform(self, data):
        services.proposal_attachment_add(proposal=self.proposal, actor=self.request.user, upload=data["file"])


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request, uuid):
        try:
            attachment = selectors.attachment_for_download(user=request.user, uuid=uuid)
        except (ProposalAttachment.DoesNotExist, ValidationError):
            raise Http404 from None
        services.sealed_reads_log(user=request.user, proposals=[attachment.proposal], via="attachment")
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
        response["Content-Disposition"] = content_disposition(attachment.original_name, extension=attachment.extension)
        response["X-Content-Type-Options"] = "nosniff"
        return response


# ---------------------------------------------------------------- county offices


class MyScenariosView(LoginRequiredMixin, TemplateView):
    template_name = "proposals/my_scenarios.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=selectors.owner_dashboard(user=self.request.user), **kwargs)


class ScenarioProposalsView(LoginRequiredMixin, LoadMixin, TemplateView):
    """The owner's (and the provincial office's) view of a scenario's proposals: a count before the deadline;
    after it the proposals, evaluators, progress, ranking and award."""

    template_name = "proposals/scenario_proposals.html"

    def load(self):
        self.scenario = _owned_scenario(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, scenario = self.request.user, self.scenario
        unsealed = perms.is_unsealed(scenario)
        state = services.evaluation_state(scenario)
        context = super().get_context_data(
            scenario=scenario,
            unsealed=unsealed,
            count=selectors.proposal_count_for(user=user, scenario=scenario),
            state=state,
            can_manage=user.has_perm("proposals.manage_evaluation", scenario),
            award=selectors.award_of(scenario),
            similar_cases=selectors.reference_cases_similar_to(scenario),
            **kwargs,
        )
        if unsealed:
            proposals = selectors.submitted_proposals_for(user=user, scenario=scenario)
            services.sealed_reads_log(user=user, proposals=proposals, via="page-list")
            by_pk = {p.pk: p for p in proposals}
            context["proposals"] = proposals
            if state["ranking"]:
                context["ranking"] = [(r, by_pk.get(r.proposal_id)) for r in state["ranking"]]
                context["evaluator_columns"] = [
                    e for e in state["evaluations"] if e.status != Evaluation.Status.RECUSED
                ]
        if context["can_manage"]:
            context["assign_form"] = f.AssignEvaluatorForm(users=selectors.evaluator_candidates(scenario))
        context.update(panel_context(user=user, scenario=scenario))
        return context


class ScenarioAssignView(ServiceActionView):
    form_class = f.AssignEvaluatorForm
    success_message = _lazy("Evaluator named.")
    invalid_message = _lazy("Choose a member of your office.")

    def load(self):
        self.scenario = _owned_scenario(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {"users": selectors.office_members(self.scenario)}

    def perform(self, data):
        services.evaluator_assign(scenario=self.scenario, actor=self.request.user, evaluator=data["evaluator"])

    def get_success_url(self):
        return reverse("proposals:scenario-proposals", args=[self.scenario.pk])


class ProposalDisqualifyView(ReasonConfirmationMixin, ServiceActionView):
    """GET: what disqualifying does and to whom, with the reason the record keeps. POST: disqualify."""

    http_method_names = ["get", "post"]
    form_class = ReasonForm
    success_message = _lazy("Proposal disqualified.")

    def load(self):
        self.proposal = _read_proposal(self.request.user, self.kwargs["pk"])
        if not self.request.user.has_perm("proposals.manage_evaluation", self.proposal.scenario):
            raise PermissionDenied

    def confirmation(self, form) -> Confirmation:
        return Confirmation(
            title=_("Disqualify the proposal"),
            subject=f"{self.proposal.firm.name} · {self.proposal.scenario.title}",
            consequences=[
                _("The proposal leaves the ranking: no evaluator scores it and it cannot be awarded."),
                _("The firm sees the disqualification and your reason on its proposal."),
                _("The decision is kept in the audit trail."),
            ],
            button=_("Disqualify"),
            back_url=self.get_success_url(),
            form=form,
        )

    def reason_form(self):
        return ConfirmReasonForm(required=True, help_text=_("Required. The firm reads it."))

    def perform(self, data):
        services.proposal_disqualify(proposal=self.proposal, actor=self.request.user, reason=data["reason"])

    def get_success_url(self):
        return reverse("proposals:scenario-proposals", args=[self.proposal.scenario_id])


class ScenarioExportView(LoginRequiredMixin, View):
    """CSV of the proposals the caller may read (after the deadline): the same sealing as the pages."""

    def get(self, request, pk):
        scenario = _owned_scenario(request.user, pk)
        proposals = selectors.submitted_proposals_for(user=request.user, scenario=scenario)
        services.sealed_reads_log(user=request.user, proposals=proposals, via="export")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="scenario-{scenario.pk}-proposals.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["id", "firm", "solutions", "price_cny", "submitted_at", "version", "disqualified"])
        for p in proposals:
            writer.writerow(
                spreadsheet_row(
                    [
                        p.pk,
                        p.firm.name_zh,
                        "; ".join(s.title for s in p.solutions.all()),
                        p.price,
                        timezone.localtime(p.submitted_at).isoformat() if p.submitted_at else "",
                        p.version,
                        "yes" if p.is_disqualified else "",
                    ]
                )
            )
        return response


# ---------------------------------------------------------------- evaluation


class EvaluationDetailView(LoginRequiredMixin, LoadMixin, TemplateView):
    """An evaluator's page: declare, then score each proposal once they are unsealed, then complete. The owner
    office and the provincial office see its progress."""

    template_name = "proposals/evaluation_detail.html"

    def load(self):
        self.evaluation = found_or_404(selectors.evaluation_for, user=self.request.user, pk=self.kwargs["pk"])
        self.mine = self.evaluation.evaluator_id == self.request.user.pk

    def scoring(self) -> tuple[list, list[Proposal], dict[int, dict[int, int]]]:
        """(criteria, proposals, existing scores) once the evaluator may score, else empty; read (and the
        proposals' reads logged) once per request."""
        if not hasattr(self, "_scoring"):
            evaluation, scenario = self.evaluation, self.evaluation.scenario
            self._scoring: tuple = ([], [], {})
            if (
                self.mine
                and perms.is_unsealed(scenario)
                and evaluation.status in (Evaluation.Status.DECLARED, Evaluation.Status.COMPLETED)
            ):
                criteria = selectors.criteria_of(scenario)
                proposals = list(
                    selectors.competing_proposals_for(user=self.request.user, scenario=scenario)
                    .prefetch_related("attachments")
                    .order_by("pk")
                )
                services.sealed_reads_log(user=self.request.user, proposals=proposals, via="evaluation")
                self._scoring = (criteria, proposals, selectors.scores_by_proposal(evaluation))
        return self._scoring

    def sheet(self, data=None) -> list[f.SheetRowForm]:
        """One form per competing proposal, prefixed ``p<id>``, filled with the saved scores and comments (or
        bound to ``data``)."""
        criteria, proposals, existing = self.scoring()
        comments = selectors.score_comments(self.evaluation) if proposals and data is None else {}
        return [
            f.SheetRowForm(
                data,
                prefix=f"p{p.pk}",
                criteria=criteria,
                initial_scores=existing.get(p.pk),
                initial_comment=comments.get(p.pk, ""),
            )
            for p in proposals
        ]

    def rows(self, forms: list | None = None) -> list[tuple]:
        """(proposal, its sheet row, [(criterion, saved value or None)], may the reader see the price) per
        competing proposal."""
        criteria, proposals, existing = self.scoring()
        if isinstance(forms, f.ScoreForm):  # one proposal's bound form (the single-proposal action)
            forms = [forms if row.prefix == forms.prefix else row for row in self.sheet()]
        forms = forms if forms is not None else self.sheet()
        user = self.request.user
        return [
            (
                p,
                form,
                [(c, existing.get(p.pk, {}).get(c.pk)) for c in criteria],
                user.has_perm("proposals.read_proposal", p),
            )
            for p, form in zip(proposals, forms, strict=True)
        ]

    def get_context_data(self, bound=None, **kwargs):
        scenario = self.evaluation.scenario
        done, total = selectors.evaluation_progress(scenario)
        criteria = self.scoring()[0]
        rows = self.rows(bound)
        return super().get_context_data(
            evaluation=self.evaluation,
            scenario=scenario,
            mine=self.mine,
            rows=rows,
            criteria=criteria,
            scored=sum(1 for _p, _form, saved, _price in rows if all(v is not None for _c, v in saved)),
            declare_form=f.DeclareForm(),
            done=done,
            total=total,
            unsealed=perms.is_unsealed(scenario),
            **kwargs,
        )


class _EvaluatorActionView(PageActionMixin, EvaluationDetailView):
    """An action of the evaluator alone (403 for the owner office and the provincial office)."""

    allowed_by = "mine"

    def get_success_url(self):
        return reverse("proposals:evaluation-detail", args=[self.evaluation.pk])


class EvaluationDeclareView(_EvaluatorActionView):
    form_class = f.DeclareForm
    success_message = _lazy("Declaration recorded.")

    def perform(self, data):
        services.evaluation_declare(
            evaluation=self.evaluation,
            actor=self.request.user,
            no_conflict=data["decision"] == "no_conflict",
            reason=data["reason"],
        )


class EvaluationSaveView(_EvaluatorActionView):
    """The whole sheet in one POST: every typed score and comment is saved (half-scored proposals too). With
    ``action=complete`` the evaluation is then completed if nothing is missing; otherwise the page comes back
    with everything as typed and what is missing. A bad value saves nothing and shows the page again (400)."""

    def post(self, request, *args, **kwargs):
        forms = self.sheet(request.POST)
        if not all(form.is_valid() for form in forms):
            messages.error(request, _("Some scores are not whole numbers from 0 to 10; nothing was saved."))
            return self.render_to_response(self.get_context_data(bound=forms), status=400)
        _criteria, proposals, _existing = self.scoring()
        sheet = {p.pk: (form.entered(), form.cleaned_data["comment"]) for p, form in zip(proposals, forms, strict=True)}
        try:
            services.scores_save(evaluation=self.evaluation, actor=request.user, sheet=sheet)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return self.render_to_response(self.get_context_data(bound=forms), status=400)
        if request.POST.get("action") != "complete":
            messages.success(request, _("All scores saved."))
            return redirect(self.get_success_url())
        missing = [p for p, form in zip(proposals, forms, strict=True) if not form.is_complete()]
        if missing:
            messages.warning(
                request,
                _("Scores saved. Not completed yet: %(firms)s still miss scores.")
                % {"firms": ", ".join(p.firm.name for p in missing)},
            )
            return redirect(self.get_success_url())
        try:
            services.evaluation_complete(evaluation=self.evaluation, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Scores saved and evaluation completed."))
        return redirect(self.get_success_url())


class EvaluationScoreView(PageFormMixin, _EvaluatorActionView):
    """Scores of one proposal (``proposal`` in the form data): kept for API-like clients and old bookmarks;
    the page itself posts the whole sheet to :class:`EvaluationSaveView`."""

    success_message = _lazy("Scores saved.")

    def get_form(self):
        scored = {str(p.pk): p for p in self.scoring()[1]}
        self.proposal = scored.get(self.request.POST.get("proposal", ""))
        if self.proposal is None:
            raise Http404
        return f.ScoreForm(self.request.POST, prefix=f"p{self.proposal.pk}", criteria=self.scoring()[0])

    def perform(self, data):
        services.scores_set(
            evaluation=self.evaluation,
            actor=self.request.user,
            proposal=self.proposal,
            scores=self.form.scores(),
            comment=data["comment"],
        )


class EvaluationCompleteView(_EvaluatorActionView):
    success_message = _lazy("Evaluation completed.")

    def perform(self, data):
        services.evaluation_complete(evaluation=self.evaluation, actor=self.request.user)


class MyEvaluationsView(LoginRequiredMixin, TemplateView):
    template_name = "proposals/evaluation_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            evaluations=selectors.evaluations_assigned_to(self.request.user),
            seats=list(selectors.panel_seats_of(self.request.user)),
            **kwargs,
        )


# ---------------------------------------------------------------- award


class AwardManageView(LoginRequiredMixin, LoadMixin, TemplateView):
    """The owner office's award page: the award form once the evaluation is complete; then objections,
    finalisation and engagements."""

    template_name = "proposals/award_manage.html"
    form_key = ""

    def load(self):
        self.scenario = _owned_scenario(self.request.user, self.kwargs["pk"])
        if not perms.is_unsealed(self.scenario):
            raise Http404
        self.award = selectors.award_of(self.scenario)
        self.can_manage = self.request.user.has_perm("proposals.award", self.scenario)

    def award_form(self, data=None) -> f.AwardForm:
        state = self.state
        proposals = selectors.competing_proposals_for(user=self.request.user, scenario=self.scenario)
        ranks = {r.proposal_id: r for r in state["ranking"]}
        labels = {}
        for p in proposals:
            r = ranks.get(p.pk)
            labels[p.pk] = f"#{r.rank if r else '-'} {p.firm.name} — {r.score_display if r else ''}"
        initial = {"standstill": services.standstill_days(self.scenario)}
        return f.AwardForm(data, proposals=proposals, labels=labels, initial=initial)

    @cached_property
    def state(self) -> dict:
        return services.evaluation_state(self.scenario)

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(
            scenario=self.scenario, award=self.award, state=self.state, can_manage=self.can_manage, **kwargs
        )
        if self.award is None and self.state["complete"]:
            context["form"] = bound or self.award_form()
        if self.award is not None:
            context["objections"] = list(selectors.objections_visible_to(user=self.request.user, award=self.award))
            context["response_form"] = f.ResponseForm()
            context["engagements"] = list(self.award.engagements.select_related("firm", "solution"))
            winners = list(self.award.proposals.select_related("firm").order_by("pk"))
            values = selectors.contract_values_for(user=self.request.user, award=self.award)
            context["contracts"] = [(p, values.get(p.pk)) for p in winners]
            fixed = self.award.status == "final" and all(p.pk in values for p in winners)
            if self.can_manage and not fixed:
                form = bound if self.form_key == "contract" else None
                context["contract_form"] = form or f.ContractValueForm(winners=winners)
        return context


class _AwardActionView(PageActionMixin, AwardManageView):
    allowed_by = "can_manage"

    def get_success_url(self):
        return reverse("proposals:award-manage", args=[self.scenario.pk])


class AwardDecideView(PageFormMixin, _AwardActionView):
    """The award form posts here; a first POST shows what publishing does and to whom (winners, every bidder
    told, the standstill), carrying the choices along; only the confirmed POST publishes."""

    success_message = _lazy("Award published.")

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirmed") != "yes" and self.award is None:
            form = self.get_form()
            if not form.is_valid():
                return self.form_invalid(form)
            data = form.cleaned_data
            winners = ", ".join(p.firm.name for p in data["proposals"])
            until = timezone.localtime(timezone.now() + dt.timedelta(days=data["standstill"]))
            bidders = len(selectors.competing_proposals_for(user=request.user, scenario=self.scenario))
            hidden = [("confirmed", "yes"), ("reason", data["reason"]), ("standstill", str(data["standstill"]))]
            hidden += [("proposals", str(p.pk)) for p in data["proposals"]]
            return render_confirmation(
                request,
                Confirmation(
                    title=_("Publish the award"),
                    subject=self.scenario.title,
                    consequences=[
                        _("Winning: %(firms)s.") % {"firms": winners},
                        _("The award notice with your reason is public at once (never a price or a losing bidder)."),
                        _("All %(n)d bidders are told the outcome for their own proposal.") % {"n": bidders},
                        _("Bidders may object until %(until)s; after that you make the award final.")
                        % {"until": until.strftime("%Y-%m-%d %H:%M")},
                        _(
                            "Each winner's contract value is its price unless you state another before the award "
                            "is final; it is published with the notice once the award is final."
                        ),
                    ],
                    button=_("Publish award"),
                    back_url=self.get_success_url(),
                    hidden=hidden,
                    danger=False,
                ),
            )
        return super().post(request, *args, **kwargs)

    def get_form(self):
        return self.award_form(self.request.POST)

    def form_invalid(self, form):
        if self.award is not None:  # awarded already: the page shows no form to put the errors on
            return ServiceActionMixin.form_invalid(self, form)
        return super().form_invalid(form)

    def perform(self, data):
        services.award_decide(
            scenario=self.scenario,
            actor=self.request.user,
            proposals=list(data["proposals"]),
            reason=data["reason"],
            standstill=data["standstill"],
        )


class ContractValueView(PageFormMixin, _AwardActionView):
    """The owner office states or corrects a winning proposal's contract value (standstill period)."""

    form_key = "contract"
    success_message = _lazy("Contract value saved.")

    def load(self):
        super().load()
        if self.award is None:
            raise Http404

    def get_form(self):
        return f.ContractValueForm(self.request.POST, winners=self.award.proposals.select_related("firm"))

    def perform(self, data):
        proposal = self.award.proposals.get(pk=data["proposal"])
        services.contract_value_set(award=self.award, proposal=proposal, actor=self.request.user, value=data["value"])


class ObjectionRespondView(_AwardActionView):
    form_class = f.ResponseForm
    success_message = _lazy("Response published.")

    def load(self):
        super().load()
        if self.award is None:
            raise Http404
        try:
            self.objection = selectors.objections_visible_to(user=self.request.user, award=self.award).get(
                pk=self.kwargs["objection_pk"]
            )
        except Objection.DoesNotExist:
            raise Http404 from None

    def perform(self, data):
        services.objection_respond(objection=self.objection, actor=self.request.user, response=data["response"])


class AwardFinaliseView(_AwardActionView):
    """GET: what making the award final does. POST: finalise."""

    http_method_names = ["get", "post"]
    success_message = _lazy("The award is final.")

    def load(self):
        super().load()
        if self.award is None:
            raise Http404

    def get(self, request, *args, **kwargs):
        return render_confirmation(
            request,
            Confirmation(
                title=_("Make the award final"),
                subject=self.scenario.title,
                consequences=[
                    _("No more objections can be made; the engagements with the winners start."),
                    _("This cannot be undone."),
                ],
                button=_("Make the award final"),
                back_url=self.get_success_url(),
            ),
        )

    def perform(self, data):
        services.award_finalise(award=self.award, actor=self.request.user)


class AwardNoticeView(LoadMixin, TemplateView):
    """Public: the winning firm(s), solution(s) and reason. Never a price, never a losing bidder."""

    template_name = "proposals/award_notice.html"

    def load(self):
        user = self.request.user
        self.scenario = _visible_scenario(user, self.kwargs["pk"])
        self.notice = selectors.award_notice(self.scenario)
        if self.notice is None:
            raise Http404
        # Losing bidders may object; a selected proposal does not object to its own award.
        self.own = selectors.proposals_that_may_object(user=user, award=self.notice["award"])

    def get_context_data(self, bound=None, **kwargs):
        user, award = self.request.user, self.notice["award"]
        objections = (
            list(selectors.objections_visible_to(user=user, award=award))
            if user.is_authenticated and (self.own or user.has_perm("proposals.count_proposals", self.scenario))
            else []
        )
        values = selectors.contract_values_for(user=user, award=award)
        winners = [{**w, "contract_value": values.get(w["proposal_id"])} for w in self.notice["winners"]]
        return super().get_context_data(
            scenario=self.scenario,
            award=award,
            winners=winners,
            value_public=selectors.award_value_public(award),
            can_object=bool(self.own) and award.in_standstill,
            form=bound or f.ObjectionForm(),
            objections=objections,
            **kwargs,
        )


class ObjectionSubmitView(LoginRequiredMixin, PageFormMixin, PageActionMixin, AwardNoticeView):
    form_class = f.ObjectionForm
    success_message = _lazy("Objection submitted.")
    allowed_by = "own"

    def perform(self, data):
        services.objection_submit(
            award=self.notice["award"], actor=self.request.user, proposal=self.own[0], text=data["text"]
        )

    def get_success_url(self):
        return reverse("proposals:award-notice", args=[self.scenario.pk])


# ---------------------------------------------------------------- engagements


class EngagementDetailView(LoginRequiredMixin, LoadMixin, TemplateView):
    template_name = "proposals/engagement_detail.html"
    form_key = ""  # the action view's form in ``forms``

    def load(self):
        user = self.request.user
        self.engagement = found_or_404(selectors.engagement_detail, user=user, pk=self.kwargs["pk"])
        self.can_manage = user.has_perm("proposals.manage_engagement", self.engagement)
        self.can_report = user.has_perm("proposals.report_engagement", self.engagement)
        self.can_sign = user.has_perm("proposals.sign_acceptance", self.engagement)
        self.can_pay = user.has_perm("proposals.record_payment", self.engagement)

    def get_context_data(self, bound=None, **kwargs):
        engagement = self.engagement
        user = self.request.user
        members = services.owner_office_members(engagement) if self.can_manage else None
        seats = list(engagement.committee.select_related("member"))
        forms = {
            "advance": f.AdvanceForm(),
            "milestone": f.MilestoneForm(),
            "done": f.MilestoneDoneForm(),
            "waive": f.MilestoneWaiveForm(),
            "kpi": f.KpiReportForm(),
            "lessons": f.LessonsForm(initial={"lessons": engagement.lessons, "outcome": engagement.outcome}),
            "report": f.AcceptanceReportForm(),
            "committee": f.CommitteeForm(
                members=members,
                initial={
                    "members": [s.member_id for s in seats],
                    "quorum": engagement.acceptance_quorum or settings.PROPOSALS_ACCEPTANCE_QUORUM,
                },
            ),
            "sign": f.SignoffForm(),
            "payment": f.PaymentForm(milestones=[m for m in engagement.milestones.all() if m.done_date]),
        }
        if bound is not None:
            forms[self.form_key] = bound
        results = {r.kpi_id: r for r in engagement.kpis.all() if r.kpi_id}
        kpi_rows = [(kpi, results.get(kpi.pk)) for kpi in engagement.scenario.kpis.all()]
        my_seat = next((s for s in seats if s.member_id == user.pk), None)
        ended = engagement.status in ("accepted", "terminated")
        return super().get_context_data(
            engagement=engagement,
            can_manage=self.can_manage,
            can_report=self.can_report,
            forms=forms,
            kpi_rows=kpi_rows,
            legacy_results=[r for r in engagement.kpis.all() if r.kpi_id is None],
            report=getattr(engagement, "acceptance_report", None) if _has_report(engagement) else None,
            seats=seats,
            signed=sum(1 for s in seats if s.signed_at),
            my_seat=my_seat if not ended and user.has_perm("proposals.sign_acceptance", engagement) else None,
            missing=services.acceptance_missing(engagement) if not ended else [],
            case=getattr(engagement, "replicable_case", None) if engagement.status == "accepted" else None,
            ended=ended,
            money=selectors.engagement_money(engagement),
            can_pay=self.can_pay,
            **kwargs,
        )


def _has_report(engagement) -> bool:
    try:
        return engagement.acceptance_report is not None
    except ObjectDoesNotExist:
        return False


class _EngagementActionView(TargetServiceMixin, PageFormMixin, PageActionMixin, EngagementDetailView):
    success_message = _lazy("Saved.")
    allowed_by = "can_report"
    service_target = "engagement"

    def get_success_url(self):
        return reverse("proposals:engagement-detail", args=[self.engagement.pk])


class EngagementAdvanceView(_EngagementActionView):
    allowed_by = "can_manage"
    form_key = "advance"
    form_class = f.AdvanceForm
    success_message = _lazy("Engagement updated.")
    service = services.engagement_advance


class _MilestoneActionView(_EngagementActionView):
    service_target = "milestone"

    def load(self):
        super().load()
        milestones = {m.pk: m for m in self.engagement.milestones.all()}
        self.milestone = milestones.get(self.kwargs["milestone_pk"])
        if self.milestone is None:
            raise Http404


class MilestoneAddView(_EngagementActionView):
    form_key = "milestone"
    form_class = f.MilestoneForm
    service = services.milestone_add


class MilestoneDoneView(_MilestoneActionView):
    form_key = "done"
    form_class = f.MilestoneDoneForm
    service = services.milestone_done


class PaymentRecordView(_EngagementActionView):
    """The owner office records a payment against a done milestone."""

    allowed_by = "can_pay"
    form_key = "payment"
    success_message = _lazy("Payment recorded.")
    service = services.payment_record

    def get_form(self):
        return f.PaymentForm(self.request.POST, milestones=self.engagement.milestones.all())


class KpiRecordView(_EngagementActionView):
    """A result against one KPI row of the scenario."""

    form_key = "kpi"
    form_class = f.KpiReportForm

    def perform(self, data):
        kpi = next((k for k in self.engagement.scenario.kpis.all() if k.pk == data["kpi"]), None)
        if kpi is None:
            raise ValidationError({"result": [_("Unknown KPI.")]})
        services.kpi_report(
            engagement=self.engagement, actor=self.request.user, kpi=kpi, result=data["result"], met=data["met"]
        )


class MilestoneWaiveView(_MilestoneActionView):
    allowed_by = "can_manage"
    form_key = "waive"
    form_class = f.MilestoneWaiveForm
    success_message = _lazy("Milestone waived.")
    service = services.milestone_waive


class AcceptanceReportView(_EngagementActionView):
    allowed_by = "can_manage"
    form_key = "report"
    form_class = f.AcceptanceReportForm
    success_message = _lazy("Acceptance report filed.")
    service = services.acceptance_report_submit


class CommitteeAppointView(_EngagementActionView):
    allowed_by = "can_manage"
    form_key = "committee"
    form_class = f.CommitteeForm
    success_message = _lazy("Acceptance committee named.")
    service = services.committee_appoint

    def get_form_kwargs(self):
        return {"members": services.owner_office_members(self.engagement)}


class AcceptanceSignView(_EngagementActionView):
    allowed_by = "can_sign"
    form_key = "sign"
    form_class = f.SignoffForm
    success_message = _lazy("Signed off.")
    service = services.acceptance_sign


class AcceptanceReportDownloadView(LoginRequiredMixin, View):
    """The acceptance report file, for those who may read the engagement."""

    def get(self, request, pk):
        engagement = found_or_404(selectors.engagement_detail, user=request.user, pk=pk)
        if not _has_report(engagement):
            raise Http404
        report = engagement.acceptance_report
        extension = report.file.name[report.file.name.rfind(".") :].lower()
        content_type = next((mime for ext, mime in ATTACHMENT_KINDS.values() if ext == extension), None)
        if content_type is None:
            raise Http404
        response = FileResponse(report.file.open("rb"), content_type=content_type)
        response["Content-Disposition"] = content_disposition(report.file_name, extension=extension)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CaseDetailView(TemplateView):
    """A replicable case (可复制可推广案例): public, like the reference cases it extends."""

    template_name = "proposals/case_detail.html"

    def get_context_data(self, **kwargs):
        case = selectors.replicable_case(kwargs["pk"])
        if case is None:
            raise Http404
        return super().get_context_data(
            case=case, can_edit=self.request.user.has_perm("proposals.edit_case", case), **kwargs
        )


class CaseEditView(LoginRequiredMixin, LoadMixin, FormView):
    template_name = "proposals/case_form.html"
    form_class = f.CaseForm

    def load(self):
        self.case = selectors.replicable_case(self.kwargs["pk"])
        if self.case is None:
            raise Http404
        if not self.request.user.has_perm("proposals.edit_case", self.case):
            raise PermissionDenied

    def get_initial(self):
        return {name: getattr(self.case, name) for name in services.CASE_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, **kwargs)

    def form_valid(self, form):
        try:
            services.replicable_case_update(case=self.case, actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Case saved."))
        return redirect("proposals:case-detail", self.case.pk)


class EngagementReportView(_EngagementActionView):
    form_key = "lessons"
    form_class = f.LessonsForm
    service = services.engagement_report


class MilestoneEvidenceView(LoginRequiredMixin, View):
    """A milestone's evidence file, for those who may read the engagement (the owner, the firm, the province)."""

    def get(self, request, pk, milestone_pk):
        engagement = found_or_404(selectors.engagement_detail, user=request.user, pk=pk)
        milestone = next((m for m in engagement.milestones.all() if m.pk == milestone_pk and m.evidence), None)
        if milestone is None:
            raise Http404
        extension = milestone.evidence.name[milestone.evidence.name.rfind(".") :].lower()
        content_type = next((mime for ext, mime in ATTACHMENT_KINDS.values() if ext == extension), None)
        if content_type is None:
            raise Http404
        response = FileResponse(milestone.evidence.open("rb"), content_type=content_type)
        response["Content-Disposition"] = content_disposition(milestone.evidence_name, extension=extension)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class EngagementListView(LoginRequiredMixin, SafePaginationMixin, ListView):
    template_name = "proposals/engagement_list.html"
    context_object_name = "engagements"

    def get_queryset(self):
        return selectors.engagements_visible_to(self.request.user).order_by("-contracted_at")


class ReferenceCasesView(TemplateView):
    """Public reference cases of a scenario (accepted engagements): scenario, county, firm, solution — no price."""

    template_name = "proposals/reference_cases.html"

    def get_context_data(self, **kwargs):
        scenario = _visible_scenario(self.request.user, kwargs["pk"])
        return super().get_context_data(
            scenario=scenario,
            cases=selectors.reference_cases_for_scenario(scenario),
            similar=selectors.reference_cases_similar_to(scenario),
            **kwargs,
        )


# ---------------------------------------------------------------- audit trail


class TrailView(LoginRequiredMixin, LoadMixin, SafePaginationMixin, ListView):
    template_name = "proposals/trail.html"
    context_object_name = "entries"
    paginate_by = 50

    def load(self):
        self.scenario = _visible_scenario(self.request.user, self.kwargs["pk"])
        if not self.request.user.has_perm("proposals.read_trail", self.scenario):
            raise Http404

    def get_queryset(self):
        return selectors.trail_entries(user=self.request.user, scenario=self.scenario)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(scenario=self.scenario, **kwargs)
        services.trail_reads_log(user=self.request.user, entries=context["entries"], via="trail")
        return context
