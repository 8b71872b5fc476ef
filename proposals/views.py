"""Pages for firms (my proposals, the proposal form, revisions, withdrawal), county offices (my scenarios,
evaluators, scoring, ranking, award, objections, engagements), the public award notice and the audit trail.

Every page reads through ``selectors`` (sealing) and writes through ``services``; what a reader may not see is
a 404, what a read-only member may not do is a 403.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.attachments import KINDS as ATTACHMENT_KINDS
from catalog.models import EvaluationCriterion, Scenario
from catalog.selectors import publishing_organizations, scenarios_visible_to
from core.forms import add_service_errors
from core.sanitize import content_disposition, spreadsheet_row
from directory.models import Organization, User
from proposals import forms as f
from proposals import permissions as perms
from proposals import selectors, services
from proposals.models import Award, Engagement, Evaluation, Milestone, Objection, Proposal, Score


def _visible_scenario(user, pk) -> Scenario:
    try:
        return scenarios_visible_to(user=user).get(pk=int(pk))
    except (Scenario.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _proposal(user, pk, via="page") -> Proposal:
    try:
        return selectors.proposal_detail(user=user, pk=pk, via=via)
    except Proposal.DoesNotExist:
        raise Http404 from None


def _owned_scenario(user, pk) -> Scenario:
    """A scenario of one of the user's offices (any member), or for the provincial office any scenario."""
    scenario = _visible_scenario(user, pk)
    if not perms.can_see_count(user, scenario):
        raise Http404
    return scenario


def _run(request, form, call, success: str) -> bool:
    """Call a service; on ValidationError put its messages on the form. PermissionDenied propagates (403)."""
    try:
        call()
    except ValidationError as exc:
        if form is None:
            for message in exc.messages:
                messages.error(request, message)
        else:
            add_service_errors(form, exc)
        return False
    messages.success(request, success)
    return True


# ---------------------------------------------------------------- firms


@login_required
def my_proposals(request):
    queryset = selectors.proposals_of_user(request.user).order_by("scenario__deadline", "-id")
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/proposal_list.html",
        {"page_obj": page, "proposals": page.object_list, "now": timezone.now()},
    )


@login_required
def proposal_create(request, scenario_pk):
    scenario = _visible_scenario(request.user, scenario_pk)
    firms = list(publishing_organizations(user=request.user, kinds=[Organization.Kind.FIRM]))
    if not firms:
        raise PermissionDenied
    firm = firms[0]
    if len(firms) > 1 and request.GET.get("firm"):
        firm = next((x for x in firms if str(x.pk) == request.GET["firm"]), firm)
    form = f.ProposalForm(request.POST or None, firm=firm)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        solutions = data.pop("solutions")
        submit = "submit" in request.POST
        holder = {}

        def call():
            holder["p"] = services.proposal_create(
                actor=request.user, scenario=scenario, firm=firm, solutions=solutions, submit=submit, **data
            )

        if _run(request, form, call, _("Proposal submitted.") if submit else _("Draft saved.")):
            return redirect("proposals:proposal-detail", holder["p"].pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "scenario": scenario, "firm": firm})


@login_required
def proposal_detail(request, pk):
    proposal = _proposal(request.user, pk)
    is_firm = perms.is_proposal_firm_member(request.user, proposal)
    context = {
        "proposal": proposal,
        "scenario": proposal.scenario,
        "is_firm": is_firm,
        "can_edit": is_firm and request.user.has_perm("proposals.change_proposal", proposal),
        "can_see_price": perms.can_see_price(request.user, proposal),
        "upload_form": f.UploadForm(),
        "award": Award.objects.filter(scenario=proposal.scenario).first(),
    }
    return render(request, "proposals/proposal_detail.html", context)


@login_required
def proposal_edit(request, pk):
    proposal = _proposal(request.user, pk)
    if not request.user.has_perm("proposals.change_proposal", proposal):
        raise PermissionDenied
    initial = {name: getattr(proposal, name) for name in services.PROPOSAL_FIELDS}
    initial["solutions"] = list(proposal.solutions.all())
    form = f.ProposalForm(request.POST or None, firm=proposal.firm, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        solutions = data.pop("solutions")
        if _run(
            request,
            form,
            lambda: services.proposal_update(proposal=proposal, actor=request.user, solutions=solutions, **data),
            _("Proposal revised."),
        ):
            return redirect("proposals:proposal-detail", proposal.pk)
    return render(
        request,
        "proposals/proposal_form.html",
        {"form": form, "scenario": proposal.scenario, "proposal": proposal, "firm": proposal.firm},
    )


@login_required
@require_POST
def proposal_action(request, pk, action):
    proposal = _proposal(request.user, pk)
    if not request.user.has_perm("proposals.change_proposal", proposal):
        raise PermissionDenied
    if action == "submit":
        _run(
            request,
            None,
            lambda: services.proposal_submit(proposal=proposal, actor=request.user),
            _("Proposal submitted."),
        )
    elif action == "withdraw":
        _run(
            request,
            None,
            lambda: services.proposal_withdraw(proposal=proposal, actor=request.user),
            _("Proposal withdrawn."),
        )
    elif action == "attach":
        form = f.UploadForm(request.POST, request.FILES)
        if form.is_valid():
            _run(
                request,
                None,
                lambda: services.proposal_attachment_add(
                    proposal=proposal, actor=request.user, upload=form.cleaned_data["file"]
                ),
                _("File attached."),
            )
        else:
            messages.error(request, _("Choose a file to attach."))
    else:
        raise Http404
    return redirect("proposals:proposal-detail", proposal.pk)


@login_required
def attachment_download(request, uuid):
    try:
        attachment = selectors.attachment_for_download(user=request.user, uuid=uuid)
    except Exception:  # DoesNotExist, or a malformed uuid
        raise Http404 from None
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name, extension=attachment.extension)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- county offices


@login_required
def my_scenarios(request):
    rows = selectors.owner_dashboard(user=request.user)
    return render(request, "proposals/my_scenarios.html", {"rows": rows})


@login_required
def scenario_proposals(request, pk):
    """The owner's (and the provincial office's) view of a scenario's proposals: a count before the deadline;
    after it the proposals, evaluators, progress, ranking and award."""
    scenario = _owned_scenario(request.user, pk)
    unsealed = perms.is_unsealed(scenario)
    state = services.evaluation_state(scenario)
    context = {
        "scenario": scenario,
        "unsealed": unsealed,
        "count": selectors.proposal_count_for(user=request.user, scenario=scenario),
        "state": state,
        "can_manage": request.user.has_perm("proposals.manage_evaluation", scenario),
        "award": Award.objects.filter(scenario=scenario).first(),
        "similar_cases": selectors.reference_cases_similar_to(scenario),
    }
    if unsealed:
        proposals = list(
            selectors.proposals_visible_to(request.user)
            .filter(scenario=scenario, status=Proposal.Status.SUBMITTED)
            .order_by("pk")
        )
        selectors.log_sealed_reads(user=request.user, proposals=proposals, via="page-list")
        by_pk = {p.pk: p for p in proposals}
        context["proposals"] = proposals
        if state["ranking"]:
            context["ranking"] = [(r, by_pk.get(r.proposal_id)) for r in state["ranking"]]
            context["evaluator_columns"] = [e for e in state["evaluations"] if e.status != Evaluation.Status.RECUSED]
    if context["can_manage"]:
        users = User.objects.filter(
            memberships__organization_id=scenario.owner_id, memberships__status="active"
        ).exclude(evaluations__scenario=scenario)
        context["assign_form"] = f.AssignEvaluatorForm(users=users.distinct().order_by("username"))
    return render(request, "proposals/scenario_proposals.html", context)


@login_required
@require_POST
def scenario_assign(request, pk):
    scenario = _owned_scenario(request.user, pk)
    users = User.objects.filter(memberships__organization_id=scenario.owner_id).distinct()
    form = f.AssignEvaluatorForm(request.POST, users=users)
    if form.is_valid():
        _run(
            request,
            None,
            lambda: services.evaluator_assign(
                scenario=scenario, actor=request.user, evaluator=form.cleaned_data["evaluator"]
            ),
            _("Evaluator named."),
        )
    else:
        messages.error(request, _("Choose a member of your office."))
    return redirect("proposals:scenario-proposals", scenario.pk)


@login_required
@require_POST
def proposal_disqualify(request, pk):
    proposal = _proposal(request.user, pk)
    form = f.ReasonForm(request.POST)
    if form.is_valid():
        _run(
            request,
            None,
            lambda: services.proposal_disqualify(
                proposal=proposal, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            _("Proposal disqualified."),
        )
    else:
        messages.error(request, _("Give the reason for disqualification."))
    return redirect("proposals:scenario-proposals", proposal.scenario_id)


@login_required
def scenario_export(request, pk):
    """CSV of the proposals the caller may read (after the deadline): the same sealing as the pages."""
    scenario = _owned_scenario(request.user, pk)
    proposals = list(
        selectors.proposals_visible_to(request.user)
        .filter(scenario=scenario, status=Proposal.Status.SUBMITTED)
        .order_by("pk")
    )
    selectors.log_sealed_reads(user=request.user, proposals=proposals, via="export")
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
                    p.price if perms.can_see_price(request.user, p) else "",
                    timezone.localtime(p.submitted_at).isoformat() if p.submitted_at else "",
                    p.version,
                    "yes" if p.is_disqualified else "",
                ]
            )
        )
    return response


def _evaluation(request, pk) -> Evaluation:
    evaluation = get_object_or_404(Evaluation.objects.select_related("scenario", "evaluator"), pk=pk)
    if evaluation.evaluator_id != request.user.pk and not perms.can_see_count(request.user, evaluation.scenario):
        raise Http404
    return evaluation


@login_required
def evaluation_detail(request, pk):
    evaluation = _evaluation(request, pk)
    scenario = evaluation.scenario
    mine = evaluation.evaluator_id == request.user.pk
    criteria = list(EvaluationCriterion.objects.filter(scenario=scenario).order_by("position", "id"))
    rows = []
    if (
        mine
        and perms.is_unsealed(scenario)
        and evaluation.status in (Evaluation.Status.DECLARED, Evaluation.Status.COMPLETED)
    ):
        proposals = list(
            selectors.proposals_visible_to(request.user).filter(scenario=scenario).competing().order_by("pk")
        )
        selectors.log_sealed_reads(user=request.user, proposals=proposals, via="evaluation")
        existing: dict[int, dict[int, int]] = {}
        for s in Score.objects.filter(evaluation=evaluation):
            existing.setdefault(s.proposal_id, {})[s.criterion_id] = s.value
        for p in proposals:
            rows.append(
                (
                    p,
                    f.ScoreForm(prefix=f"p{p.pk}", criteria=criteria, initial_scores=existing.get(p.pk)),
                    existing.get(p.pk),
                )
            )
    if request.method == "POST" and not mine:
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "declare":
            form = f.DeclareForm(request.POST)
            if form.is_valid():
                _run(
                    request,
                    None,
                    lambda: services.evaluation_declare(
                        evaluation=evaluation,
                        actor=request.user,
                        no_conflict=form.cleaned_data["decision"] == "no_conflict",
                        reason=form.cleaned_data["reason"],
                    ),
                    _("Declaration recorded."),
                )
            return redirect("proposals:evaluation-detail", evaluation.pk)
        if action == "complete":
            _run(
                request,
                None,
                lambda: services.evaluation_complete(evaluation=evaluation, actor=request.user),
                _("Evaluation completed."),
            )
            return redirect("proposals:evaluation-detail", evaluation.pk)
        if action == "score":
            for index, (p, _form, existing_scores) in enumerate(rows):
                if request.POST.get("proposal") == str(p.pk):
                    form = f.ScoreForm(request.POST, prefix=f"p{p.pk}", criteria=criteria)
                    if form.is_valid() and _run(
                        request,
                        form,
                        lambda form=form, p=p: services.scores_set(
                            evaluation=evaluation,
                            actor=request.user,
                            proposal=p,
                            scores=form.scores(),
                            comment=form.cleaned_data["comment"],
                        ),
                        _("Scores saved."),
                    ):
                        return redirect("proposals:evaluation-detail", evaluation.pk)
                    rows[index] = (p, form, existing_scores)
                    break
            else:
                raise Http404
    done, total = selectors.evaluation_progress(scenario)
    context = {
        "evaluation": evaluation,
        "scenario": scenario,
        "mine": mine,
        "rows": rows,
        "declare_form": f.DeclareForm(),
        "done": done,
        "total": total,
        "unsealed": perms.is_unsealed(scenario),
    }
    return render(request, "proposals/evaluation_detail.html", context)


@login_required
def my_evaluations(request):
    evaluations = Evaluation.objects.filter(evaluator=request.user).select_related("scenario").order_by("-assigned_at")
    return render(request, "proposals/evaluation_list.html", {"evaluations": evaluations})


# ---------------------------------------------------------------- award


@login_required
def award_manage(request, pk):
    scenario = _owned_scenario(request.user, pk)
    if not perms.is_unsealed(scenario):
        raise Http404
    award = Award.objects.filter(scenario=scenario).first()
    state = services.evaluation_state(scenario)
    context = {
        "scenario": scenario,
        "award": award,
        "state": state,
        "can_manage": request.user.has_perm("proposals.award", scenario),
    }
    if award is None and state["complete"]:
        labels = {}
        proposals = selectors.proposals_visible_to(request.user).filter(scenario=scenario).competing()
        ranks = {r.proposal_id: r for r in state["ranking"]}
        for p in proposals:
            r = ranks.get(p.pk)
            labels[p.pk] = f"#{r.rank if r else '-'} {p.firm.name} — {r.score_display if r else ''}"
        form = f.AwardForm(
            request.POST or None,
            proposals=proposals,
            labels=labels,
            initial={"standstill": services.standstill_days(scenario)},
        )
        if request.method == "POST":
            if not context["can_manage"]:
                raise PermissionDenied
            if form.is_valid() and _run(
                request,
                form,
                lambda: services.award_decide(
                    scenario=scenario,
                    actor=request.user,
                    proposals=list(form.cleaned_data["proposals"]),
                    reason=form.cleaned_data["reason"],
                    standstill=form.cleaned_data["standstill"],
                ),
                _("Award published."),
            ):
                return redirect("proposals:award-manage", scenario.pk)
        context["form"] = form
    if award is not None:
        context["objections"] = list(selectors.objections_visible_to(user=request.user, award=award))
        context["response_form"] = f.ResponseForm()
        context["engagements"] = list(award.engagements.select_related("firm", "solution"))
        if request.method == "POST":
            if not context["can_manage"]:
                raise PermissionDenied
            if request.POST.get("action") == "respond":
                objection = get_object_or_404(Objection, pk=request.POST.get("objection") or 0, award=award)
                form = f.ResponseForm(request.POST)
                if form.is_valid():
                    _run(
                        request,
                        None,
                        lambda: services.objection_respond(
                            objection=objection, actor=request.user, response=form.cleaned_data["response"]
                        ),
                        _("Response published."),
                    )
            elif request.POST.get("action") == "finalise":
                _run(
                    request,
                    None,
                    lambda: services.award_finalise(award=award, actor=request.user),
                    _("The award is final."),
                )
            return redirect("proposals:award-manage", scenario.pk)
    return render(request, "proposals/award_manage.html", context)


def award_notice(request, pk):
    """Public: the winning firm(s), solution(s) and reason. Never a price, never a losing bidder."""
    scenario = _visible_scenario(request.user, pk)
    notice = selectors.award_notice(scenario)
    if notice is None:
        raise Http404
    award = notice["award"]
    own = []
    if request.user.is_authenticated:
        own = list(
            Proposal.objects.filter(
                scenario=scenario, status=Proposal.Status.SUBMITTED, firm_id__in=perms.member_org_ids(request.user)
            )
        )
    own = [p for p in own if request.user.has_perm("proposals.change_proposal", p)]
    form = f.ObjectionForm(request.POST or None)
    if request.method == "POST":
        if not own:
            raise PermissionDenied
        if form.is_valid() and _run(
            request,
            form,
            lambda: services.objection_submit(
                award=award, actor=request.user, proposal=own[0], text=form.cleaned_data["text"]
            ),
            _("Objection submitted."),
        ):
            return redirect("proposals:award-notice", scenario.pk)
    objections = (
        list(selectors.objections_visible_to(user=request.user, award=award))
        if request.user.is_authenticated and (own or perms.can_see_count(request.user, scenario))
        else []
    )
    context = {
        "scenario": scenario,
        "award": award,
        "winners": notice["winners"],
        "can_object": bool(own) and award.in_standstill,
        "form": form,
        "objections": objections,
    }
    return render(request, "proposals/award_notice.html", context)


# ---------------------------------------------------------------- engagements


@login_required
@login_required
def milestone_evidence(request, pk, milestone_pk):
    """A milestone's evidence file, for those who may read the engagement (the owner, the firm, the province)."""
    try:
        engagement = selectors.engagement_detail(user=request.user, pk=pk)
    except Engagement.DoesNotExist:
        raise Http404 from None
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


@login_required
def engagement_detail(request, pk):
    try:
        engagement = selectors.engagement_detail(user=request.user, pk=pk)
    except Engagement.DoesNotExist:
        raise Http404 from None
    can_manage = request.user.has_perm("proposals.manage_engagement", engagement)
    can_report = request.user.has_perm("proposals.report_engagement", engagement)
    forms_ = {
        "advance": f.AdvanceForm(),
        "milestone": f.MilestoneForm(),
        "done": f.MilestoneDoneForm(),
        "kpi": f.KpiForm(),
        "lessons": f.LessonsForm(initial={"lessons": engagement.lessons, "outcome": engagement.outcome}),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "advance":
            if not can_manage:
                raise PermissionDenied
            form = forms_["advance"] = f.AdvanceForm(request.POST)
            if form.is_valid():
                _run(
                    request,
                    form,
                    lambda: services.engagement_advance(engagement=engagement, actor=request.user, **form.cleaned_data),
                    _("Engagement updated."),
                )
        elif action in ("milestone", "done", "kpi", "lessons"):
            if not can_report:
                raise PermissionDenied
            form = forms_[action] = {
                "milestone": f.MilestoneForm,
                "done": f.MilestoneDoneForm,
                "kpi": f.KpiForm,
                "lessons": f.LessonsForm,
            }[action](request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                if action == "milestone":
                    call = lambda: services.milestone_add(engagement=engagement, actor=request.user, **data)  # noqa: E731
                elif action == "done":
                    milestone = get_object_or_404(
                        Milestone, pk=request.POST.get("milestone") or 0, engagement=engagement
                    )
                    call = lambda: services.milestone_done(  # noqa: E731
                        milestone=milestone, actor=request.user, done_date=data["done_date"], evidence=data["evidence"]
                    )
                elif action == "kpi":
                    call = lambda: services.kpi_record(engagement=engagement, actor=request.user, **data)  # noqa: E731
                else:
                    call = lambda: services.engagement_report(engagement=engagement, actor=request.user, **data)  # noqa: E731
                _run(request, form, call, _("Saved."))
        else:
            raise Http404
        if not any(form.errors for form in forms_.values() if form.is_bound):
            return redirect("proposals:engagement-detail", engagement.pk)
    context = {"engagement": engagement, "can_manage": can_manage, "can_report": can_report, "forms": forms_}
    return render(request, "proposals/engagement_detail.html", context)


@login_required
def engagement_list(request):
    engagements = selectors.engagements_visible_to(request.user).order_by("-contracted_at")
    page = Paginator(engagements, 20).get_page(request.GET.get("page"))
    return render(request, "proposals/engagement_list.html", {"page_obj": page, "engagements": page.object_list})


def reference_cases(request, pk):
    """Public reference cases of a scenario (accepted engagements): scenario, county, firm, solution — no price."""
    scenario = _visible_scenario(request.user, pk)
    cases = selectors.reference_cases_for_scenario(scenario)
    similar = selectors.reference_cases_similar_to(scenario)
    return render(request, "proposals/reference_cases.html", {"scenario": scenario, "cases": cases, "similar": similar})


# ---------------------------------------------------------------- audit trail


@login_required
def trail(request, pk):
    scenario = _visible_scenario(request.user, pk)
    if not request.user.has_perm("proposals.view_trail", scenario):
        raise Http404
    page = Paginator(selectors.trail_entries(user=request.user, scenario=scenario), 50).get_page(
        request.GET.get("page")
    )
    selectors.log_trail_reads(user=request.user, entries=page.object_list, via="trail")
    return render(
        request, "proposals/trail.html", {"scenario": scenario, "page_obj": page, "entries": page.object_list}
    )


def scenario_link(pk: int) -> str:
    return reverse("proposals:scenario-proposals", args=[pk])
