"""Pages of fairs and release events. One view, one purpose: each action posts to its own small view, which
calls one service and goes back to the page it came from. Outsiders get 404, read-only members 403."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.models import Scenario, Solution
from catalog.selectors import scenario_detail, solution_detail
from core.forms import add_service_errors
from core.service_messages import errors_flashed, flash_errors
from core.views import found_or_404
from directory.models import Organization, Region
from directory.permissions import publishing_organizations
from fairs import ical, pdf, selectors, services
from fairs.forms import AnswerForm, EventForm, MoveForm, OutcomeForm, RegisterForm, RequestForm
from fairs.models import Event, Meeting, MeetingRequest, Participant, ScheduleRun
from fairs.permissions import ORGANISER_KINDS, PARTICIPANT_KINDS
from fairs.services import SHANGHAI

_DENIED = gettext_lazy("You may not do this.")


def _errors(request, exc: ValidationError | PermissionDenied) -> None:
    flash_errors(request, exc, denied=_DENIED)


def _reported(request):
    """``with _reported(request):`` a service's refusal or validation errors become messages on the page."""
    return errors_flashed(request, denied=_DENIED)


def _event(request, pk: int) -> Event:
    return found_or_404(selectors.event_detail, user=request.user, pk=pk)


def _participant(request, pk: int) -> Participant:
    return found_or_404(selectors.participant_detail, user=request.user, pk=pk)


def _managed_event(request, pk: int) -> Event:
    event = _event(request, pk)
    if not request.user.has_perm("fairs.read_event_participants", event):
        raise Http404
    return event


def event_list(request):
    events = selectors.events_visible_to(user=request.user).order_by("-date", "-pk")
    can_create = (
        bool(publishing_organizations(request.user, kinds=list(ORGANISER_KINDS)))
        if request.user.is_authenticated
        else False
    )
    return render(request, "fairs/event_list.html", {"events": events, "can_create": can_create})


def event_detail(request, pk: int):
    event = _event(request, pk)
    mine = selectors.my_participations(user=request.user, event=event) if request.user.is_authenticated else []
    return render(
        request,
        "fairs/event_detail.html",
        {
            "event": event,
            "programme": selectors.programme_of(event=event),
            "mine": mine,
            "can_register": request.user.has_perm("fairs.register_for", event)
            and event.registration_open()
            and not mine,
            "can_manage": request.user.has_perm("fairs.read_event_participants", event),
            "slots": event.slots.all(),
        },
    )


@login_required
def event_create(request):
    organisers = publishing_organizations(request.user, kinds=list(ORGANISER_KINDS))
    if not organisers:
        raise PermissionDenied(_("Only provincial, city and county offices organise fairs."))
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rooms = data.pop("rooms")
        data["breaks"] = data.pop("breaks_text")
        try:
            event = services.event_create(actor=request.user, organiser=organisers[0], rooms=rooms, **data)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
            else:
                _errors(request, exc)
        else:
            messages.success(request, _("The event is saved as a draft."))
            return redirect("fairs:event-manage", pk=event.pk)
    return render(request, "fairs/event_form.html", {"form": form, "organiser": organisers[0]})


@login_required
def event_manage(request, pk: int):
    event = _managed_event(request, pk)
    meetings = list(selectors.event_meetings(event=event))
    return render(
        request,
        "fairs/event_manage.html",
        {
            "event": event,
            "participants": selectors.participants_of(event=event),
            "meetings": meetings,
            "last_run": ScheduleRun.objects.filter(event=event).first(),
            "can_act": request.user.has_perm("fairs.manage_event", event),
            "move_form": MoveForm(event=event),
            "requests_count": event.requests.filter(status=MeetingRequest.Status.ACCEPTED).count(),
            "results": _zone_rows(selectors.results_by_zone(event=event)),
        },
    )


def _zone_rows(results):
    labels = dict(Region.Zone.choices)
    return [
        {"county": labels.get(a, a), "other": labels.get(b, b), "meetings": v[0], "intentions": v[1], "value": v[2]}
        for (a, b), v in sorted(results.items())
    ]


def _organiser_action(load: Callable[[HttpRequest, int], Any], event_id: Callable[[Any], int]):
    """An organiser's POST about the object ``load(request, pk)`` finds (outsiders: 404): the view's body calls
    the services; a refusal or validation errors become messages (``_reported``); the answer is the event's
    manage page (``event_id(object)``)."""

    def decorate(view):
        @require_POST
        @login_required
        @functools.wraps(view)
        def action(request, pk: int, **kwargs):
            target = load(request, pk)
            with _reported(request):
                view(request, target, **kwargs)
            return redirect("fairs:event-manage", pk=event_id(target))

        return action

    return decorate


@_organiser_action(_managed_event, attrgetter("pk"))
def event_publish(request, event: Event) -> None:
    services.event_publish(actor=request.user, event=event)
    messages.success(request, _("The event is published."))


@_organiser_action(_managed_event, attrgetter("pk"))
def schedule_run(request, event: Event) -> None:
    run = services.schedule_run(actor=request.user, event=event)
    messages.success(
        request,
        _("Scheduled %(n)d of %(total)d accepted requests (%(method)s, gap %(gap).2f %%, %(s).1f s).")
        % {
            "n": run.scheduled,
            "total": run.requests,
            "method": run.method,
            "gap": 100 * (run.gap or 0),
            "s": run.solve_s,
        },
    )


@_organiser_action(_participant, attrgetter("event_id"))
def participant_decide(request, participant: Participant) -> None:
    if request.POST.get("action") == "check_in":
        services.participant_check_in(actor=request.user, participant=participant)
    else:
        services.participant_decide(
            actor=request.user, participant=participant, accept=request.POST.get("action") == "accept"
        )


def _meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "event", "slot", "request__requester__organization", "request__recipient__organization"
        ),
        pk=pk,
    )
    if not request.user.has_perm("fairs.read_meeting", meeting):
        raise Http404
    return meeting


@_organiser_action(_meeting, attrgetter("event_id"))
def meeting_change(request, meeting: Meeting, action: str) -> None:
    if action == "pin":
        services.meeting_pin(actor=request.user, meeting=meeting, pinned=not meeting.pinned)
    elif action == "cancel":
        services.meeting_cancel(actor=request.user, meeting=meeting)
    elif action == "move":
        form = MoveForm(request.POST, event=meeting.event)
        if not form.is_valid():
            raise ValidationError(_("Choose a slot of this event."))
        services.meeting_move(actor=request.user, meeting=meeting, slot=form.cleaned_data["slot"])
    else:
        raise Http404
    messages.success(request, _("The meeting is updated; both sides are notified."))


@login_required
def register(request, pk: int):
    event = _event(request, pk)
    if not request.user.has_perm("fairs.register_for", event):
        raise PermissionDenied(_("Only editors of verified county offices, firms and training providers register."))
    organizations = Organization.objects.filter(
        pk__in=[o.pk for o in publishing_organizations(request.user, kinds=list(PARTICIPANT_KINDS))]
    )
    form = RegisterForm(
        request.POST or None,
        organizations=organizations,
        initial={"max_meetings": event.max_meetings_default, "organization": organizations.first()},
    )
    if request.method == "POST" and form.is_valid():
        windows = []
        start, end = form.cleaned_data.get("available_from"), form.cleaned_data.get("available_until")
        if start or end:
            for day in range(event.days):
                date = event.date + dt.timedelta(days=day)
                windows.append(
                    (
                        dt.datetime.combine(date, start or event.day_start, tzinfo=SHANGHAI),
                        dt.datetime.combine(date, end or event.day_end, tzinfo=SHANGHAI),
                    )
                )
        with _reported(request):
            participant = services.participant_register(
                actor=request.user,
                event=event,
                organization=form.cleaned_data["organization"],
                attendees=form.attendee_rows(),
                windows=windows,
                max_meetings=form.cleaned_data["max_meetings"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Registered. The organiser will accept or decline your registration."))
            return redirect("fairs:participant", pk=participant.pk)
    return render(request, "fairs/register.html", {"event": event, "form": form})


@login_required
def participant_page(request, pk: int):
    participant = _participant(request, pk)
    received, made = selectors.requests_of(participant=participant)
    can_act = request.user.has_perm("fairs.act_for_participant", participant)
    others = (
        participant.event.participants.filter(status=Participant.Status.ACCEPTED, side=participant.side)
        .exclude(pk=participant.pk)
        .select_related("organization")
    )
    meetings = list(selectors.meetings_of(participant=participant)) if participant.event.scheduled_at else []
    outcomes = selectors.outcomes_by_meeting(meetings=meetings)
    now = timezone.now()
    return render(
        request,
        "fairs/participant.html",
        {
            "participant": participant,
            "event": participant.event,
            "received": received,
            "made": made,
            "can_act": can_act,
            "suggested": selectors.suggested_meetings(participant=participant)
            if participant.is_accepted and participant.event.requests_open()
            else [],
            "answer_form": AnswerForm(others=others),
            "meetings": [
                {
                    "meeting": m,
                    "mine": outcomes.get(m.pk, {}).get(participant.pk),
                    "started": m.slot.start <= now,
                }
                for m in meetings
            ],
            "outcome_form": OutcomeForm(),
            "feed_url": request.build_absolute_uri(reverse("fairs:feed", args=[participant.feed_token])),
        },
    )


@login_required
def request_new(request, pk: int):
    """The request form of a participant (``pk``); ``?recipient=`` preselects the other side, ``?scenario=``
    or ``?solution=`` names what the meeting is about."""
    participant = _participant(request, pk)
    if not request.user.has_perm("fairs.act_for_participant", participant):
        raise PermissionDenied(_("Only the participant's admins and editors request meetings."))
    recipients = (
        participant.event.participants.filter(status=Participant.Status.ACCEPTED)
        .exclude(side=participant.side)
        .select_related("organization")
    )
    scenario = _visible_scenario(request, request.GET.get("scenario") or request.POST.get("scenario"))
    solution = _visible_solution(request, request.GET.get("solution") or request.POST.get("solution"))
    form = RequestForm(
        request.POST or None,
        recipients=recipients,
        initial={"recipient": request.GET.get("recipient")},
    )
    if request.method == "POST" and form.is_valid():
        with _reported(request):
            services.request_create(
                actor=request.user, requester=participant, scenario=scenario, solution=solution, **form.cleaned_data
            )
            messages.success(request, _("Your meeting request is sent."))
            return redirect("fairs:participant", pk=participant.pk)
    return render(
        request,
        "fairs/request_form.html",
        {
            "participant": participant,
            "event": participant.event,
            "form": form,
            "scenario": scenario,
            "solution": solution,
        },
    )


def _visible(detail, request, raw):
    """The scenario or solution (``detail`` is its selector) of a query parameter, if the user may see it."""
    if not raw or not str(raw).isdigit():
        return None
    try:
        return detail(user=request.user, pk=int(raw))
    except ObjectDoesNotExist:
        return None


def _visible_scenario(request, raw) -> Scenario | None:
    return _visible(scenario_detail, request, raw)


def _visible_solution(request, raw) -> Solution | None:
    return _visible(solution_detail, request, raw)


@login_required
def request_start(request):
    """From a scenario or solution page: the events where the user's organisation and the owner both take part;
    one event goes straight to the request form."""
    scenario = _visible_scenario(request, request.GET.get("scenario"))
    solution = _visible_solution(request, request.GET.get("solution"))
    target = scenario.owner if scenario else solution.owner if solution else None
    if target is None:
        raise Http404
    options = selectors.events_for_request(user=request.user, organization=target)
    query = f"scenario={scenario.pk}" if scenario else f"solution={solution.pk}"
    if len(options) == 1:
        _, mine, theirs = options[0]
        return redirect(f"{reverse('fairs:request-new', args=[mine.pk])}?recipient={theirs.pk}&{query}")
    return render(request, "fairs/request_start.html", {"options": options, "query": query, "target": target})


@require_POST
@login_required
def request_answer(request, pk: int):
    meeting_request = get_object_or_404(
        MeetingRequest.objects.select_related("event", "requester__organization", "recipient__organization"), pk=pk
    )
    if not request.user.has_perm("fairs.read_request", meeting_request):
        raise Http404
    others = meeting_request.event.participants.all()
    form = AnswerForm(request.POST, others=others)
    if not form.is_valid():
        messages.error(request, _("Accept, decline or propose another participant."))
    else:
        with _reported(request):
            services.request_answer(actor=request.user, request=meeting_request, **form.cleaned_data)
            messages.success(request, _("Your answer is sent."))
    return redirect("fairs:participant", pk=meeting_request.recipient_id)


@require_POST
@login_required
def outcome_record(request, pk: int, participant_pk: int):
    meeting = _meeting(request, pk)
    participant = _participant(request, participant_pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        with _reported(request):
            services.outcome_record(actor=request.user, meeting=meeting, participant=participant, **form.cleaned_data)
            messages.success(request, _("The outcome is recorded."))
    return redirect("fairs:participant", pk=participant.pk)


@login_required
def agenda(request, pk: int):
    participant = _participant(request, pk)
    return render(
        request,
        "fairs/agenda.html",
        {"participant": participant, "event": participant.event, "lines": selectors.agenda_of(participant=participant)},
    )


@login_required
def agenda_pdf(request, pk: int):
    participant = _participant(request, pk)
    body = pdf.agenda_pdf(participant=participant, lines=selectors.agenda_of(participant=participant))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{participant.pk}.pdf"'
    return response


def feed(request, token: str):
    """Private: the token in the URL is the only credential, so calendar apps can subscribe."""
    participant = found_or_404(selectors.participant_for_feed, token=token)
    meetings = selectors.meetings_of(participant=participant, include_cancelled=True)
    if participant.event.scheduled_at is None:
        meetings = meetings.none()
    body = ical.build_calendar(
        participant=participant, meetings=meetings, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="fair-{participant.event_id}.ics"'
    return response


@login_required
def room_overview(request, pk: int):
    event = _managed_event(request, pk)
    meetings = selectors.event_meetings(event=event).filter(status=Meeting.Status.SCHEDULED)
    places = [(room, t) for room in event.rooms.all() for t in range(1, room.tables + 1)]
    grid = {(m.slot_id, m.room_id, m.table): m for m in meetings}
    rows = [
        {"slot": slot, "cells": [grid.get((slot.pk, room.pk, t)) for room, t in places]} for slot in event.slots.all()
    ]
    return render(request, "fairs/room_overview.html", {"event": event, "places": places, "rows": rows})


@login_required
def table_cards(request, pk: int):
    event = _managed_event(request, pk)
    meetings = selectors.event_meetings(event=event).filter(status=Meeting.Status.SCHEDULED)
    cards: dict[tuple, list[Meeting]] = {}
    for m in meetings:
        cards.setdefault((m.room.name if m.room else "", m.table), []).append(m)
    return render(request, "fairs/table_cards.html", {"event": event, "cards": sorted(cards.items())})
