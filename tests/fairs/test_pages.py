"""The fairs pages: what each role sees and can do, in English and Chinese; agenda, PDF and iCalendar feed."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from fairs import services
from fairs.models import Event, Meeting, MeetingOutcome, MeetingRequest, ProgrammeItem

pytestmark = pytest.mark.django_db


def test_public_sees_the_programme_but_not_the_participants(client_as, event, sides, pat):
    services.programme_add(
        actor=pat, event=event, slot=event.slots.first(), kind=ProgrammeItem.Kind.RELEASE, title="沭阳县场景发布"
    )
    page = client_as(None).get(reverse("fairs:event-detail", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "沭阳县场景发布" in text and "Programme" in text and "Shuyang" not in text
    assert "沭阳县数据局" not in text  # participants are not public
    assert client_as(None).get(reverse("fairs:event-manage", args=[event.pk])).status_code == 302
    assert client_as(sides and None).get(reverse("fairs:participant", args=[sides[0].pk])).status_code == 302


def test_outsiders_get_404_on_participations_and_the_desk(client_as, event, sides, erin):
    assert client_as(erin).get(reverse("fairs:participant", args=[sides[0].pk])).status_code == 404
    assert client_as(erin).get(reverse("fairs:event-manage", args=[event.pk])).status_code == 404


def test_event_list_in_chinese(client_as, event):
    page = client_as(None).get(reverse("fairs:event-list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "对接会与发布会" in text and "苏南苏北供需对接会" in text


def test_the_scenario_page_offers_a_meeting_when_both_take_part(client_as, sides, dave, pair):
    scenario, _solution = pair
    page = client_as(dave).get(reverse("catalog:scenario-detail", args=[scenario.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Request a meeting" in page.content.decode()
    start = client_as(dave).get(f"{reverse('fairs:request-start')}?scenario={scenario.pk}")
    assert start.status_code == 302
    assert (
        start.url
        == f"{reverse('fairs:request-new', args=[sides[1].pk])}?recipient={sides[0].pk}&scenario={scenario.pk}"
    )


def test_no_button_for_someone_not_taking_part(client_as, sides, erin, pair):
    page = client_as(erin).get(reverse("catalog:scenario-detail", args=[pair[0].pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Request a meeting" not in page.content.decode()


def test_request_answer_schedule_agenda_feed_outcome_through_the_pages(
    client_as, sides, dave, charlie, pat, event, pair
):
    county, company = sides
    scenario, solution = pair
    firm_client, county_client, organiser = client_as(dave), client_as(charlie), client_as(pat)
    sent = firm_client.post(
        f"{reverse('fairs:request-new', args=[company.pk])}?scenario={scenario.pk}",
        {"recipient": county.pk, "purpose": "演示县域远程会诊", "priority": 2, "scenario": scenario.pk},
    )
    assert sent.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.scenario, request.solution, request.priority) == (scenario, solution, 2)
    inbox = county_client.get(reverse("fairs:participant", args=[county.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "演示县域远程会诊" in inbox.content.decode() and "接受" in inbox.content.decode()
    county_client.post(reverse("fairs:request-answer", args=[request.pk]), {"answer": "accept"})
    organiser.post(reverse("fairs:schedule-run", args=[event.pk]))
    meeting = Meeting.objects.get()
    for client, participant in ((firm_client, company), (county_client, county)):
        agenda = client.get(reverse("fairs:agenda", args=[participant.pk]), HTTP_ACCEPT_LANGUAGE="en")
        assert f'data-meeting="{meeting.pk}"' in agenda.content.decode()
        feed = client_as(None).get(reverse("fairs:feed", args=[participant.feed_token]))
        body = feed.content.decode()
        assert feed["Content-Type"].startswith("text/calendar")
        assert f"UID:fair-meeting-{request.pk}@smart-county-exchange" in body
        assert "STATUS:CONFIRMED" in body
        pdf = client.get(reverse("fairs:agenda-pdf", args=[participant.pk]))
        assert pdf.content.startswith(b"%PDF")
    desk = organiser.get(reverse("fairs:room-overview", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Suzhou Yuntu Mobility ↔ Shuyang Data Bureau" in desk.content.decode()
    cards = organiser.get(reverse("fairs:table-cards", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Table A厅 1" in cards.content.decode()
    with time_machine.travel(meeting.slot.end, tick=False):
        firm_client.post(
            reverse("fairs:outcome", args=[meeting.pk, company.pk]), {"outcome": "intention", "value": "120万"}
        )
        county_client.post(reverse("fairs:outcome", args=[meeting.pk, county.pk]), {"outcome": "invited"})
    assert dict(MeetingOutcome.objects.values_list("participant_id", "value")) == {
        company.pk: 1_200_000,
        county.pk: None,
    }


def test_a_viewer_cannot_answer(client_as, sides, dave, bob, county, pat, event):
    request = services.request_create(actor=dave, requester=sides[1], recipient=sides[0], purpose="洽谈")
    response = client_as(bob).post(reverse("fairs:request-answer", args=[request.pk]), {"answer": "accept"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.PENDING


def test_the_feed_of_an_unknown_token_is_404(client_as):
    assert client_as(None).get(reverse("fairs:feed", args=["nope"])).status_code == 404


def test_bad_outcome_value_is_refused_and_nothing_saved(client_as, sides, dave, charlie, pat, event):
    request = services.request_create(actor=dave, requester=sides[1], recipient=sides[0], purpose="洽谈")
    services.request_answer(actor=charlie, request=request, answer="accept")
    services.schedule_run(actor=pat, event=event)
    meeting = Meeting.objects.get()
    with time_machine.travel(meeting.slot.end, tick=False):
        response = client_as(dave).post(
            reverse("fairs:outcome", args=[meeting.pk, sides[1].pk]),
            {"outcome": "intention", "value": "很多"},
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
    assert "Enter an amount in yuan" in response.content.decode()
    assert MeetingOutcome.objects.count() == 0


def test_a_cancelled_event_is_gone_for_the_public_but_not_for_its_organiser(client, client_as, pat, event):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    url = reverse("fairs:event-detail", args=[event.pk])
    assert client.get(url).status_code == 404
    assert event.title_zh not in client.get(reverse("fairs:event-list")).content.decode()
    assert client_as(pat).get(url).status_code == 200
