"""The fairs API: the same rules as the pages."""

from __future__ import annotations

import pytest
import time_machine

from fairs import services
from fairs.models import Meeting
from tests.factories import proposal_factories as pf

pytestmark = pytest.mark.django_db


def test_anonymous_sees_events_and_programme_only(api_as, event, sides):
    client = api_as(None)
    events = client.get("/api/v1/fair-events/").json()
    assert [e["title_zh"] for e in events["results"]] == ["苏南苏北供需对接会"]
    assert client.get(f"/api/v1/fair-events/{event.pk}/programme/").json() == []
    assert client.get("/api/v1/fair-participants/").status_code in (401, 403)
    assert client.get("/api/v1/meetings/").status_code in (401, 403)


def test_request_answer_schedule_outcome(api_as, event, sides, dave, charlie, pat, erin, pair):
    county, company = sides
    created = api_as(dave).post(
        "/api/v1/meeting-requests/",
        {"requester": company.pk, "recipient": county.pk, "purpose": "演示会诊平台"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["score"] == 0.8
    rid = created.json()["id"]
    assert api_as(erin).get(f"/api/v1/meeting-requests/{rid}/").status_code == 404
    assert api_as(dave).post(f"/api/v1/meeting-requests/{rid}/answer/", {"answer": "accept"}).status_code == 403
    answered = api_as(charlie).post(f"/api/v1/meeting-requests/{rid}/answer/", {"answer": "accept"})
    assert answered.json()["status"] == "accepted"
    assert api_as(dave).post(f"/api/v1/fair-events/{event.pk}/schedule/").status_code == 403
    run = api_as(pat).post(f"/api/v1/fair-events/{event.pk}/schedule/").json()
    assert (run["scheduled"], run["method"], run["gap"]) == (1, "exact", 0.0)
    meetings = api_as(dave).get("/api/v1/meetings/").json()["results"]
    assert len(meetings) == 1
    assert api_as(erin).get("/api/v1/meetings/").json()["results"] == []
    meeting = Meeting.objects.get()
    with time_machine.travel(meeting.slot.end, tick=False):
        bad = api_as(dave).post(
            f"/api/v1/meetings/{meeting.pk}/outcome/", {"participant": company.pk, "outcome": "no_fit", "value": 5}
        )
        assert bad.status_code == 400
        good = api_as(dave).post(
            f"/api/v1/meetings/{meeting.pk}/outcome/",
            {"participant": company.pk, "outcome": "intention", "value": 800000},
        )
        assert good.status_code == 201
        assert good.json()["value"] == 800000


def test_bad_request_input_is_a_400_and_nothing_saved(api_as, sides, dave):
    response = api_as(dave).post("/api/v1/meeting-requests/", {"requester": sides[1].pk, "recipient": "x"})
    assert response.status_code == 400
    assert services.MeetingRequest.objects.count() == 0


def test_request_about_a_third_partys_scenario_is_a_400(api_as, sides, dave, county, pair):
    """The page names only a scenario or solution of the two sides; the API is held to that: another county's
    scenario would carry that county's verdict when the meeting's outcome is recorded."""
    elsewhere = pf.scenario(owner=county, title="别县的场景")
    response = api_as(dave).post(
        "/api/v1/meeting-requests/",
        {"requester": sides[1].pk, "recipient": sides[0].pk, "purpose": "洽谈", "scenario": elsewhere.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"scenario": ["Choose a scenario of the county office in this meeting."]}
    assert services.MeetingRequest.objects.count() == 0
