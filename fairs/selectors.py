"""Reads of the fairs app that depend on who asks. Each selector owns its joins.

The public sees published events and their programme only; participants, requests, meetings and outcomes are
read through the permission checks of ``fairs.permissions`` (outsiders get ``DoesNotExist``: a 404).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from catalog.models import Scenario, Solution
from directory.models import Organization
from directory.selectors import affiliations_of
from fairs.models import Event, Meeting, MeetingOutcome, MeetingRequest, Participant, ProgrammeItem
from matching.models import Suggestion


def events_visible_to(*, user) -> QuerySet[Event]:
    """Published (not cancelled) events for everyone; drafts and cancelled events too for the organiser's members
    and overseers — the list form of ``fairs.read_event``."""
    queryset = Event.objects.select_related("organiser", "region")
    facts = affiliations_of(user)
    if facts.is_overseer:
        return queryset
    mine = facts.organization_ids()
    published = Q(published_at__isnull=False) & ~Q(status=Event.Status.CANCELLED)
    return queryset.filter(published | Q(organiser_id__in=mine))


def event_detail(*, user, pk: int) -> Event:
    """The event; ``DoesNotExist`` (a 404) when the user may not read it (``fairs.read_event``)."""
    event = events_visible_to(user=user).get(pk=pk)
    if not user.has_perm("fairs.read_event", event):
        raise Event.DoesNotExist
    return event


def programme_of(*, event: Event) -> QuerySet[ProgrammeItem]:
    return event.programme.select_related("slot", "participant__organization", "scenario", "solution")


def participants_of(*, event: Event) -> QuerySet[Participant]:
    """Call only after ``fairs.read_event_participants``."""
    return event.participants.select_related("organization__region").prefetch_related("attendees", "availability")


def my_participations(*, user, event: Event) -> list[Participant]:
    ids = affiliations_of(user).organization_ids()
    return list(event.participants.filter(organization_id__in=ids).select_related("organization"))


def participant_detail(*, user, pk: int) -> Participant:
    participant = Participant.objects.select_related("event__organiser", "organization__region").get(pk=pk)
    if not user.has_perm("fairs.read_participation", participant):
        raise Participant.DoesNotExist
    return participant


def requests_of(*, participant: Participant) -> tuple[QuerySet[MeetingRequest], QuerySet[MeetingRequest]]:
    """(received, made), newest first."""
    base = MeetingRequest.objects.select_related(
        "requester__organization", "recipient__organization", "scenario", "solution", "redirected_to__organization"
    )
    return base.filter(recipient=participant), base.filter(requester=participant)


@dataclass(frozen=True)
class Proposal:
    """A participant of the other side worth asking for a meeting, best match first."""

    participant: Participant
    score: float
    reasons: list
    scenario: Scenario | None
    solution: Solution | None


def suggested_meetings(*, participant: Participant, limit: int = 10) -> list[Proposal]:
    """Accepted participants of the other side, ranked by the best matching suggestion between the two
    organisations (with its reasons), without those already asked or asking. Three queries."""
    event = participant.event
    others = {
        p.organization_id: p
        for p in event.participants.filter(status=Participant.Status.ACCEPTED)
        .exclude(side=participant.side)
        .select_related("organization__region")
    }
    asked = set(
        MeetingRequest.objects.filter(requester=participant, status__in=("pending", "accepted")).values_list(
            "recipient_id", flat=True
        )
    ) | set(
        MeetingRequest.objects.filter(recipient=participant, status__in=("pending", "accepted")).values_list(
            "requester_id", flat=True
        )
    )
    suggestions = Suggestion.objects.public().select_related("scenario", "solution")
    if participant.side == Participant.Side.DEMAND:
        suggestions = suggestions.filter(scenario__owner=participant.organization, solution__owner_id__in=list(others))
        key = "solution__owner_id"
    else:
        suggestions = suggestions.filter(solution__owner=participant.organization, scenario__owner_id__in=list(others))
        key = "scenario__owner_id"
    best: dict[int, Suggestion] = {}
    for suggestion in suggestions.order_by("-score", "pk"):
        org_id = suggestion.solution.owner_id if key == "solution__owner_id" else suggestion.scenario.owner_id
        best.setdefault(org_id, suggestion)
    out = []
    for org_id, other in others.items():
        if other.pk in asked:
            continue
        s = best.get(org_id)
        out.append(
            Proposal(
                participant=other,
                score=float(s.score) if s else 0.0,
                reasons=list(s.reasons or []) if s else [],
                scenario=s.scenario if s else None,
                solution=s.solution if s else None,
            )
        )
    out.sort(key=lambda p: (-p.score, p.participant.organization.name_zh))
    return out[:limit]


def meetings_of(*, participant: Participant, include_cancelled: bool = False) -> QuerySet[Meeting]:
    queryset = Meeting.objects.filter(
        Q(request__requester=participant) | Q(request__recipient=participant)
    ).select_related(
        "slot",
        "room",
        "request__requester__organization",
        "request__recipient__organization",
        "request__scenario",
        "request__solution",
        "event",
    )
    if not include_cancelled:
        queryset = queryset.filter(status=Meeting.Status.SCHEDULED)
    return queryset.order_by("slot__index", "pk")


@dataclass(frozen=True)
class AgendaLine:
    start: dt.datetime
    end: dt.datetime
    kind: str  # "meeting" or "stage"
    title: str
    where: str
    meeting: Meeting | None = None
    other: Participant | None = None


def agenda_of(*, participant: Participant) -> list[AgendaLine]:
    """The participant's meetings and own stage slots in time order (once the schedule is published)."""
    lines = []
    for item in programme_of(event=participant.event).filter(participant=participant):
        lines.append(AgendaLine(item.slot.start, item.slot.end, "stage", item.title, participant.event.venue))
    if participant.event.scheduled_at is not None:
        for m in meetings_of(participant=participant):
            other = m.request.recipient if m.request.requester_id == participant.pk else m.request.requester
            lines.append(
                AgendaLine(m.slot.start, m.slot.end, "meeting", other.organization.name, m.table_label, m, other)
            )
    return sorted(lines, key=lambda line: (line.start, line.kind))


def outcomes_by_meeting(*, meetings) -> dict[int, dict[int, MeetingOutcome]]:
    out: dict[int, dict[int, MeetingOutcome]] = defaultdict(dict)
    for o in MeetingOutcome.objects.filter(meeting__in=list(meetings)):
        out[o.meeting_id][o.participant_id] = o
    return out


def event_meetings(*, event: Event) -> QuerySet[Meeting]:
    """Call only after ``fairs.read_event_participants``."""
    return event.meetings.select_related(
        "slot", "room", "request__requester__organization", "request__recipient__organization"
    ).order_by("slot__index", "room__position", "table", "pk")


def participant_for_feed(*, token: str) -> Participant:
    return Participant.objects.select_related("event", "organization").get(
        feed_token=token, status=Participant.Status.ACCEPTED
    )


def events_for_request(*, user, organization: Organization) -> list[tuple[Event, Participant, Participant]]:
    """Events open for requests where one of the user's organisations (acting as editor) and ``organization``
    are both accepted participants: (event, mine, theirs)."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine_ids = affiliations_of(user).organization_ids(editors=True, verified=True)
    if not mine_ids:
        return []
    now = timezone.now()
    theirs = {
        p.event_id: p
        for p in Participant.objects.filter(
            organization=organization,
            status=Participant.Status.ACCEPTED,
            event__status=Event.Status.OPEN,
            event__requests_close__gt=now,
        )
    }
    out = []
    for p in Participant.objects.filter(
        event_id__in=list(theirs), organization_id__in=mine_ids, status=Participant.Status.ACCEPTED
    ).select_related("event", "organization"):
        if p.side != theirs[p.event_id].side:
            out.append((p.event, p, theirs[p.event_id]))
    return out


def results_by_zone(*, event: Event | None = None) -> dict[tuple[str, str], list[int]]:
    """Meetings held (scheduled, slot started) and signed intentions (either side recorded one) per (county
    zone, other side's zone), with the largest intended value per meeting summed, in CNY."""
    meetings = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, slot__start__lte=timezone.now())
    if event is not None:
        meetings = meetings.filter(event=event)
    rows = meetings.values_list(
        "pk",
        "request__requester__side",
        "request__requester__organization__region__zone",
        "request__recipient__organization__region__zone",
    )
    intentions: dict[int, int] = {}
    for meeting_id, value in MeetingOutcome.objects.filter(
        meeting__in=meetings, outcome=MeetingOutcome.Outcome.INTENTION
    ).values_list("meeting_id", "value"):
        intentions[meeting_id] = max(intentions.get(meeting_id, 0), value or 0)
    out: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for pk, requester_side, requester_zone, recipient_zone in rows:
        county_zone, other_zone = (
            (requester_zone, recipient_zone) if requester_side == "demand" else (recipient_zone, requester_zone)
        )
        cell = out[(county_zone, other_zone)]
        cell[0] += 1
        if pk in intentions:
            cell[1] += 1
            cell[2] += intentions[pk]
    return dict(out)


def _acting_ids(user) -> tuple[list[int], bool]:
    facts = affiliations_of(user)
    return list(facts.organization_ids()), facts.is_overseer


def participants_visible_to(*, user) -> QuerySet[Participant]:
    """Participations of the user's organisations and of events they organise (everything for overseers)."""
    ids, overseer = _acting_ids(user)
    queryset = Participant.objects.select_related("organization", "event").prefetch_related("attendees")
    if overseer:
        return queryset
    return queryset.filter(Q(organization_id__in=ids) | Q(event__organiser_id__in=ids))


def requests_visible_to(*, user) -> QuerySet[MeetingRequest]:
    """Requests made or received by the user's organisations, and those of events they organise."""
    ids, overseer = _acting_ids(user)
    queryset = MeetingRequest.objects.select_related(
        "event", "requester__organization", "recipient__organization", "redirected_to"
    )
    if overseer:
        return queryset
    return queryset.filter(
        Q(requester__organization_id__in=ids) | Q(recipient__organization_id__in=ids) | Q(event__organiser_id__in=ids)
    )


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    ids, overseer = _acting_ids(user)
    queryset = Meeting.objects.select_related(
        "event", "slot", "room", "request__requester__organization", "request__recipient__organization"
    ).prefetch_related("outcomes")
    if overseer:
        return queryset
    return queryset.filter(
        Q(request__requester__organization_id__in=ids)
        | Q(request__recipient__organization_id__in=ids)
        | Q(event__organiser_id__in=ids)
    )
