"""The public rows of every open data set and of the OCDS packages. Nothing here depends on who asks: open
data is what an anonymous reader may see, and each queryset below holds the rule that makes it so (in its
docstring, and tested in tests/opendata/test_sealed.py). Each queryset owns its joins, so a file of any size
costs the same few queries per chunk of rows.

``since`` (an aware datetime or None) narrows each set to the rows that changed at or after that moment; what
counts as a change is said per set (docs/open-data.md, "Change feeds")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Capability, Deployment, Domain, Scenario, ScenarioKpi, Solution
from proposals.models import Award, Engagement, KpiResult, Proposal, ReplicableCase

# The awarded contract value (stated with the award, else the winning price) is open data once the award is
# final; the rule lives with the awards (the gap monitor's contract-value indicators follow it too) and is
# re-exported here for the data sets and OCDS.
from proposals.selectors import award_value_public as award_value_public
from proposals.selectors import awarded_value as awarded_value
from talent.models import Certificate, Course, Enrolment, Exchange, Session, Skill

# Exchanges the two organisations have approved are public (talent.selectors.exchanges_visible_to).
PUBLIC_EXCHANGE_STATES = (Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS, Exchange.Status.COMPLETED)
# A session a reader can find on the training pages: published or cancelled, of a published course.
PUBLIC_SESSION_STATES = (Session.Status.PUBLISHED, Session.Status.CANCELLED)
# Enrolments that hold a seat or have been through the course.
COUNTED_ENROLMENT_STATES = (
    Enrolment.Status.REGISTERED,
    Enrolment.Status.ATTENDED,
    Enrolment.Status.COMPLETED,
    Enrolment.Status.NOT_COMPLETED,
)


def _last_audit_entry(model) -> Subquery:
    """The time of the latest audit-trail entry of each ``model`` row (for ``annotate``)."""
    return Subquery(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"))
        .order_by("-timestamp")
        .values("timestamp")[:1]
    )


def public_scenarios(*, since: dt.datetime | None = None) -> QuerySet[Scenario]:
    """Every scenario that has ever been published (drafts never), with the state a reader sees. A change: an
    edit or transition (``updated_at``), or an open call whose deadline passed (it now reads as evaluating)."""
    queryset = (
        Scenario.objects.public()
        .with_state()
        .select_related("county", "owner", "owner__region", "domain", "batch")
        .prefetch_related(Prefetch("capabilities", queryset=Capability.objects.order_by("code")))
    )
    if since is not None:
        queryset = queryset.filter(
            Q(updated_at__gte=since) | Q(status=Scenario.Status.OPEN, deadline__gte=since, deadline__lte=timezone.now())
        )
    return queryset.order_by("pk")


def public_scenario(pk: int) -> Scenario:
    """One published scenario (``Scenario.DoesNotExist`` for a draft or a missing one: a 404 either way)."""
    return public_scenarios().get(pk=pk)


def public_solutions(*, since: dt.datetime | None = None) -> QuerySet[Solution]:
    """Published solutions (drafts and archived ones never), with their list prices, which the firm publishes.
    A change: an edit or a status change (``updated_at``)."""
    queryset = (
        Solution.objects.published()
        .select_related("owner", "owner__region")
        .prefetch_related(Prefetch("domains", queryset=Domain.objects.order_by("code")))
        .prefetch_related(Prefetch("capabilities", queryset=Capability.objects.order_by("code")))
        .prefetch_related(Prefetch("deployments", queryset=Deployment.objects.order_by("county_id", "pk")))
    )
    if since is not None:
        queryset = queryset.filter(updated_at__gte=since)
    return queryset.order_by("pk")


def _winning_proposals() -> Prefetch:
    return Prefetch(
        "proposals",
        queryset=Proposal.objects.select_related("firm", "firm__region", "contract")
        .prefetch_related(Prefetch("solutions", queryset=Solution.objects.order_by("pk")))
        .order_by("pk"),
        to_attr="winners",
    )


def _submitted_count() -> Count:
    return Count(
        "scenario__proposals",
        filter=Q(scenario__proposals__status=Proposal.Status.SUBMITTED),
        distinct=True,
    )


def public_awards(*, since: dt.datetime | None = None) -> QuerySet[Award]:
    """Award notices (an award is public from its decision: winners, solutions, reason, dates) with the number of
    proposals received (a scenario with an award is past its deadline, so the count is no longer sealed). The
    winners' prices are attached in ``winners`` but a data set shows them only once the award is final
    (``award_value_public``). A change: the decision or the finalisation."""
    queryset = (
        Award.objects.select_related("scenario", "scenario__county", "scenario__owner")
        .filter(scenario__published_at__isnull=False)
        .annotate(proposals_received=_submitted_count())
        .prefetch_related(_winning_proposals())
    )
    if since is not None:
        queryset = queryset.filter(Q(decided_at__gte=since) | Q(finalised_at__gte=since))
    return queryset.order_by("pk")


def public_engagements(*, since: dt.datetime | None = None) -> QuerySet[Engagement]:
    """Engagements of awarded scenarios (who pilots what where is in the public award notice) with their
    dates and status; outcome and lessons are public only for accepted engagements (reference cases). A
    change: any audit-trail entry of the engagement (status, outcome, lessons) or of its award."""
    queryset = (
        Engagement.objects.select_related(
            "scenario",
            "scenario__county",
            "scenario__owner",
            "firm",
            "firm__region",
            "solution",
            "award",
            "proposal",
            "proposal__contract",
        )
        .filter(scenario__published_at__isnull=False)
        .annotate(last_logged=_last_audit_entry(Engagement))
    )
    if since is not None:
        queryset = queryset.filter(
            Q(last_logged__gte=since) | Q(contracted_at__gte=since) | Q(award__finalised_at__gte=since)
        )
    return queryset.order_by("pk")


def ocds_engagements() -> Prefetch:
    """The engagements of a scenario, for its OCDS contract and implementation releases, with their KPI results
    and replicable case (``ocds`` publishes both only for accepted engagements)."""
    return Prefetch(
        "engagements",
        queryset=Engagement.objects.select_related(
            "firm", "firm__region", "solution", "proposal", "proposal__contract", "replicable_case"
        )
        .prefetch_related(Prefetch("kpis", queryset=KpiResult.objects.select_related("kpi").order_by("pk")))
        .order_by("pk"),
        to_attr="public_engagements",
    )


def ocds_scenario(pk: int) -> tuple[Scenario, Award | None]:
    """A published scenario with what its OCDS package needs: its KPI rows, the award with winners and proposal
    count, the engagements with milestones, KPI results and replicable case. Raises ``Scenario.DoesNotExist`` for
    drafts and missing scenarios."""
    scenario = (
        public_scenarios()
        .prefetch_related(ocds_engagements(), Prefetch("kpis", queryset=ScenarioKpi.objects.order_by("position", "pk")))
        .get(pk=pk)
    )
    award = public_awards().filter(scenario=scenario).first()
    return scenario, award


def submitted_proposal_count(scenario: Scenario) -> int | None:
    """How many proposals a scenario received, or None while they are sealed (an open call before its
    deadline, or a scenario cancelled before it)."""
    state = scenario.effective_status
    if state in (Scenario.Status.OPEN, Scenario.Status.DRAFT):
        return None
    if scenario.deadline is None or scenario.deadline > timezone.now():
        return None
    return scenario.proposals.filter(status=Proposal.Status.SUBMITTED).count()


def _certified_hours() -> QuerySet:
    return (
        Certificate.objects.filter(enrolment__session=OuterRef("pk"), revoked_at__isnull=True)
        .order_by()
        .values("enrolment__session")
        .annotate(total=Sum("hours"))
        .values("total")
    )


def public_training(*, since: dt.datetime | None = None) -> QuerySet[Session]:
    """Published and cancelled sessions of published courses, each with counts only: seats taken, people who
    completed, certificates in force and their hours. No learner appears. A change: an edit of the session, or
    an enrolment, completion, cancellation, certificate or revocation at or after ``since``."""
    counted = Q(enrolments__status__in=COUNTED_ENROLMENT_STATES)
    in_force = Q(enrolments__certificate__isnull=False, enrolments__certificate__revoked_at__isnull=True)
    queryset = (
        Session.objects.filter(status__in=PUBLIC_SESSION_STATES, course__status=Course.Status.PUBLISHED)
        .select_related("course", "course__provider", "course__provider__region", "venue", "venue__region")
        .annotate(
            enrolled=Count("enrolments", filter=counted, distinct=True),
            completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED), distinct=True),
            certificates=Count("enrolments__certificate", filter=in_force, distinct=True),
            certified_hours=Coalesce(
                Subquery(_certified_hours(), output_field=DecimalField(max_digits=9, decimal_places=2)),
                Value(Decimal(0)),
            ),
        )
    )
    if since is not None:
        changed_enrolments = Enrolment.objects.filter(
            Q(created_at__gte=since) | Q(completed_at__gte=since) | Q(cancelled_at__gte=since)
        ).values("session_id")
        changed_certificates = Certificate.objects.filter(Q(issued_at__gte=since) | Q(revoked_at__gte=since)).values(
            "enrolment__session_id"
        )
        queryset = queryset.filter(
            Q(updated_at__gte=since) | Q(pk__in=changed_enrolments) | Q(pk__in=changed_certificates)
        )
    return queryset.order_by("pk")


def public_exchanges(*, since: dt.datetime | None = None) -> QuerySet[Exchange]:
    """Approved, running and completed exchanges, without the person (no name, role, goals or report). A
    change: any edit of the exchange (``updated_at``)."""
    queryset = (
        Exchange.objects.filter(status__in=PUBLIC_EXCHANGE_STATES)
        .select_related("home_organization", "host_organization", "home_region", "host_region")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("code")))
    )
    if since is not None:
        queryset = queryset.filter(updated_at__gte=since)
    return queryset.order_by("pk")


def public_kpis(*, since: dt.datetime | None = None) -> QuerySet[ScenarioKpi]:
    """The KPI rows of every published scenario (drafts never): what the call asks to be measured. A change: an
    edit of the scenario (KPI rows are edited with it, ``updated_at``)."""
    queryset = ScenarioKpi.objects.filter(scenario__published_at__isnull=False).select_related(
        "scenario", "scenario__county"
    )
    if since is not None:
        queryset = queryset.filter(scenario__updated_at__gte=since)
    return queryset.order_by("scenario_id", "position", "pk")


def _of_accepted_pilots(model, *related: str) -> QuerySet:
    """The rows of ``model`` that belong to an accepted engagement of a published scenario, with the engagement,
    its firm (and region) and its scenario (and county) read in the same query, plus ``related``."""
    return model.objects.filter(
        engagement__status=Engagement.Status.ACCEPTED, engagement__scenario__published_at__isnull=False
    ).select_related(
        "engagement",
        "engagement__firm",
        "engagement__firm__region",
        "engagement__scenario",
        "engagement__scenario__county",
        *related,
    )


def public_kpi_results(*, since: dt.datetime | None = None) -> QuerySet[KpiResult]:
    """Results measured against the KPI rows, only for accepted engagements of published scenarios (a reference
    case publishes its KPIs achieved; before acceptance results stay with the parties). Nothing changes after
    acceptance (an accepted engagement takes no more results): a change is the acceptance (``accepted_at``)."""
    queryset = _of_accepted_pilots(KpiResult, "kpi")
    if since is not None:
        queryset = queryset.filter(engagement__accepted_at__gte=since)
    return queryset.order_by("pk")


def public_replicable_cases(*, since: dt.datetime | None = None) -> QuerySet[ReplicableCase]:
    """The replicable cases (可复制可推广案例) of accepted engagements of published scenarios, as the public case
    page shows them: problem, solution, KPIs achieved, the cost the owner office published, lessons and the
    contact the case names. A change: an edit of the case (``updated_at``)."""
    queryset = _of_accepted_pilots(ReplicableCase, "engagement__solution")
    if since is not None:
        queryset = queryset.filter(updated_at__gte=since)
    return queryset.order_by("pk")
