"""What each role sees on its home page. Read-only; every function runs a fixed number of queries whatever the
amount of data, and never reads a sealed proposal: county pages get counts only, firms their own proposals.

``roles_of`` answers "which homes does this person have" for the menu. It is display, not permission: the pages
it links to check their own permissions. It is cached for a few minutes per user so that the menu costs no
query on ordinary pages; the home page always recomputes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from catalog.models import Question, Scenario
from directory.models import Organization, Region
from directory.selectors import affiliations_of, organizations_awaiting_verification
from matching.selectors import feed_for
from proposals import selectors as proposal_selectors
from proposals.models import Award, Evaluation, Milestone, Objection, Proposal
from talent.models import Attendance, Enrolment, Occurrence, Session

ROLES_CACHE_SECONDS = 300
K = Organization.Kind
S = Scenario.Status


@dataclass(frozen=True)
class Roles:
    county: bool = False
    firm: bool = False
    trainer: bool = False
    province: bool = False
    city: bool = False

    @property
    def any(self) -> bool:
        return self.county or self.firm or self.trainer or self.province or self.city


def _roles_cache_key(user) -> str:
    # date_joined keeps keys apart when a primary key is reused (a deleted account, a test database).
    joined = user.date_joined.timestamp() if user.date_joined else 0
    return f"workspace:roles:{user.pk}:{joined}"


def roles_of(user, *, fresh: bool = False) -> Roles:
    """The homes a signed-in person has: county office, firm, trainer (a training provider's member or a named
    trainer), provincial office. At most two queries on a cache miss, none on a hit."""
    if user is None or not user.is_authenticated:
        return Roles()
    key = _roles_cache_key(user)
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return Roles(**cached)
    facts = affiliations_of(user)
    org_kinds = {a.kind for a in facts.active()}
    teaches = K.TRAINING_PROVIDER in org_kinds or Session.trainers.through.objects.filter(user_id=user.pk).exists()
    roles = Roles(
        county=K.COUNTY_OFFICE in org_kinds,
        firm=K.FIRM in org_kinds,
        trainer=teaches,
        province=facts.is_provincial_staff,
        city=K.CITY_OFFICE in org_kinds,
    )
    cache.set(key, roles.__dict__, ROLES_CACHE_SECONDS)
    return roles


def _org_ids(user, kind: str) -> list[int]:
    return affiliations_of(user).organization_ids(kinds=[kind])


# ---------------------------------------------------------------- county office


@dataclass
class CountyHome:
    offices: list[Organization]
    by_state: list[tuple[str, str, list[Any]]] = field(default_factory=list)
    open_count: int = 0
    questions_waiting: list[Question] = field(default_factory=list)
    my_evaluations: list[Evaluation] = field(default_factory=list)
    awards: list[Any] = field(default_factory=list)  # Award rows annotated with objection counts
    milestones_due: list[Milestone] = field(default_factory=list)
    adoptable: list[Scenario] = field(default_factory=list)


def county_home(*, user, now: dt.datetime | None = None) -> CountyHome:
    """The user's county offices' scenarios grouped by state (deadlines, sealed proposal counts, evaluations
    n/m), unanswered questions, the user's own evaluations, awards in standstill with their objections,
    milestones due within 30 days and replicable scenarios of other counties. Eleven queries."""
    now = now or timezone.now()
    org_ids = _org_ids(user, K.COUNTY_OFFICE)
    offices = affiliations_of(user).organizations(kinds=[K.COUNTY_OFFICE])
    rows = [r for r in proposal_selectors.owner_dashboard(user=user) if r.scenario.owner_id in org_ids]
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(cast(Any, row.scenario).state, []).append(row)
    labels = dict(S.choices)
    order = [S.OPEN, S.EVALUATING, S.DRAFT, S.AWARDED, S.PILOTING, S.COMPLETED, S.CANCELLED]
    by_state = [(str(state), str(labels[state]), groups[state]) for state in order if state in groups]
    for _state, _label, state_rows in by_state:
        state_rows.sort(key=lambda r: (r.scenario.deadline is None, r.scenario.deadline or now))
    questions = list(
        Question.objects.filter(scenario__owner_id__in=org_ids, answer="")
        .select_related("scenario")
        .order_by("created_at")[:10]
    )
    evaluations = list(
        Evaluation.objects.filter(evaluator=user)
        .exclude(status__in=[Evaluation.Status.COMPLETED, Evaluation.Status.RECUSED])
        .select_related("scenario")
        .order_by("assigned_at")
    )
    awards = list(
        Award.objects.filter(scenario__owner_id__in=org_ids, status=Award.Status.STANDSTILL)
        .select_related("scenario")
        .annotate(
            n_objections=Count("objections", distinct=True),
            n_open_objections=Count("objections", filter=Q(objections__response=""), distinct=True),
        )
        .order_by("standstill_until")
    )
    today = timezone.localdate(now)
    milestones = list(
        Milestone.objects.filter(
            engagement__scenario__owner_id__in=org_ids,
            done_date__isnull=True,
            due_date__lte=today + dt.timedelta(days=30),
        )
        .select_related("engagement", "engagement__firm", "engagement__scenario")
        .order_by("due_date")[:10]
    )
    adoptable = list(
        Scenario.objects.public()
        .filter(replicable=True)
        .exclude(owner_id__in=org_ids)
        .select_related("county")
        .order_by("-published_at")[:5]
    )
    return CountyHome(
        offices=offices,
        by_state=by_state,
        open_count=len(groups.get(S.OPEN, [])),
        questions_waiting=questions,
        my_evaluations=evaluations,
        awards=awards,
        milestones_due=milestones,
        adoptable=adoptable,
    )


# ---------------------------------------------------------------- firm


@dataclass
class FirmHome:
    firms: list[Organization]
    recommended: list = field(default_factory=list)
    for_reference: list = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    deadlines: list[Scenario] = field(default_factory=list)
    answers: list[Question] = field(default_factory=list)


def firm_home(*, user, now: dt.datetime | None = None) -> FirmHome:
    """Recommended scenarios still open (closed ones apart, for reference), the firm's proposals with their
    outcome, upcoming deadlines of scenarios it bids on, and answers to its questions. Six queries."""
    now = now or timezone.now()
    org_ids = _org_ids(user, K.FIRM)
    firms = affiliations_of(user).organizations(kinds=[K.FIRM])
    recommended: list[Any] = []
    for_reference: list[Any] = []
    seen: set[int] = set()
    for suggestion in feed_for(user=user)[:30]:
        if suggestion.scenario_id in seen:
            continue
        seen.add(suggestion.scenario_id)
        scenario = suggestion.scenario
        is_open = scenario.status == S.OPEN and scenario.deadline is not None and scenario.deadline > now
        target = recommended if is_open else for_reference
        if len(target) < 5:
            target.append(suggestion)
    proposals = list(
        Proposal.objects.filter(firm_id__in=org_ids)
        .exclude(status=Proposal.Status.DRAFT, scenario__deadline__lte=now)
        .select_related("scenario", "firm")
        .with_outcome()
        .order_by("-created_at")[:10]
    )
    deadlines = [
        p.scenario
        for p in proposals
        if p.scenario.status == S.OPEN and p.scenario.deadline is not None and p.scenario.deadline > now
    ]
    deadlines.sort(key=lambda s: s.deadline)
    answers = list(
        Question.objects.filter(asker_organization_id__in=org_ids)
        .exclude(answer="")
        .select_related("scenario")
        .order_by("-answered_at")[:5]
    )
    return FirmHome(
        firms=firms,
        recommended=recommended,
        for_reference=for_reference,
        proposals=proposals,
        deadlines=deadlines,
        answers=answers,
    )


# ---------------------------------------------------------------- trainer


@dataclass
class TrainerHome:
    upcoming: list[Session] = field(default_factory=list)
    to_record: list[Occurrence] = field(default_factory=list)
    to_complete: list[Session] = field(default_factory=list)


def trainer_home(*, user, now: dt.datetime | None = None) -> TrainerHome:
    """Sessions the user teaches or whose provider the user belongs to: upcoming ones with seats and waitlist,
    occurrences that have started with no attendance recorded, and ended sessions whose learners still await
    completion (and so their certificates). Three queries."""
    now = now or timezone.now()
    mine = Q(trainers=user) | Q(course__provider_id__in=_org_ids(user, K.TRAINING_PROVIDER))
    upcoming = list(
        Session.objects.with_seats()
        .filter(mine, end__gte=now)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("course", "venue")
        .distinct()
        .order_by("start")[:10]
    )
    session_ids = Session.objects.filter(mine).exclude(status=Session.Status.CANCELLED).values("pk")
    to_record = list(
        Occurrence.objects.scheduled()
        .filter(session_id__in=session_ids, start__lte=now, start__gte=now - dt.timedelta(days=60))
        .exclude(Exists(Attendance.objects.filter(occurrence_id=OuterRef("pk"))))
        .select_related("session", "session__course")
        .order_by("start")[:10]
    )
    to_complete = list(
        Session.objects.filter(pk__in=session_ids, end__lte=now, status=Session.Status.PUBLISHED)
        .annotate(
            n_open=Count(
                "enrolments",
                filter=Q(enrolments__status__in=[Enrolment.Status.REGISTERED, Enrolment.Status.ATTENDED]),
            )
        )
        .filter(n_open__gt=0)
        .select_related("course")
        .order_by("-end")[:10]
    )
    return TrainerHome(upcoming=upcoming, to_record=to_record, to_complete=to_complete)


# ---------------------------------------------------------------- provincial office


@dataclass
class ProvinceHome:
    awaiting: list[Organization] = field(default_factory=list)
    awaiting_count: int = 0
    objections: list[Objection] = field(default_factory=list)
    quiet_counties: list[Region] = field(default_factory=list)
    county_count: int = 0


def province_home(*, user, now: dt.datetime | None = None) -> ProvinceHome:
    """The verification queue, objections without a response, and counties with no open scenario (public
    facts only). Four queries."""
    now = now or timezone.now()
    awaiting = list(organizations_awaiting_verification(user=user)[:50])
    objections = list(
        Objection.objects.filter(response="").select_related("award", "award__scenario").order_by("submitted_at")[:10]
    )
    open_here = Scenario.objects.public().filter(status=S.OPEN, deadline__gt=now, county_id=OuterRef("pk"))
    counties = list(
        Region.objects.counties()
        .annotate(has_open=Exists(open_here))
        .filter(has_open=False)
        .select_related("parent")
        .order_by("code")
    )
    # 苏北 first, then 苏中, then 苏南: the counties the exchange exists to help come first.
    zone_rank = {Region.Zone.NORTH: 0, Region.Zone.CENTRE: 1, Region.Zone.SOUTH: 2}
    counties.sort(key=lambda r: (zone_rank.get(r.zone, 3), r.code))
    return ProvinceHome(
        awaiting=awaiting[:10],
        awaiting_count=len(awaiting),
        objections=objections,
        quiet_counties=counties,
        county_count=len(counties),
    )
