"""Reads that depend on who asks. Every page, endpoint, export and admin list of proposals starts here, so the
sealing rule of ``permissions`` holds everywhere; each selector owns its joins (flat query counts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from catalog.models import Capability, Deployment, EvaluationCriterion, Scenario, ScenarioKpi, Solution
from core.selectors import pk_or_missing
from directory.models import Organization, User
from directory.permissions import is_overseer
from directory.selectors import active_member_ids, member_ids, organization_ids_of, rows_of_parties
from proposals import permissions as perms
from proposals.models import (
    Award,
    Contract,
    Engagement,
    Evaluation,
    Expert,
    KpiResult,
    Milestone,
    Objection,
    PanelDraw,
    PanelSeat,
    Payment,
    Proposal,
    ProposalAttachment,
    ProposalQuerySet,
    ProposalRevision,
    ReplicableCase,
    Score,
)

S = Scenario.Status


def _unsealed_scenarios_q(prefix: str = "scenario__") -> Q:
    """The database form of ``permissions.is_unsealed``."""
    now = timezone.now()
    return Q(**{f"{prefix}status__in": perms.UNSEALED_STATES}) | Q(
        **{
            f"{prefix}status__in": (S.OPEN, S.CANCELLED),
            f"{prefix}deadline__lte": now,
            f"{prefix}published_at__isnull": False,
        }
    )


def proposals_base() -> ProposalQuerySet:
    return Proposal.objects.select_related("scenario", "scenario__owner", "scenario__county", "firm").prefetch_related(
        Prefetch("solutions", queryset=Solution.objects.order_by("pk"))
    )


def drawn_scenario_ids(user) -> QuerySet:
    """Ids of the scenarios on whose drawn panel the user holds a seat (seated: neither declined nor found
    conflicted), as a subquery."""
    return PanelSeat.objects.filter(expert__user_id=user.pk, status=PanelSeat.Status.SEATED).values("draw__scenario_id")


def proposals_visible_to(user) -> ProposalQuerySet:
    """Proposals the user may read: the firm's own (any status); after unsealing, the submitted proposals of
    the owner office's scenarios and of the scenarios on whose drawn panel the user sits, and for the provincial
    office all submitted ones. Empty for anonymous."""
    if user is None or not user.is_authenticated:
        return Proposal.objects.none()
    org_ids = organization_ids_of(user)
    condition = Q(firm_id__in=org_ids)
    unsealed = Q(status=Proposal.Status.SUBMITTED) & _unsealed_scenarios_q()
    if is_overseer(user):
        condition |= unsealed
    else:
        condition |= unsealed & (Q(scenario__owner_id__in=org_ids) | Q(scenario_id__in=drawn_scenario_ids(user)))
    return proposals_base().filter(condition)


def proposals_of_user(user) -> ProposalQuerySet:
    """ "My proposals": every proposal of the firms the user belongs to."""
    return proposals_base().filter(firm_id__in=organization_ids_of(user))


def proposal_detail(*, user, pk) -> Proposal:
    """A visible proposal with its attachments and revisions; ``DoesNotExist`` otherwise (missing and sealed
    alike, so a guessed id reveals nothing). The caller logs the read (``services.sealed_reads_log``)."""
    pk = pk_or_missing(pk, Proposal)
    return (
        proposals_visible_to(user)
        .prefetch_related(
            Prefetch("attachments", queryset=ProposalAttachment.objects.order_by("uploaded_at", "id")),
            Prefetch("revisions", queryset=ProposalRevision.objects.select_related("actor").order_by("-number")),
        )
        .get(pk=pk)
    )


def proposal_count_for(*, user, scenario: Scenario) -> int | None:
    """How many submitted proposals the scenario has — for the owner office and the provincial office only
    (``None`` for everyone else). An integer and nothing more: no names, prices or ids."""
    if not user.has_perm("proposals.count_proposals", scenario):
        return None
    return Proposal.objects.filter(scenario_id=scenario.pk, status=Proposal.Status.SUBMITTED).count()


def submitted_proposals_for(*, user, scenario: Scenario) -> list[Proposal]:
    """The scenario's submitted proposals that the user may read (after unsealing: the owner office and the
    provincial office), by id."""
    return list(proposals_visible_to(user).filter(scenario=scenario, status=Proposal.Status.SUBMITTED).order_by("pk"))


def competing_proposals_for(*, user, scenario: Scenario) -> ProposalQuerySet:
    """The scenario's competing proposals (submitted, not disqualified) that the user may read."""
    return proposals_visible_to(user).filter(scenario=scenario).competing()


def own_active_proposal(*, user, scenario: Scenario) -> Proposal | None:
    """The active (draft or submitted) proposal of one of the user's firms for the scenario, newest first."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Proposal.objects.active()
        .filter(scenario=scenario, firm_id__in=organization_ids_of(user))
        .order_by("-created_at")
        .first()
    )


def own_submitted_proposals(*, user, scenario_id: int) -> list[Proposal]:
    """The submitted proposals of the user's firms for the scenario, by id."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        Proposal.objects.filter(
            scenario_id=scenario_id, status=Proposal.Status.SUBMITTED, firm_id__in=organization_ids_of(user)
        ).order_by("pk")
    )


def proposals_that_may_object(*, user, award: Award) -> list[Proposal]:
    """The user's submitted proposals that may object to ``award``: not selected, of a firm the user writes for
    (``proposals.edit_proposal``), by id. The award notice page offers the objection for the first and the API
    objects with it, so someone who reads for one bidder and writes for another objects for the right one."""
    selected = {p.pk for p in award.proposals.all()}
    return [
        p
        for p in own_submitted_proposals(user=user, scenario_id=award.scenario_id)
        if p.pk not in selected and user.has_perm("proposals.edit_proposal", p)
    ]


def attachment_for_download(*, user, uuid) -> ProposalAttachment:
    attachment = ProposalAttachment.objects.select_related("proposal__scenario", "proposal__firm").get(uuid=uuid)
    if not user.has_perm("proposals.read_proposal", attachment.proposal):
        raise ProposalAttachment.DoesNotExist
    return attachment


# ---------------------------------------------------------------- scenarios of a county ("my scenarios")


@dataclass(frozen=True)
class ScenarioDashboardRow:
    scenario: Scenario
    proposal_count: int
    evaluations_done: int
    evaluations_total: int
    engagements: list[Engagement]


def owner_dashboard(*, user) -> list[ScenarioDashboardRow]:
    """The scenarios of the user's county offices with the count of submitted proposals (a number only, also
    before the deadline), evaluation progress n of m and engagements. Four queries whatever the size."""
    org_ids = organization_ids_of(user)
    scenarios = list(
        Scenario.objects.with_state()
        .filter(owner_id__in=org_ids)
        .select_related("owner", "county")
        .annotate(
            n_proposals=Count("proposals", filter=Q(proposals__status=Proposal.Status.SUBMITTED), distinct=True),
        )
        .order_by("-created_at", "-id")
    )
    ids = [s.pk for s in scenarios]
    progress: dict[int, tuple[int, int]] = {}
    for row in (
        Evaluation.objects.filter(scenario_id__in=ids)
        .values("scenario_id")
        .annotate(
            done=Count("id", filter=Q(status=Evaluation.Status.COMPLETED)),
            total=Count("id", filter=~Q(status=Evaluation.Status.RECUSED)),
        )
    ):
        progress[row["scenario_id"]] = (row["done"], row["total"])
    engagements: dict[int, list[Engagement]] = {}
    for engagement in Engagement.objects.filter(scenario_id__in=ids).select_related("firm", "solution"):
        engagements.setdefault(engagement.scenario_id, []).append(engagement)
    return [
        ScenarioDashboardRow(
            scenario=s,
            proposal_count=s.n_proposals,
            evaluations_done=progress.get(s.pk, (0, 0))[0],
            evaluations_total=progress.get(s.pk, (0, 0))[1],
            engagements=engagements.get(s.pk, []),
        )
        for s in scenarios
    ]


# ---------------------------------------------------------------- evaluation


def evaluations_visible_to(user) -> QuerySet[Evaluation]:
    """The user's own evaluations, every evaluation of the user's offices' scenarios, and (provincial office)
    all of them."""
    if user is None or not user.is_authenticated:
        return Evaluation.objects.none()
    queryset = Evaluation.objects.select_related("scenario", "scenario__owner", "evaluator")
    if is_overseer(user):
        return queryset
    return queryset.filter(Q(evaluator=user) | Q(scenario__owner_id__in=organization_ids_of(user)))


def evaluation_for(*, user, pk: int) -> Evaluation:
    """An evaluation for its evaluator and for those who see the scenario's proposal count (the owner office,
    the provincial office); ``DoesNotExist`` for everyone else."""
    evaluation = Evaluation.objects.select_related("scenario", "evaluator").get(pk=pk)
    if evaluation.evaluator_id != user.pk and not user.has_perm("proposals.count_proposals", evaluation.scenario):
        raise Evaluation.DoesNotExist
    return evaluation


def evaluations_assigned_to(user) -> QuerySet[Evaluation]:
    """The user's own evaluations, newest assignment first."""
    return Evaluation.objects.filter(evaluator=user).select_related("scenario").order_by("-assigned_at")


def criteria_of(scenario: Scenario) -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(scenario=scenario).order_by("position", "id"))


def scores_by_proposal(evaluation: Evaluation) -> dict[int, dict[int, int]]:
    """``{proposal id: {criterion id: value}}`` of one evaluation."""
    scores: dict[int, dict[int, int]] = {}
    for score in Score.objects.filter(evaluation=evaluation):
        scores.setdefault(score.proposal_id, {})[score.criterion_id] = score.value
    return scores


def score_comments(evaluation: Evaluation) -> dict[int, str]:
    """``{proposal id: comment}`` of one evaluation (one comment per proposal, kept on each of its scores)."""
    return dict(Score.objects.filter(evaluation=evaluation).exclude(comment="").values_list("proposal_id", "comment"))


def office_members(scenario: Scenario) -> QuerySet[User]:
    """Users with a membership (any status) in the scenario's owner office."""
    return User.objects.filter(pk__in=member_ids(organization_ids=[scenario.owner_id], active=False))


def evaluator_candidates(scenario: Scenario) -> QuerySet[User]:
    """Active members of the owner office not yet named evaluators of the scenario, by username."""
    return (
        User.objects.filter(pk__in=active_member_ids(organization_ids=[scenario.owner_id]))
        .exclude(evaluations__scenario=scenario)
        .order_by("username")
    )


def evaluation_progress(scenario: Scenario) -> tuple[int, int]:
    """(completed, expected): expected counts the evaluators who have not recused."""
    rows = Evaluation.objects.filter(scenario=scenario).values_list("status", flat=True)
    statuses = list(rows)
    total = sum(1 for s in statuses if s != Evaluation.Status.RECUSED)
    done = sum(1 for s in statuses if s == Evaluation.Status.COMPLETED)
    return done, total


# ---------------------------------------------------------------- award


def award_of(scenario: Scenario) -> Award | None:
    return Award.objects.filter(scenario=scenario).first()


def award_notice(scenario: Scenario) -> dict | None:
    """The public award notice: winning firm(s), solution(s), reason, dates — never a price or a loser."""
    award = (
        Award.objects.filter(scenario=scenario)
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.select_related("firm").prefetch_related("solutions").order_by("pk"),
            )
        )
        .first()
    )
    if award is None:
        return None
    return {
        "award": award,
        "winners": [
            {"proposal_id": p.pk, "firm": p.firm, "solutions": list(p.solutions.all())} for p in award.proposals.all()
        ],
    }


def contract_values_for(*, user, award: Award) -> dict[int, int]:
    """The winning proposals' contract values this user may read (``proposals.read_contract_value``): every one
    once the award is final; before, the owner office reads all and an awarded firm its own."""
    values = {}
    for contract in Contract.objects.filter(award=award).select_related("award__scenario", "proposal"):
        if user.has_perm("proposals.read_contract_value", contract):
            values[contract.proposal_id] = contract.value
    return values


def engagement_money(engagement: Engagement) -> dict:
    """Contract value, payments (oldest first), paid and remaining — for readers of the engagement only."""
    payments = list(Payment.objects.filter(engagement=engagement).select_related("milestone").order_by("paid_on", "id"))
    value = engagement.contract_value
    paid = sum(p.amount for p in payments)
    return {
        "contract_value": value,
        "payments": payments,
        "paid": paid,
        "remaining": None if value is None else max(value - paid, 0),
    }


def objections_visible_to(*, user, award: Award) -> QuerySet[Objection]:
    """The owner office and the provincial office see every objection; a firm sees its own."""
    queryset = award.objections.select_related("proposal__firm", "submitted_by", "responded_by")
    if user.has_perm("proposals.count_proposals", award.scenario):
        return queryset
    return queryset.filter(proposal__firm_id__in=organization_ids_of(user))


# ---------------------------------------------------------------- engagements and reference cases


def engagements_visible_to(user) -> QuerySet[Engagement]:
    """Engagements for the owner office, the firm and the provincial office. (Accepted ones are public as
    reference cases through ``reference_cases_*``, which carry no price.)"""
    queryset = Engagement.objects.select_related("scenario", "scenario__owner", "scenario__county", "firm", "solution")
    return rows_of_parties(user, queryset, "firm_id", "scenario__owner_id")


def engagement_detail(*, user, pk) -> Engagement:
    pk = pk_or_missing(pk, Engagement)
    engagement = (
        Engagement.objects.select_related("scenario", "scenario__owner", "scenario__county", "firm", "solution")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
            Prefetch("kpis", queryset=KpiResult.objects.order_by("id")),
            Prefetch("scenario__kpis", queryset=ScenarioKpi.objects.order_by("position", "id")),
        )
        .get(pk=pk)
    )
    if user is None or not user.has_perm("proposals.read_engagement", engagement):
        raise Engagement.DoesNotExist  # missing and not yours look the same
    return engagement


def _reference_cases() -> QuerySet[Engagement]:
    """Accepted engagements with their replicable case (problem, solution, KPIs achieved, cost, lessons,
    contacts) — the public record; no proposal price."""
    return Engagement.objects.reference_cases().select_related(
        "scenario", "scenario__county", "scenario__domain", "firm", "solution", "replicable_case"
    )


def replicable_case(pk) -> ReplicableCase | None:
    """One replicable case (public), or ``None``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        ReplicableCase.objects.select_related(
            "engagement",
            "engagement__scenario",
            "engagement__scenario__county",
            "engagement__scenario__owner",
            "engagement__firm",
            "engagement__solution",
        )
        .filter(pk=pk, engagement__status=Engagement.Status.ACCEPTED)
        .first()
    )


def replicable_cases() -> QuerySet[ReplicableCase]:
    """Every replicable case, newest first (the API list)."""
    return ReplicableCase.objects.filter(engagement__status=Engagement.Status.ACCEPTED).select_related(
        "engagement", "engagement__scenario", "engagement__scenario__county", "engagement__firm", "engagement__solution"
    )


def reference_cases_for_solution(solution: Solution) -> list[Engagement]:
    return list(_reference_cases().filter(solution=solution).order_by("-accepted_at"))


def reference_cases_for_scenario(scenario: Scenario) -> list[Engagement]:
    return list(_reference_cases().filter(scenario=scenario).order_by("-accepted_at"))


def reference_cases_similar_to(scenario: Scenario, *, limit: int = 5) -> list[Engagement]:
    """Accepted engagements of *other* scenarios in the same domain that share at least one capability,
    ranked by the number of shared capabilities (then most recent acceptance). A first cut the matching engine
    will refine."""
    capability_ids = list(scenario.capabilities.values_list("pk", flat=True))
    if not capability_ids:
        return []
    return list(
        _reference_cases()
        .filter(scenario__domain_id=scenario.domain_id)
        .exclude(scenario_id=scenario.pk)
        .annotate(overlap=Count("scenario__capabilities", filter=Q(scenario__capabilities__in=capability_ids)))
        .filter(overlap__gt=0)
        .order_by("-overlap", "-accepted_at", "-id")[:limit]
    )


def deployments_of(solution: Solution) -> QuerySet[Deployment]:
    return Deployment.objects.filter(solution=solution).select_related("county")


def capabilities_of(scenario: Scenario) -> QuerySet[Capability]:
    return scenario.capabilities.order_by("code")


# ---------------------------------------------------------------- audit trail


def trail_entries(*, user, scenario: Scenario):
    """Audit-log entries of the scenario and of its proposals, evaluations, scores, award, objections and
    engagements that the user may read. Proposal entries appear only once the proposals are readable (after the
    deadline for the owner and the provincial office). Prices are never in the log."""

    def ids(model, qs):
        return Q(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(qs.values_list("pk", flat=True))
        )

    readable = proposals_visible_to(user).filter(scenario=scenario)
    condition = ids(Scenario, Scenario.objects.filter(pk=scenario.pk))
    condition |= ids(Proposal, readable)
    condition |= ids(Evaluation, Evaluation.objects.filter(scenario=scenario))
    condition |= ids(Score, Score.objects.filter(proposal__in=readable))
    condition |= ids(Award, Award.objects.filter(scenario=scenario))
    condition |= ids(Objection, Objection.objects.filter(award__scenario=scenario))
    condition |= ids(Engagement, Engagement.objects.filter(scenario=scenario))
    condition |= ids(Milestone, Milestone.objects.filter(engagement__scenario=scenario))
    return LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("timestamp", "id")


def award_value_public(award: Award) -> bool:
    """The one rule for an awarded price or contract value (``permissions.award_value_public``): public once
    the award is final. Open data, OCDS, the award notice and the gap monitor's contract-value indicator all
    ask this."""
    return perms.award_value_public(award)


def awarded_value(proposal: Proposal) -> int | None:
    """A winning proposal's contract value (``Contract``), else its price: what is published once the award is
    final. Select ``contract`` with the proposal to read it without a query."""
    try:
        return proposal.contract.value
    except Contract.DoesNotExist:
        return proposal.price


def award_value_public_since(award: Award) -> dt.datetime | None:
    """When the awarded price became public (the award's finalisation), or ``None`` while it is not
    (:func:`award_value_public`)."""
    return award.finalised_at if award_value_public(award) else None


def use_signals() -> list[tuple[int, int, str, str, float]]:
    """Bids and awards as signals for learning the matching weights (``matching.hooks.use_signal_providers``):
    a submitted proposal counts for each solution it names, as the firm's choice (side "solution", weight 1), but
    only once the call is unsealed (its deadline passed), so a sealed bid never shows, not even as a count; a
    final award counts for each winning solution as the county's choice (side "scenario", weight 2)."""
    signals: list[tuple[int, int, str, str, float]] = []
    bids = (
        Proposal.solutions.through.objects.filter(proposal__status=Proposal.Status.SUBMITTED)
        .filter(_unsealed_scenarios_q("proposal__scenario__"))
        .values_list("proposal__scenario_id", "solution_id")
    )
    signals.extend((scenario, solution, "solution", "proposal", 1.0) for scenario, solution in bids)
    won = (
        Award.proposals.through.objects.filter(award__status=Award.Status.FINAL)
        .values_list("award__scenario_id", "proposal__solutions")
        .exclude(proposal__solutions=None)
    )
    signals.extend((scenario, solution, "scenario", "award", 2.0) for scenario, solution in won)
    return signals


# ---------------------------------------------------------------- expert pool and panels


def expert_pool() -> QuerySet[Expert]:
    """The whole pool (active first), with organisations, domains and declared ties; for its keepers."""
    return (
        Expert.objects.select_related("user", "organization")
        .prefetch_related("domains", "ties__organization")
        .order_by("-active", "organization__name_zh", "id")
    )


def panel_of(*, user, scenario: Scenario) -> PanelDraw | None:
    """The scenario's draw record with its seats in drawn order, for those who may read it (the owner office and
    the provincial office: ``proposals.read_panel``); ``None`` for everyone else and when nothing was drawn."""
    if not user.has_perm("proposals.read_panel", scenario):
        return None
    return (
        PanelDraw.objects.filter(scenario=scenario)
        .select_related("drawn_by")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=PanelSeat.objects.select_related(
                    "expert__user", "expert__organization", "evaluation", "ended_by"
                ).order_by("position"),
            )
        )
        .first()
    )


def panel_draws_visible_to(user) -> QuerySet[PanelDraw]:
    """Draw records for the owner offices of their scenarios and (provincial office) all of them; the lists of
    ``proposals.read_panel``."""
    queryset = PanelDraw.objects.select_related("scenario", "scenario__owner", "drawn_by")
    return rows_of_parties(user, queryset, "scenario__owner_id")


def expert_pool_visible_to(user) -> QuerySet[Expert]:
    """The pool for the provincial office (and superusers); nobody else lists it."""
    if user is None or not user.is_authenticated or not is_overseer(user):
        return Expert.objects.none()
    return expert_pool()


@dataclass(frozen=True)
class Exclusion:
    expert: Expert
    reasons: list[tuple[str, Organization | None]]  # (reason code, the organisation it concerns)


def panel_exclusions(draw: PanelDraw) -> list[Exclusion]:
    """The draw record's excluded experts with their reasons, as objects (two queries). Callers have checked
    ``proposals.read_panel``: the reasons name bidders."""
    experts = Expert.objects.select_related("user", "organization").in_bulk([row["expert"] for row in draw.excluded])
    org_ids = {r["organization"] for row in draw.excluded for r in row["reasons"] if r["organization"]}
    orgs = Organization.objects.in_bulk(list(org_ids))
    return [
        Exclusion(
            expert=experts[row["expert"]],
            reasons=[(r["code"], orgs.get(r["organization"])) for r in row["reasons"]],
        )
        for row in draw.excluded
        if row["expert"] in experts
    ]


def panel_seats_of(user) -> QuerySet[PanelSeat]:
    """The user's own seats on drawn panels (as member or reserve, any status), newest draw first."""
    if user is None or not user.is_authenticated:
        return PanelSeat.objects.none()
    return (
        PanelSeat.objects.filter(expert__user_id=user.pk)
        .select_related("draw__scenario", "draw__scenario__county", "evaluation")
        .order_by("-draw__drawn_at", "-id")
    )


def panel_seat_for(*, user, pk) -> PanelSeat:
    """One seat for its expert; ``DoesNotExist`` for anyone else."""
    pk = pk_or_missing(pk, PanelSeat)
    return panel_seats_of(user).get(pk=pk)
