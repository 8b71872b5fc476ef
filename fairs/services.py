"""Writes of the fairs app: events, registration, meeting requests, scheduling, meetings and outcomes.

Every function checks who may act (``PermissionDenied``; the views answer 403, or 404 where the object is not
even visible) and the business rules (``ValidationError`` with a message a user understands); nothing is saved
partially. Every change to a meeting notifies both sides through core's notification centre.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Scenario, Solution
from core import notifications
from core.notification_text import Message
from directory.models import Organization, User
from directory.selectors import editors_of
from fairs import notifications as messages
from fairs import scheduler
from fairs.models import (
    Attendee,
    Availability,
    Event,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Participant,
    ProgrammeItem,
    Room,
    ScheduleRun,
    Slot,
)
from fairs.permissions import PARTICIPANT_KINDS
from matching.models import Suggestion, SuggestionFeedback
from matching.services import feedback_from_meeting

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_SCORE = 0.3  # a request with no matching suggestion behind it
R = MeetingRequest.Status
KIND_PARTICIPATION = "fairs_participation"
KIND_REQUEST = "fairs_request"
KIND_MEETING = "fairs_meeting"


def _deny(message: str | None = None) -> PermissionDenied:
    return PermissionDenied(message or _("You may not do this."))


def _require(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise _deny()


def _notify(
    organizations: Iterable[Organization], *, kind: str, message: Message, params: dict, url: str, body: str = ""
) -> None:
    users = [user for organization in organizations for user in editors_of(organization)]
    users = list({user.pk: user for user in users}.values())
    if users:
        notifications.notify(users=users, kind=kind, message=message, params=params, body=body, url=url)


def side_of(organization: Organization) -> str:
    return Participant.Side.DEMAND if organization.kind == Organization.Kind.COUNTY_OFFICE else Participant.Side.SUPPLY


# ---------------------------------------------------------------- events


def _parse_time(value: str | dt.time, field: str) -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: [_("Enter times as HH:MM.")]}) from None


# The fields of an event that fix its meeting slots and deadlines (``slot_times``, ``_check_event``), in the order
# the organiser's form and the API show them.
TIMETABLE_FIELDS = (
    "date",
    "days",
    "day_start",
    "day_end",
    "slot_minutes",
    "registration_opens",
    "registration_closes",
    "requests_close",
)


def slot_times(event: Event) -> list[tuple[dt.datetime, dt.datetime]]:
    """The meeting slots of the event's days, in order, skipping breaks (aware, Asia/Shanghai)."""
    if not isinstance(event.breaks, list):
        raise ValidationError({"breaks": [_("Breaks are a list of [start, end] pairs.")]})
    breaks = []
    for pair in event.breaks:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValidationError({"breaks": [_("Breaks are a list of [start, end] pairs.")]})
        start, end = _parse_time(pair[0], "breaks"), _parse_time(pair[1], "breaks")
        if start >= end:
            raise ValidationError({"breaks": [_("A break must end after it starts.")]})
        breaks.append((start, end))
    length = dt.timedelta(minutes=event.slot_minutes)
    out = []
    for day in range(event.days):
        date = event.date + dt.timedelta(days=day)
        at = dt.datetime.combine(date, _parse_time(event.day_start, "day_start"), tzinfo=SHANGHAI)
        end_of_day = dt.datetime.combine(date, _parse_time(event.day_end, "day_end"), tzinfo=SHANGHAI)
        while at + length <= end_of_day:
            clash = next(
                (
                    b
                    for b in breaks
                    if at < dt.datetime.combine(date, b[1], tzinfo=SHANGHAI)
                    and dt.datetime.combine(date, b[0], tzinfo=SHANGHAI) < at + length
                ),
                None,
            )
            if clash:
                at = max(at + dt.timedelta(minutes=1), dt.datetime.combine(date, clash[1], tzinfo=SHANGHAI))
                continue
            out.append((at, at + length))
            at += length
    return out


def _check_event(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    if event.registration_opens >= event.registration_closes:
        errors["registration_closes"] = [_("Registration must close after it opens.")]
    start_of_event = dt.datetime.combine(event.date, dt.time.min, tzinfo=SHANGHAI)
    if event.requests_close > start_of_event:
        errors["requests_close"] = [_("Requests must close before the event starts, so the organiser can schedule.")]
    if _parse_time(event.day_start, "day_start") >= _parse_time(event.day_end, "day_end"):
        errors["day_end"] = [_("Meetings must end after they start.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(*, actor: User, organiser: Organization, rooms: Sequence[tuple[str, int]] = (), **fields) -> Event:
    """A draft event with its slots and rooms (``(name, tables)``; one room of ten tables by default)."""
    _require(actor, "fairs.create_event_for", organiser)
    event = Event(organiser=organiser, created_by=actor, **fields)
    event.full_clean(exclude=["organiser"])
    _check_event(event)
    times = slot_times(event)
    if not times:
        raise ValidationError({"slot_minutes": [_("No slot fits between the start and the end of the day.")]})
    event.save()
    Slot.objects.bulk_create(Slot(event=event, index=i, start=a, end=b) for i, (a, b) in enumerate(times))
    for position, (name, tables) in enumerate(rooms or [(_("Main hall"), 10)]):
        if tables < 1:
            raise ValidationError({"rooms": [_("A room needs at least one table.")]})
        Room.objects.create(event=event, name=name, tables=tables, position=position)
    return event


@transaction.atomic
def event_publish(*, actor: User, event: Event) -> Event:
    _require(actor, "fairs.manage_event", event)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft event can be published."))
    event.status = Event.Status.OPEN
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at"])
    return event


@transaction.atomic
def programme_add(
    *,
    actor: User,
    event: Event,
    slot: Slot,
    kind: str,
    title: str,
    participant: Participant | None = None,
    scenario: Scenario | None = None,
    solution: Solution | None = None,
) -> ProgrammeItem:
    """A roadshow slot. Its presenter meets no one during it (the scheduler keeps that slot free)."""
    _require(actor, "fairs.manage_event", event)
    if slot.event_id != event.pk or (participant is not None and participant.event_id != event.pk):
        raise ValidationError(_("The slot and the presenter must belong to this event."))
    if kind not in ProgrammeItem.Kind.values:
        raise ValidationError({"kind": [_("Choose a kind of programme item.")]})
    return ProgrammeItem.objects.create(
        event=event, slot=slot, kind=kind, title=title, participant=participant, scenario=scenario, solution=solution
    )


# ---------------------------------------------------------------- participants


@transaction.atomic
def participant_register(
    *,
    actor: User,
    event: Event,
    organization: Organization,
    attendees: Sequence[tuple[str, str]],
    windows: Sequence[tuple[dt.datetime, dt.datetime]] = (),
    max_meetings: int | None = None,
    note: str = "",
) -> Participant:
    """Register an organisation (county office, firm or training provider) with named attendees, while
    registration is open; the organiser accepts or declines."""
    if not actor.has_perm("fairs.act_for_participant", Participant(organization=organization)):
        raise _deny()
    if organization.kind not in PARTICIPANT_KINDS or not organization.is_verified:
        raise ValidationError(_("Only verified county offices, firms and training providers take part."))
    if not event.registration_open():
        raise ValidationError(_("Registration for this event is not open."))
    names = [(name.strip(), position.strip()) for name, position in attendees if name.strip()]
    if not names:
        raise ValidationError({"attendees": [_("Name at least one attendee.")]})
    maximum = event.max_meetings_default if max_meetings is None else max_meetings
    if not 1 <= maximum <= 40:
        raise ValidationError({"max_meetings": [_("Between 1 and 40 meetings.")]})
    if Participant.objects.filter(event=event, organization=organization).exists():
        raise ValidationError(_("This organisation is already registered for the event."))
    participant = Participant.objects.create(
        event=event, organization=organization, side=side_of(organization), max_meetings=maximum, note=note
    )
    Attendee.objects.bulk_create(
        Attendee(participant=participant, name=name[:100], position=position[:100], user=actor if i == 0 else None)
        for i, (name, position) in enumerate(names)
    )
    availability_set(actor=actor, participant=participant, windows=windows)
    return participant


def availability_set(
    *, actor: User, participant: Participant, windows: Sequence[tuple[dt.datetime, dt.datetime]]
) -> list[Availability]:
    """Replace the participant's availability windows (none: available all day)."""
    _require(actor, "fairs.act_for_participant", participant)
    for start, end in windows:
        if start >= end:
            raise ValidationError({"windows": [_("A window must end after it starts.")]})
    participant.availability.all().delete()
    return Availability.objects.bulk_create(
        Availability(participant=participant, start=start, end=end) for start, end in windows
    )


@transaction.atomic
def participant_decide(*, actor: User, participant: Participant, accept: bool) -> Participant:
    _require(actor, "fairs.decide_participant", participant)
    if participant.status not in (Participant.Status.APPLIED, Participant.Status.ACCEPTED, Participant.Status.DECLINED):
        raise ValidationError(_("This registration was withdrawn."))
    participant.status = Participant.Status.ACCEPTED if accept else Participant.Status.DECLINED
    participant.decided_at = timezone.now()
    participant.save(update_fields=["status", "decided_at"])
    event = participant.event
    _notify(
        [participant.organization],
        kind=KIND_PARTICIPATION,
        message=messages.REGISTRATION_ACCEPTED if accept else messages.REGISTRATION_DECLINED,
        params={"event": event.title_zh},
        url=reverse("fairs:participant", args=[participant.pk]),
    )
    return participant


@transaction.atomic
def participant_check_in(*, actor: User, participant: Participant) -> Participant:
    _require(actor, "fairs.decide_participant", participant)
    if not participant.is_accepted:
        raise ValidationError(_("Only accepted participants check in."))
    if participant.checked_in_at is None:
        participant.checked_in_at = timezone.now()
        participant.save(update_fields=["checked_in_at"])
    return participant


# ---------------------------------------------------------------- requests


def match_for(
    *, requester: Participant, recipient: Participant, scenario: Scenario | None, solution: Solution | None
) -> tuple[Scenario | None, Solution | None, float, list]:
    """The pair a request is about and its match score with reasons: the named pair's suggestion, else the best
    suggestion between the county's scenarios and the firm's solutions; the default score when none exists."""
    county, firm = (requester, recipient) if requester.side == Participant.Side.DEMAND else (recipient, requester)
    candidates = Suggestion.objects.public().filter(
        scenario__owner=county.organization, solution__owner=firm.organization
    )
    if scenario is not None:
        candidates = candidates.filter(scenario=scenario)
    if solution is not None:
        candidates = candidates.filter(solution=solution)
    best = candidates.select_related("scenario", "solution").order_by("-score", "pk").first()
    if best is None:
        return scenario, solution, DEFAULT_SCORE, []
    return best.scenario, best.solution, float(best.score), list(best.reasons or [])


def _open_between(one: Participant, other: Participant) -> bool:
    """A pending or accepted request between the two, in either direction."""
    return MeetingRequest.objects.filter(
        Q(requester=one, recipient=other) | Q(requester=other, recipient=one), status__in=(R.PENDING, R.ACCEPTED)
    ).exists()


@transaction.atomic
def request_create(
    *,
    actor: User,
    requester: Participant,
    recipient: Participant,
    purpose: str,
    scenario: Scenario | None = None,
    solution: Solution | None = None,
    priority: int = MeetingRequest.Priority.NORMAL,
) -> MeetingRequest:
    """Ask the other side for a meeting while requests are open. Both must be accepted participants of the
    same event and on opposite sides (a county office meets firms and training providers); a scenario named is
    the county office's, a solution the other side's."""
    _require(actor, "fairs.act_for_participant", requester)
    event = requester.event
    if recipient.event_id != event.pk:
        raise ValidationError(_("Both must take part in the same event."))
    if not event.has_meetings:
        raise ValidationError(_("This event holds no meetings."))
    if not event.requests_open():
        raise ValidationError(_("Meeting requests for this event are closed."))
    if not (requester.is_accepted and recipient.is_accepted):
        raise ValidationError(_("Both sides must be accepted participants."))
    if requester.side == recipient.side:
        raise ValidationError(_("Meetings join a county office with a firm or training provider."))
    county, firm = (requester, recipient) if requester.side == Participant.Side.DEMAND else (recipient, requester)
    if scenario is not None and scenario.owner_id != county.organization_id:
        raise ValidationError({"scenario": [_("Choose a scenario of the county office in this meeting.")]})
    if solution is not None and solution.owner_id != firm.organization_id:
        raise ValidationError({"solution": [_("Choose a solution of the firm or provider in this meeting.")]})
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": [_("Say in a sentence what the meeting is for.")]})
    if priority not in MeetingRequest.Priority.values:
        raise ValidationError({"priority": [_("Choose a priority.")]})
    if _open_between(requester, recipient):
        raise ValidationError(_("A request between you and this participant is already open."))
    scenario, solution, score, reasons = match_for(
        requester=requester, recipient=recipient, scenario=scenario, solution=solution
    )
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                event=event,
                requester=requester,
                recipient=recipient,
                purpose=purpose[:300],
                scenario=scenario,
                solution=solution,
                score=score,
                reasons=reasons,
                priority=priority,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("A request between you and this participant is already open.")) from None
    _notify(
        [recipient.organization],
        kind=KIND_REQUEST,
        message=messages.REQUEST_NEW,
        params={"org": requester.organization.name_zh, "event": event.title_zh},
        body=purpose,
        url=reverse("fairs:participant", args=[recipient.pk]),
    )
    return request


@transaction.atomic
def request_answer(
    *,
    actor: User,
    request: MeetingRequest,
    answer: str,
    redirect_to: Participant | None = None,
    note: str = "",
) -> MeetingRequest:
    """Accept, decline or propose another participant (``answer`` is ``accept``, ``decline`` or ``redirect``).
    A redirect declines this request and opens one from the requester to the proposed participant."""
    _require(actor, "fairs.answer_request", request)
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    expire_requests(event=request.event)
    request.refresh_from_db()
    if request.status != R.PENDING:
        raise ValidationError(_("This request was already answered or has expired."))
    now = timezone.now()
    if answer == "accept":
        request.status = R.ACCEPTED
    elif answer == "decline":
        request.status = R.DECLINED
    elif answer == "redirect":
        if (
            redirect_to is None
            or redirect_to.event_id != request.event_id
            or redirect_to.pk
            in (
                request.requester_id,
                request.recipient_id,
            )
        ):
            raise ValidationError({"redirect_to": [_("Choose another participant of this event.")]})
        if redirect_to.side != request.recipient.side or not redirect_to.is_accepted:
            raise ValidationError({"redirect_to": [_("Propose an accepted participant on your side.")]})
        request.status = R.REDIRECTED
        request.redirected_to = redirect_to
    else:
        raise ValidationError({"answer": [_("Accept, decline or propose another participant.")]})
    request.answer_note = (note or "")[:300]
    request.answered_by = actor
    request.answered_at = now
    request.save()
    if answer == "redirect" and redirect_to is not None and not _open_between(request.requester, redirect_to):
        # What the requester would get asking the proposed participant directly: the requester's own scenario
        # or solution is kept; the other half, the score and the reasons are those of the new pair.
        scenario, solution, score, reasons = match_for(
            requester=request.requester,
            recipient=redirect_to,
            scenario=request.scenario if request.requester.side == Participant.Side.DEMAND else None,
            solution=request.solution if request.requester.side == Participant.Side.SUPPLY else None,
        )
        MeetingRequest.objects.create(
            event=request.event,
            requester=request.requester,
            recipient=redirect_to,
            purpose=request.purpose,
            scenario=scenario,
            solution=solution,
            score=score,
            reasons=reasons,
            priority=request.priority,
            created_by=actor,
        )
        _notify(
            [redirect_to.organization],
            kind=KIND_REQUEST,
            message=messages.REQUEST_NEW,
            params={"org": request.requester.organization.name_zh, "event": request.event.title_zh},
            body=request.purpose,
            url=reverse("fairs:participant", args=[redirect_to.pk]),
        )
    _notify(
        [request.requester.organization],
        kind=KIND_REQUEST,
        message=messages.REQUEST_ANSWERED,
        params={"org": request.recipient.organization.name_zh, "status": request.status},
        url=reverse("fairs:participant", args=[request.requester_id]),
    )
    return request


@transaction.atomic
def request_withdraw(*, actor: User, request: MeetingRequest) -> MeetingRequest:
    _require(actor, "fairs.withdraw_request", request)
    if request.status not in (R.PENDING, R.ACCEPTED) or hasattr(request, "meeting"):
        raise ValidationError(_("Only an open request without a scheduled meeting can be withdrawn."))
    request.status = R.WITHDRAWN
    request.save(update_fields=["status"])
    return request


def expire_requests(*, event: Event, now: dt.datetime | None = None) -> int:
    """Pending requests left unanswered when requests close expire (idempotent). The number expired."""
    now = now or timezone.now()
    if now < event.requests_close:
        return 0
    return MeetingRequest.objects.filter(event=event, status=R.PENDING).update(status=R.EXPIRED, answered_at=now)


# ---------------------------------------------------------------- scheduling


def _slot_sets(participant: Participant, slots: Sequence[Slot]) -> frozenset[int] | None:
    windows = list(participant.availability.all())
    if not windows:
        return None
    return frozenset(s.index for s in slots if any(w.start <= s.start and s.end <= w.end for w in windows))


def build_problem(event: Event, *, time_limit_s: float = 10.0) -> tuple[scheduler.Problem, dict[int, MeetingRequest]]:
    """The event as the pure scheduler sees it: accepted participants, accepted requests, the previous slot of
    every meeting already scheduled (and whether the organiser pinned it)."""
    slots = list(event.slots.all())
    tables = sum(room.tables for room in event.rooms.all())
    roadshow: dict[int, set[int]] = defaultdict(set)
    for item in event.programme.select_related("slot"):
        if item.participant_id:
            roadshow[item.participant_id].add(item.slot.index)
    participants = []
    for p in (
        event.participants.filter(status=Participant.Status.ACCEPTED)
        .select_related("organization__region")
        .prefetch_related("availability", "attendees")
    ):
        participants.append(
            scheduler.Participant(
                id=p.pk,
                zone=p.organization.region.zone,
                available=_slot_sets(p, slots),
                roadshow=frozenset(roadshow.get(p.pk, ())),
                max_meetings=p.max_meetings,
                # A person with an account is one person wherever registered; others are per attendee row.
                attendees=frozenset(a.user_id if a.user_id else -a.pk for a in p.attendees.all()),
            )
        )
    accepted_ids = {p.id for p in participants}
    requests = {}
    items = []
    for r in (
        event.requests.filter(status=R.ACCEPTED)
        .select_related("meeting__slot", "requester", "recipient")
        .order_by("pk")
    ):
        if r.requester_id not in accepted_ids or r.recipient_id not in accepted_ids:
            continue
        meeting: Meeting | None = getattr(r, "meeting", None)
        live = meeting is not None and meeting.status == Meeting.Status.SCHEDULED
        items.append(
            scheduler.Request(
                id=r.pk,
                a=r.requester_id,
                b=r.recipient_id,
                score=r.score,
                priority=r.priority,
                previous_slot=meeting.slot.index if live and meeting is not None else None,
                pinned=bool(live and meeting is not None and meeting.pinned),
            )
        )
        requests[r.pk] = r
    problem = scheduler.Problem(
        slots=len(slots), tables_per_slot=tables, participants=participants, requests=items, time_limit_s=time_limit_s
    )
    return problem, requests


def _meeting_url(meeting_or_participant_id: int) -> str:
    return reverse("fairs:participant", args=[meeting_or_participant_id])


def _notify_meeting(meeting: Meeting, wording: Message) -> None:
    request = meeting.request
    for mine, other in ((request.requester, request.recipient), (request.recipient, request.requester)):
        params = {"org": other.organization.name_zh, "when": meeting.slot.start, "table": meeting.table_label}
        _notify([mine.organization], kind=KIND_MEETING, message=wording, params=params, url=_meeting_url(mine.pk))


def _assign_tables(event: Event, meetings: list[Meeting]) -> None:
    """Tables per slot: a meeting keeps its table when still free (and still there: a room may have lost tables
    since), the others take the first free ones."""
    rooms = list(event.rooms.all())
    places = [(room, table) for room in rooms for table in range(1, room.tables + 1)]
    existing = {(room.pk, table) for room, table in places}
    by_slot: dict[int, list[Meeting]] = defaultdict(list)
    for m in meetings:
        by_slot[m.slot_id].append(m)
    for group in by_slot.values():
        taken: set[tuple[int | None, int]] = set()
        pending = []
        for m in sorted(group, key=lambda m: (not m.pinned, m.pk or 0)):
            key = (m.room_id, m.table)
            if m.pk and key in existing and key not in taken:
                taken.add(key)
            else:
                pending.append(m)
        free = [(room, t) for room, t in places if (room.pk, t) not in taken]
        for m, (room, t) in zip(pending, free, strict=False):
            m.room, m.table = room, t


@transaction.atomic
def schedule_run(*, actor: User, event: Event, time_limit_s: float = 10.0) -> ScheduleRun:
    """Expire unanswered requests, solve, and apply: new meetings are created, moved ones change slot (their
    iCalendar SEQUENCE rises), dropped ones are cancelled; pinned meetings stay. Each change notifies both
    sides. The schedule is then published to the participants."""
    _require(actor, "fairs.manage_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in (Event.Status.OPEN, Event.Status.SCHEDULED):
        raise ValidationError(_("Only a published event can be scheduled."))
    if not event.has_meetings:
        raise ValidationError(_("This event holds no meetings."))
    expire_requests(event=event, now=max(timezone.now(), event.requests_close))
    problem, requests = build_problem(event, time_limit_s=time_limit_s)
    try:
        solution = scheduler.solve(problem)
    except scheduler.InfeasiblePins:
        raise ValidationError(_("The pinned meetings clash with each other or with availability; unpin one.")) from None
    slots = {s.index: s for s in event.slots.all()}
    chosen = solution.slot_of()
    now = timezone.now()
    existing = {m.request_id: m for m in Meeting.objects.filter(event=event).select_related("slot", "request")}
    changed: list[tuple[Meeting, str]] = []
    live: list[Meeting] = []
    for rid, index in chosen.items():
        meeting = existing.get(rid)
        slot = slots[index]
        if meeting is None:
            meeting = Meeting(event=event, request=requests[rid], slot=slot)
            changed.append((meeting, "new"))
        elif meeting.status != Meeting.Status.SCHEDULED or meeting.slot_id != slot.pk:
            meeting.status = Meeting.Status.SCHEDULED
            meeting.slot = slot
            meeting.sequence += 1
            meeting.changed_at = now
            changed.append((meeting, "moved"))
        live.append(meeting)
    _assign_tables(event, live)
    for meeting in live:
        meeting.save()
    for rid, meeting in existing.items():
        if rid not in chosen and meeting.status == Meeting.Status.SCHEDULED:
            meeting.status = Meeting.Status.CANCELLED
            meeting.sequence += 1
            meeting.changed_at = now
            meeting.save(update_fields=["status", "sequence", "changed_at"])
            changed.append((meeting, "cancelled"))
    wordings = {
        "new": messages.MEETING_SCHEDULED,
        "moved": messages.MEETING_MOVED,
        "cancelled": messages.MEETING_CANCELLED,
    }
    for meeting, what in changed:
        _notify_meeting(meeting, wordings[what])
    event.status = Event.Status.SCHEDULED
    event.scheduled_at = now
    event.save(update_fields=["status", "scheduled_at"])
    return ScheduleRun.objects.create(
        event=event,
        by=actor,
        method=solution.method,
        requests=len(problem.requests),
        scheduled=len(chosen),
        moved=solution.moved,
        dropped=solution.dropped,
        value=solution.value,
        greedy_value=solution.greedy_value,
        bound=solution.bound,
        gap=solution.gap,
        solve_s=solution.solve_s,
    )


@transaction.atomic
def meeting_pin(*, actor: User, meeting: Meeting, pinned: bool) -> Meeting:
    """A pinned meeting keeps its slot when the scheduler runs again."""
    _require(actor, "fairs.adjust_schedule", meeting)
    meeting.pinned = pinned
    meeting.save(update_fields=["pinned"])
    return meeting


@transaction.atomic
def meeting_move(*, actor: User, meeting: Meeting, slot: Slot) -> Meeting:
    """Move a meeting to another slot by hand (it is pinned there). Refused when either side is busy, away or on
    stage then, or no table is free."""
    _require(actor, "fairs.adjust_schedule", meeting)
    if slot.event_id != meeting.event_id:
        raise ValidationError({"slot": [_("Choose a slot of this event.")]})
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("A cancelled meeting cannot be moved."))
    problem, _requests = build_problem(meeting.event)
    others = {
        m.request_id: m.slot.index
        for m in Meeting.objects.filter(event=meeting.event, status=Meeting.Status.SCHEDULED)
        .exclude(pk=meeting.pk)
        .select_related("slot")
    }
    proposed = {**others, meeting.request_id: slot.index}
    mine = [
        v for v in scheduler.violations(problem, proposed) if str(meeting.request_id) in v or f"slot {slot.index}" in v
    ]
    by_id = {p.id: p for p in problem.participants}
    request = next((r for r in problem.requests if r.id == meeting.request_id), None)
    if request is None or slot.index not in scheduler.allowed_slots(
        scheduler.Request(id=request.id, a=request.a, b=request.b), by_id, problem.slots
    ):
        mine.append("availability")
    if mine:
        raise ValidationError(
            {"slot": [_("Not possible: a side is busy, away or on stage then, or no table is free.")]}
        )
    meeting.slot = slot
    meeting.pinned = True
    meeting.sequence += 1
    meeting.changed_at = timezone.now()
    meeting.room = None
    _assign_tables(meeting.event, [meeting, *Meeting.objects.filter(slot=slot, status=Meeting.Status.SCHEDULED)])
    meeting.save()
    _notify_meeting(meeting, messages.MEETING_MOVED)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    _require(actor, "fairs.adjust_schedule", meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting is already cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.pinned = False
    meeting.sequence += 1
    meeting.changed_at = timezone.now()
    meeting.save(update_fields=["status", "pinned", "sequence", "changed_at"])
    # Cancelled by the organiser: the request is closed too, so a re-run does not bring it back.
    MeetingRequest.objects.filter(pk=meeting.request_id).update(status=R.WITHDRAWN)
    _notify_meeting(meeting, messages.MEETING_CANCELLED)
    return meeting


# ---------------------------------------------------------------- outcomes


POSITIVE = (MeetingOutcome.Outcome.FOLLOW_UP, MeetingOutcome.Outcome.INVITED, MeetingOutcome.Outcome.INTENTION)


@transaction.atomic
def outcome_record(
    *,
    actor: User,
    meeting: Meeting,
    participant: Participant,
    outcome: str,
    value: int | None = None,
    note: str = "",
) -> MeetingOutcome:
    """One side's outcome of a meeting that has started (its latest answer wins). It feeds the matching
    feedback for the pair the meeting was about: a positive outcome confirms it, "no fit" dismisses it."""
    _require(actor, "fairs.record_outcome", meeting)
    request = meeting.request
    if participant.pk not in (request.requester_id, request.recipient_id):
        raise ValidationError(_("Record the outcome for your own side of the meeting."))
    if not actor.has_perm("fairs.act_for_participant", participant):
        raise _deny()
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.slot.start > timezone.now():
        raise ValidationError(_("The outcome can be recorded once the meeting has started."))
    if outcome not in MeetingOutcome.Outcome.values:
        raise ValidationError({"outcome": [_("Choose an outcome.")]})
    if value is not None and outcome != MeetingOutcome.Outcome.INTENTION:
        raise ValidationError({"value": [_("A value goes only with a signed intention.")]})
    if value is not None and value < 0:
        raise ValidationError({"value": [_("Enter a value of zero or more.")]})
    record, _created = MeetingOutcome.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        defaults={
            "outcome": outcome,
            "value": value,
            "note": (note or "")[:500],
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    if request.scenario is not None and request.solution is not None:
        side = (
            SuggestionFeedback.Side.SCENARIO
            if participant.side == Participant.Side.DEMAND
            else SuggestionFeedback.Side.SOLUTION
        )
        feedback_from_meeting(
            scenario=request.scenario,
            solution=request.solution,
            side=side,
            user=actor,
            positive=outcome in POSITIVE,
        )
    return record
