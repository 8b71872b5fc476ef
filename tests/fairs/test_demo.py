"""The demo fairs tell a consistent story: the past fair was held (meetings in the past, outcomes recorded after
they started), the upcoming one has registration and requests open and no meetings yet."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from fairs.demo import PAST_TITLE, UPCOMING_TITLE
from fairs.models import Event, Meeting, MeetingOutcome, MeetingRequest


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    return timezone.now()


def test_demo_fairs_agree_with_their_dates(seeded):
    now = seeded
    past = Event.objects.get(title_zh=PAST_TITLE)
    assert past.status == Event.Status.SCHEDULED
    assert past.requests_close < past.slots.first().start < now
    meetings = Meeting.objects.filter(event=past, status=Meeting.Status.SCHEDULED).select_related("slot")
    assert meetings.count() >= 5
    assert all(m.slot.end <= now for m in meetings)
    outcomes = MeetingOutcome.objects.filter(meeting__event=past).select_related("meeting__slot")
    assert outcomes.filter(outcome="intention", value__gt=0).exists()
    assert [o.pk for o in outcomes if o.recorded_at < o.meeting.slot.start or o.recorded_at > now] == []
    assert not MeetingRequest.objects.filter(event=past, status=MeetingRequest.Status.PENDING).exists()

    upcoming = Event.objects.get(title_zh=UPCOMING_TITLE)
    assert upcoming.registration_open(now) and upcoming.requests_open(now)
    assert upcoming.slots.first().start > now
    assert not Meeting.objects.filter(event=upcoming).exists()
    assert MeetingRequest.objects.filter(event=upcoming, status=MeetingRequest.Status.PENDING).exists()


def test_seeding_twice_changes_nothing(seeded):
    before = (Event.objects.count(), Meeting.objects.count(), MeetingOutcome.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Event.objects.count(), Meeting.objects.count(), MeetingOutcome.objects.count()) == before


def test_the_demo_fair_feeds_the_gap_monitor(seeded):
    # seed_demo refreshes the snapshots after the fairs demo: the past fair's meetings and its two signed
    # intentions (苏南 firm ↔ 苏北 county, 苏中 county ↔ 苏南 firm) are in the zone figures and the zone pairs.
    from insights.models import IndicatorSnapshot
    from insights.selectors import latest_month

    month = latest_month()

    def zones(code: str) -> dict[str, float]:
        rows = IndicatorSnapshot.objects.filter(indicator=code, level="zone", month=month)
        return dict(rows.values_list("area", "value"))

    held = Meeting.objects.filter(event__title_zh=PAST_TITLE, status=Meeting.Status.SCHEDULED).count()
    assert sum(zones("fair_meetings").values()) == held >= 5
    assert sum(zones("fair_intentions").values()) == 2
    assert zones("fair_intentions_south_suppliers") == {"south": 0, "centre": 1, "north": 1}
