"""The dated facts behind the indicators, read from every app in a fixed number of queries (one or two per
family, whatever the data size). This is where the public rule of each indicator is enforced: a fact that is
sealed or private *now* is not returned, and a fact that became public later than it happened is dated when it
became public (a proposal at its scenario's deadline, a contract price when its award became final).

Never call this to show anything to a user directly: it reads across permissions on purpose and returns only
what may enter a public aggregate.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from catalog.models import Question, Scenario
from directory.models import Organization, Region
from fairs.models import Event, Meeting, MeetingOutcome, Participant
from funding.models import Grant
from insights.compute import ZONES, Fact, Geography
from insights.models import MaturityAssessment
from proposals.models import Award, Engagement, Payment, Proposal
from proposals.selectors import award_value_public_since
from talent.models import Certificate, Exchange

SHANGHAI = ZoneInfo("Asia/Shanghai")
_EXCHANGE_COUNTED = (Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS, Exchange.Status.COMPLETED)


def geography() -> Geography:
    """Counties with their city, zone and census population; cities with their zone (one query)."""
    county_city: dict[str, str] = {}
    zone_of: dict[str, str] = {}
    population: dict[str, int] = {}
    for code, level, parent, zone, people in Region.objects.exclude(level=Region.Level.PROVINCE).values_list(
        "code", "level", "parent_id", "zone", "population"
    ):
        zone_of[code] = zone
        if level == Region.Level.COUNTY:
            county_city[code] = parent
            population[code] = people or 0
    return Geography(county_city=county_city, zone_of=zone_of, population=population)


def collect(*, now: dt.datetime) -> dict[str, list[Fact]]:
    """Facts per (non-ratio) indicator code, as public at ``now``."""
    facts: dict[str, list[Fact]] = defaultdict(list)
    _scenario_facts(facts, now)
    _proposal_facts(facts, now)
    _engagement_facts(facts, now)
    _question_facts(facts, now)
    _training_facts(facts, now)
    _exchange_facts(facts, now)
    _maturity_facts(facts, now)
    _fair_facts(facts, now)
    _money_facts(facts, now)
    return facts


def _scenario_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    rows = Scenario.objects.filter(published_at__isnull=False, published_at__lte=now).values_list(
        "county_id", "published_at", "deadline", "status", "replicated_from__county_id"
    )
    for county, published_at, deadline, status, source_county in rows:
        facts["scenarios_opened"].append(Fact(county, published_at))
        if source_county is not None and source_county != county:
            facts["scenarios_adopted"].append(Fact(county, published_at))
        if deadline is not None and deadline <= now and status != Scenario.Status.CANCELLED:
            facts["scenarios_closed"].append(Fact(county, deadline))


def _proposal_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    # Sealed until the deadline: only proposals of scenarios whose deadline has passed, submitted by then, and
    # dated at the deadline (when they stop being sealed).
    rows = (
        Proposal.objects.filter(
            status=Proposal.Status.SUBMITTED,
            scenario__published_at__isnull=False,
            scenario__deadline__lte=now,
            submitted_at__lte=F("scenario__deadline"),
        )
        .exclude(scenario__status=Scenario.Status.CANCELLED)
        .values_list("scenario_id", "scenario__county_id", "scenario__deadline")
    )
    answered: set[int] = set()
    for scenario_id, county, deadline in rows:
        facts["proposals_received"].append(Fact(county, deadline))
        if scenario_id not in answered:
            answered.add(scenario_id)
            facts["scenarios_with_proposal"].append(Fact(county, deadline))
    for county, decided_at, published_at in Award.objects.filter(decided_at__lte=now).values_list(
        "scenario__county_id", "decided_at", "scenario__published_at"
    ):
        if published_at is not None:
            days = (decided_at - published_at).total_seconds() / 86_400
            facts["days_to_award"].append(Fact(county, decided_at, days))


def _engagement_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    rows = list(
        Engagement.objects.values_list(
            "scenario__county_id",
            "scenario__county__zone",
            "firm__region__zone",
            "solution_id",
            "contracted_at",
            "piloting_at",
            "accepted_at",
            "status",
            "award__status",
            "award__finalised_at",
            # The contract value stated with the award; the winning price where none was stated.
            Coalesce("proposal__contract__value", "proposal__price"),
        )
    )
    accepted_in: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for county, _zone, _firm_zone, solution, _contracted, _piloting, accepted_at, status, *_award in rows:
        if status == Engagement.Status.ACCEPTED and accepted_at is not None and accepted_at <= now:
            accepted_in[solution].append((accepted_at, county))
    for row in rows:
        county, zone, firm_zone, solution, contracted_at, piloting_at, accepted_at, status = row[:8]
        award_status, finalised_at, value = row[8:]
        if contracted_at > now:
            continue
        if piloting_at is not None and piloting_at <= now:
            facts["pilots_started"].append(Fact(county, piloting_at))
        if status == Engagement.Status.ACCEPTED and accepted_at is not None and accepted_at <= now:
            facts["pilots_accepted"].append(Fact(county, accepted_at))
        if any(at < contracted_at and where != county for at, where in accepted_in.get(solution, ())):
            facts["reference_cases_replicated"].append(Fact(county, contracted_at))
        # The contract value is public from the award's finalisation, by the one rule open data follows too.
        public_since = award_value_public_since(Award(status=award_status, finalised_at=finalised_at))
        value_public = public_since is not None and public_since <= now and value is not None
        if value_public and public_since is not None:
            facts["contract_value"].append(Fact(county, public_since, float(value)))
            if firm_zone in ZONES:
                facts[f"contract_value_{firm_zone}_firms"].append(Fact(county, public_since, float(value)))
        if firm_zone and zone and firm_zone != zone:
            facts["cross_zone_engagements"].append(Fact(county, contracted_at))
            if value_public and public_since is not None:
                facts["cross_zone_contract_value"].append(Fact(county, public_since, float(value)))


def _question_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    rows = Question.objects.filter(
        answered_at__isnull=False, answered_at__lte=now, scenario__published_at__isnull=False
    ).values_list("scenario__county_id", "created_at", "answered_at")
    for county, asked_at, answered_at in rows:
        if answered_at is None:
            continue
        facts["questions_answered"].append(Fact(county, answered_at))
        hours = max((answered_at - asked_at).total_seconds() / 3600, 0.0)
        facts["hours_to_answer"].append(Fact(county, answered_at, hours))


def _training_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    # Attributed to the organisation the learner enrolled for; an enrolment for no organisation has no area.
    rows = Certificate.objects.filter(
        Q(revoked_at__isnull=True), issued_at__lte=now, enrolment__organization__isnull=False
    ).values_list("enrolment__organization__region_id", "issued_at", "hours", "enrolment__person_id")
    for area, issued_at, hours, person in rows:
        facts["certificates"].append(Fact(area, issued_at))
        facts["training_hours"].append(Fact(area, issued_at, float(hours)))
        facts["learners"].append(Fact(area, issued_at, key=person))


def _exchange_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    rows = Exchange.objects.filter(status__in=_EXCHANGE_COUNTED).values_list("host_region_id", "start_date")
    for area, start_date in rows:
        at = dt.datetime.combine(start_date, dt.time.min, tzinfo=SHANGHAI)
        if at <= now:
            facts["exchanges_hosted"].append(Fact(area, at))


def _maturity_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    for county, submitted_at, score in (
        MaturityAssessment.objects.submitted()
        .filter(submitted_at__lte=now)
        .values_list("county_id", "submitted_at", "score")
    ):
        if score is not None:
            facts["maturity_score"].append(Fact(county, submitted_at, float(score)))


def _fair_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    # A meeting is held once its slot has started (scheduled, not cancelled, its event not cancelled) and counts
    # at the county office's region (the demand side, whoever asked), at the slot's start; its pair is the
    # supplier's zone → the county office's zone. It is a signed intention once either side recorded one, dated
    # at the first such record. Nothing else of the meeting is read: no notes, purposes, requester or value.
    meetings = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, slot__start__lte=now).exclude(
        event__status=Event.Status.CANCELLED
    )
    signed: dict[int, dt.datetime] = {}
    for meeting_id, recorded_at in MeetingOutcome.objects.filter(
        meeting__in=meetings, outcome=MeetingOutcome.Outcome.INTENTION, recorded_at__lte=now
    ).values_list("meeting_id", "recorded_at"):
        signed[meeting_id] = min(recorded_at, signed.get(meeting_id, recorded_at))
    rows = meetings.values_list(
        "pk",
        "slot__start",
        "request__requester__side",
        "request__requester__organization__region_id",
        "request__requester__organization__region__zone",
        "request__recipient__organization__region_id",
        "request__recipient__organization__region__zone",
    )
    for pk, start, requester_side, requester_area, requester_zone, recipient_area, recipient_zone in rows:
        if requester_side == Participant.Side.DEMAND:
            area, supplier_zone = requester_area, recipient_zone
        else:
            area, supplier_zone = recipient_area, requester_zone
        pair = f"_{supplier_zone}_suppliers" if supplier_zone in ZONES else None
        facts["fair_meetings"].append(Fact(area, start))
        if pair:
            facts[f"fair_meetings{pair}"].append(Fact(area, start))
        if pk in signed:
            facts["fair_intentions"].append(Fact(area, signed[pk]))
            if pair:
                facts[f"fair_intentions{pair}"].append(Fact(area, signed[pk]))


def _day(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time.min, tzinfo=SHANGHAI)


def _money_facts(facts: dict[str, list[Fact]], now: dt.datetime) -> None:
    # Payments by milestone count in the county of the engagement's scenario at the paid date (only once the
    # award's contract value is public); the pair is the firm's zone → the county's zone. Rewards and vouchers
    # (granted or paid, never withdrawn) count at the granted date in the county of their scenario, else where
    # the grantee is; the pair is the grantee firm's zone. Amounts only: no payee, grantee or condition.
    for county, firm_zone, amount, paid_on, award_status, finalised_at in Payment.objects.values_list(
        "engagement__scenario__county_id",
        "engagement__firm__region__zone",
        "amount",
        "paid_on",
        "engagement__award__status",
        "engagement__award__finalised_at",
    ):
        at = _day(paid_on)
        if at > now or award_value_public_since(Award(status=award_status, finalised_at=finalised_at)) is None:
            continue
        facts["payments_made"].append(Fact(county, at, float(amount)))
        if firm_zone in ZONES:
            facts[f"payments_{firm_zone}_firms"].append(Fact(county, at, float(amount)))
    for (
        scenario_county,
        grantee_area,
        grantee_kind,
        grantee_zone,
        amount,
        granted_on,
    ) in Grant.objects.counted().values_list(
        "scenario__county_id", "grantee__region_id", "grantee__kind", "grantee__region__zone", "amount", "granted_on"
    ):
        at = _day(granted_on)
        if at > now:
            continue
        area = scenario_county or grantee_area
        facts["grants_granted"].append(Fact(area, at, float(amount)))
        if grantee_kind == Organization.Kind.FIRM and grantee_zone in ZONES:
            facts[f"grants_{grantee_zone}_firms"].append(Fact(area, at, float(amount)))
