"""Events, registration, requests, scheduling, meeting changes and outcomes: each rule with its refusal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from core.models import Notification
from fairs import services
from fairs.models import Meeting, MeetingOutcome, MeetingRequest, Participant, ProgrammeItem
from matching.models import Suggestion, SuggestionFeedback
from tests.fairs.conftest import make_event

pytestmark = pytest.mark.django_db


def test_slots_skip_the_break(event):
    times = [timezone.localtime(s.start).strftime("%H:%M") for s in event.slots.all()]
    assert times == ["09:00", "09:30", "10:00", "11:00", "11:30"]


def test_only_offices_organise(dave, firm):
    with pytest.raises(PermissionDenied):
        make_event(dave, firm)


def test_requests_must_close_before_the_event(pat, province):
    with pytest.raises(ValidationError) as info:
        make_event(pat, province, requests_close=timezone.now() + dt.timedelta(days=30))
    assert "Requests must close before the event starts" in str(info.value)


def test_registration_needs_an_attendee(event, dave, firm):
    with pytest.raises(ValidationError, match="Name at least one attendee"):
        services.participant_register(actor=dave, event=event, organization=firm, attendees=[("  ", "")])
    assert Participant.objects.count() == 0


def test_a_viewer_cannot_register(event, bob, county):
    with pytest.raises(PermissionDenied):
        services.participant_register(actor=bob, event=event, organization=county, attendees=[("Bob", "")])


def test_request_takes_its_score_and_reasons_from_the_suggestion(sides, dave, pair):
    county, company = sides
    request = services.request_create(actor=dave, requester=company, recipient=county, purpose="演示会诊平台")
    assert (request.score, request.scenario, request.solution) == (0.8, pair[0], pair[1])
    assert request.reasons == Suggestion.objects.get().reasons != []
    assert Notification.objects.filter(user__username="charlie", kind="fairs_request").count() == 1


def test_request_refusals(sides, dave, charlie, event):
    county, company = sides
    with pytest.raises(ValidationError, match="Say in a sentence"):
        services.request_create(actor=dave, requester=company, recipient=county, purpose=" ")
    services.request_create(actor=dave, requester=company, recipient=county, purpose="洽谈")
    with pytest.raises(ValidationError, match="already open"):
        services.request_create(actor=charlie, requester=county, recipient=company, purpose="再谈")
    with pytest.raises(PermissionDenied):
        services.request_create(actor=charlie, requester=company, recipient=county, purpose="冒名")


def test_same_side_cannot_meet(sides, event, alice, county, pat, dave):
    mine = services.participant_register(actor=alice, event=event, organization=county, attendees=[("Alice", "")])
    services.participant_decide(actor=pat, participant=mine, accept=True)
    mine.refresh_from_db()
    with pytest.raises(ValidationError, match="county office with a firm"):
        services.request_create(actor=alice, requester=mine, recipient=sides[0], purpose="同类")


def test_unanswered_requests_expire_when_requests_close(sides, dave, event):
    county, company = sides
    request = services.request_create(actor=dave, requester=company, recipient=county, purpose="洽谈")
    assert services.expire_requests(event=event) == 0
    assert services.expire_requests(event=event, now=event.requests_close) == 1
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.EXPIRED


def test_redirect_opens_a_request_to_the_proposed_participant(sides, dave, charlie, alice, county, pat, event):
    other = services.participant_register(actor=alice, event=event, organization=county, attendees=[("Alice", "")])
    services.participant_decide(actor=pat, participant=other, accept=True)
    other.refresh_from_db()
    request = services.request_create(actor=dave, requester=sides[1], recipient=sides[0], purpose="洽谈")
    services.request_answer(actor=charlie, request=request, answer="redirect", redirect_to=other)
    assert MeetingRequest.objects.get(recipient=other).status == MeetingRequest.Status.PENDING


def test_a_redirected_request_is_about_the_requester_and_the_proposed_participant(
    api_as, sides, dave, charlie, alice, county, pat, event, pair
):
    """The request a redirect opens is what the requester would have got asking the proposed county directly:
    the firm's solution kept, the first county's scenario and its match score left behind."""
    other = services.participant_register(actor=alice, event=event, organization=county, attendees=[("Alice", "")])
    services.participant_decide(actor=pat, participant=other, accept=True)
    other.refresh_from_db()
    request = services.request_create(actor=dave, requester=sides[1], recipient=sides[0], purpose="洽谈")
    assert (request.scenario, request.solution, request.score) == (*pair, 0.8)

    services.request_answer(actor=charlie, request=request, answer="redirect", redirect_to=other)

    (row,) = [r for r in api_as(alice).get("/api/v1/meeting-requests/").json()["results"] if r["recipient"] == other.pk]
    assert (row["scenario"], row["solution"], row["score"], row["reasons"]) == (None, pair[1].pk, 0.3, [])


def test_a_redirect_opens_no_second_request_between_the_same_two(sides, dave, charlie, alice, county, pat, event):
    """As asking directly is refused while a request between the two is open, in either direction."""
    other = services.participant_register(actor=alice, event=event, organization=county, attendees=[("Alice", "")])
    services.participant_decide(actor=pat, participant=other, accept=True)
    other.refresh_from_db()
    services.request_create(actor=alice, requester=other, recipient=sides[1], purpose="先谈")
    request = services.request_create(actor=dave, requester=sides[1], recipient=sides[0], purpose="洽谈")

    services.request_answer(actor=charlie, request=request, answer="redirect", redirect_to=other)

    between = MeetingRequest.objects.filter(requester__in=[other, sides[1]], recipient__in=[other, sides[1]])
    assert list(between.values_list("purpose", "status")) == [("先谈", "pending")]


def _scheduled(sides, dave, charlie, pat, event):
    county, company = sides
    request = services.request_create(actor=dave, requester=company, recipient=county, purpose="洽谈")
    services.request_answer(actor=charlie, request=request, answer="accept")
    run = services.schedule_run(actor=pat, event=event)
    return run, Meeting.objects.get(request=request)


def test_scheduler_places_accepted_requests_and_notifies_both(sides, dave, charlie, pat, event, pair):
    run, meeting = _scheduled(sides, dave, charlie, pat, event)
    assert (run.scheduled, run.requests, run.method) == (1, 1, "exact")
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.room.name == "A厅" and meeting.table == 1
    assert Notification.objects.filter(kind="fairs_meeting").values_list("user__username", flat=True).count() == 2


def test_no_meeting_during_own_roadshow_slot(sides, dave, charlie, pat, event):
    first = event.slots.get(index=0)
    services.programme_add(
        actor=pat, event=event, slot=first, kind=ProgrammeItem.Kind.RELEASE, title="发布", participant=sides[0]
    )
    _run, meeting = _scheduled(sides, dave, charlie, pat, event)
    assert meeting.slot.index != 0


def test_rerun_keeps_the_meeting_and_a_move_is_pinned(sides, dave, charlie, pat, event):
    _run, meeting = _scheduled(sides, dave, charlie, pat, event)
    again = services.schedule_run(actor=pat, event=event)
    assert (again.moved, again.dropped) == (0, 0)
    target = event.slots.exclude(pk=meeting.slot_id).last()
    services.meeting_move(actor=pat, meeting=meeting, slot=target)
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.pinned, meeting.sequence) == (target, True, 1)
    services.schedule_run(actor=pat, event=event)
    meeting.refresh_from_db()
    assert meeting.slot == target


def test_only_the_organiser_changes_the_schedule(sides, dave, charlie, pat, event):
    _run, meeting = _scheduled(sides, dave, charlie, pat, event)
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(actor=dave, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.schedule_run(actor=dave, event=event)


def test_outcome_waits_for_the_meeting_and_feeds_matching(sides, dave, charlie, pat, event, pair):
    _run, meeting = _scheduled(sides, dave, charlie, pat, event)
    county, company = sides
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.outcome_record(actor=dave, meeting=meeting, participant=company, outcome="follow_up")
    with time_machine.travel(meeting.slot.end, tick=False):
        services.outcome_record(actor=dave, meeting=meeting, participant=company, outcome="intention", value=1_200_000)
        services.outcome_record(actor=charlie, meeting=meeting, participant=county, outcome="no_fit")
        with pytest.raises(ValidationError, match="only with a signed intention"):
            services.outcome_record(actor=charlie, meeting=meeting, participant=county, outcome="no_fit", value=5)
        with pytest.raises(PermissionDenied):
            services.outcome_record(actor=charlie, meeting=meeting, participant=company, outcome="no_fit")
    assert MeetingOutcome.objects.get(participant=company).value == 1_200_000
    verdicts = dict(SuggestionFeedback.objects.values_list("side", "verdict"))
    assert verdicts == {"solution": "confirm", "scenario": "dismiss"}


def test_fair_notifications_are_codes_read_in_each_readers_language(sides, dave, charlie):
    county, company = sides
    with translation.override("zh-hans"):
        request = services.request_create(actor=dave, requester=company, recipient=county, purpose="洽谈")
        services.request_answer(actor=charlie, request=request, answer="accept")
    asked = Notification.objects.get(user__username="charlie", kind="fairs_request")
    answered = Notification.objects.get(user__username="dave", kind="fairs_request")
    assert (asked.code, answered.code) == ("fairs.request_new", "fairs.request_answered")
    assert answered.params["status"] == "accepted" and asked.body == "洽谈"  # typed text kept as typed
    with translation.override("en"):
        assert answered.display_title.endswith("answered your meeting request: accepted")
    with translation.override("zh-hans"):
        assert "answered your meeting request" not in answered.display_title
